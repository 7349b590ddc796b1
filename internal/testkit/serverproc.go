package testkit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
)

// BuildServer builds onedoor's server into dir and returns the binary's path: tests
// that run the server as a child process build it once in their TestMain.
func BuildServer(dir string) (string, error) {
	bin := filepath.Join(dir, "server")
	if out, err := exec.Command("go", "build", "-o", bin, "onedoor/server").CombinedOutput(); err != nil {
		return "", fmt.Errorf("build the server: %w\n%s", err, out)
	}
	return bin, nil
}

// StartServer starts cmd, a server process (the built binary, or a test binary that
// runs the server), and reads its standard output until it has printed its address
// and the demo kiosk's token; the rest of the output is read and dropped. A server
// that ends or stops printing first is killed and reaped, and the error says so. The
// caller owns the running process (cmd.Process) and stops it.
func StartServer(cmd *exec.Cmd) (url, token string, err error) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", "", fmt.Errorf("start the server: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return "", "", fmt.Errorf("start the server: %w", err)
	}
	lines := bufio.NewScanner(out)
	for (url == "" || token == "") && lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "onedoor server on "); ok {
			url = strings.TrimSpace(rest)
		}
		if rest, ok := strings.CutPrefix(lines.Text(), "demo kiosk token: "); ok {
			token = strings.TrimSpace(rest)
		}
	}
	if url == "" || token == "" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return "", "", errors.New("the server ended before it printed its address and kiosk token")
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return url, token, nil
}
