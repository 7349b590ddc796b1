package app

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"onedoor/internal/testkit"
	"onedoor/server/internal/store"
)

// TestRealHallAsInReadme walks the README's "Set up a real hall" as written: the
// server built and started by the section's first block on an empty data folder with
// no -demo, then the second block run by sh with every curl failing on an HTTP error —
// the setup token, the first admin, a window, a clerk with a generated PIN, a kiosk
// token, a ticket called and finished. Only the port is changed, to a free one.
func TestRealHallAsInReadme(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	testkit.NeedTool(t, "curl", "curl")
	blocks := readmeSetupBlocks(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := testkit.BuildServer(filepath.Join(dir, "bin")); err != nil {
		t.Fatal(err)
	}
	addr := freeLoopbackAddr(t)
	port := func(s string) string { return strings.ReplaceAll(s, "127.0.0.1:8080", addr) }

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	server := exec.CommandContext(ctx, "sh", "-c", "exec "+port(blocks[0]))
	server.Dir = dir
	var serverOut testkit.Buffer
	server.Stdout, server.Stderr = &serverOut, &serverOut
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); _ = server.Wait() }()
	testkit.Until(t, "the server listening with its setup token written", 60*time.Second, func() bool {
		_, err := os.Stat(filepath.Join(dir, "data", store.SetupFile))
		c, derr := net.Dial("tcp", addr)
		if derr == nil {
			c.Close()
		}
		return err == nil && derr == nil
	})

	// The README's curls answer errors with a body and exit 0; here an HTTP error stops
	// the walk (sh -e), so a step that fails cannot go unseen.
	script := "set -e\ncurl() { command curl --fail-with-body \"$@\"; echo; }\n" + port(blocks[1])
	walk := exec.CommandContext(ctx, "sh", "-c", script)
	walk.Dir = dir
	out, err := walk.CombinedOutput()
	if err != nil {
		t.Fatalf("the README's set-up failed: %v\n%s\nserver:\n%s", err, out, serverOut.String())
	}
	for _, want := range []string{
		"admin admin (陈主任) created",  // the setup command
		`"number":1`,                 // the window
		`"state":"called"`,           // the call
		`"state":"done"`,             // the finish
		`"kind":"supplement_notice"`, // and its document
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the walk's output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(serverOut.String(), "123456") {
		t.Error("the server printed the demo PIN on a real hall")
	}
	// The token is used up: the same command again is refused.
	again := exec.CommandContext(ctx, "sh", "-c", port("./bin/server setup -url http://127.0.0.1:8080 -data ./data -id admin2 -name '王' -pin 583921"))
	again.Dir = dir
	if out, err := again.CombinedOutput(); err == nil {
		t.Errorf("a second setup succeeded:\n%s", out)
	}
}

// readmeSetupBlocks returns the two sh blocks of the README's "Set up a real hall".
func readmeSetupBlocks(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Set up a real hall\n")
	if !ok {
		t.Fatal(`README has no "## Set up a real hall"`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var blocks []string
	for {
		_, rest, ok := strings.Cut(section, "```sh\n")
		if !ok {
			break
		}
		block, after, ok := strings.Cut(rest, "```")
		if !ok {
			t.Fatal("an sh block in the README is not closed")
		}
		blocks = append(blocks, block)
		section = after
	}
	if len(blocks) != 2 {
		t.Fatalf("the set-up section has %d sh blocks, want 2 (start the server; set up the hall)", len(blocks))
	}
	return blocks
}

// freeLoopbackAddr returns a loopback address with a port free a moment ago.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}
