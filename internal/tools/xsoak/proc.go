package xsoak

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Proc is a child process whose standard error (and output) go to a log file.
type Proc struct {
	Cmd  *exec.Cmd
	Log  string // the log file's path
	done chan struct{}
}

// Start runs bin with args and env, writing its stdout and stderr to dir/name.log. Its
// stdin is stdin (nil: none).
func Start(dir, name string, env []string, stdin io.Reader, bin string, args ...string) (*Proc, error) {
	path := filepath.Join(dir, name+".log")
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr, cmd.Stdin = env, f, f, stdin
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &Proc{Cmd: cmd, Log: path, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); f.Close(); close(p.done) }()
	return p, nil
}

// Pid is the process's id.
func (p *Proc) Pid() int { return p.Cmd.Process.Pid }

// Exited reports whether the process has ended.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Stop ends the process: SIGTERM, then SIGKILL after 5 s.
func (p *Proc) Stop() {
	if p.Exited() {
		return
	}
	_ = p.Cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.Cmd.Process.Kill()
		<-p.done
	}
}

// Tail returns the last n lines of the log.
func (p *Proc) Tail(n int) string {
	b, _ := os.ReadFile(p.Log)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// WaitLog waits until the log has a line containing want after byte offset from, and
// returns that line and the offset after it.
func (p *Proc) WaitLog(from int64, want string, timeout time.Duration) (string, int64, error) {
	return p.WaitLine(from, want, func(l string) bool { return strings.Contains(l, want) }, timeout)
}

// WaitLine waits until the log has a line that match accepts after byte offset from
// (what names it in errors), and returns that line and the offset after it.
func (p *Proc) WaitLine(from int64, what string, match func(string) bool, timeout time.Duration) (string, int64, error) {
	want := what
	deadline := time.Now().Add(timeout)
	for {
		line, next, ok := findLine(p.Log, from, match)
		if ok {
			return line, next, nil
		}
		if time.Now().After(deadline) || p.Exited() {
			return "", from, fmt.Errorf("%s: no %q in its log after %v; last lines:\n%s", filepath.Base(p.Log), want, timeout, p.Tail(15))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Size is the log's current length, to wait for what comes after it.
func (p *Proc) Size() int64 {
	st, err := os.Stat(p.Log)
	if err != nil {
		return 0
	}
	return st.Size()
}

func findLine(path string, from int64, match func(string) bool) (string, int64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", from, false
	}
	defer f.Close()
	if _, err := f.Seek(from, io.SeekStart); err != nil {
		return "", from, false
	}
	r := bufio.NewReader(f)
	off := from
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", from, false // an unfinished line is read again next time
		}
		off += int64(len(line))
		if match(line) {
			return line, off, true
		}
	}
}

// Server is the onedoor server run with the demo seed on a loopback port, its data
// in a temporary folder.
type Server struct {
	*Proc
	URL, KioskToken string
}

// StartServer runs bin -demo on 127.0.0.1:0 with its data in dir/data.
func StartServer(dir, bin string) (*Server, error) {
	p, err := Start(dir, "server", os.Environ(), nil, bin, "-demo", "-addr", "127.0.0.1:0", "-data", filepath.Join(dir, "data"))
	if err != nil {
		return nil, err
	}
	s := &Server{Proc: p}
	line, _, err := p.WaitLog(0, "onedoor server on ", 60*time.Second)
	if err != nil {
		p.Stop()
		return nil, err
	}
	s.URL = strings.TrimSpace(strings.TrimPrefix(line, "onedoor server on "))
	line, _, err = p.WaitLog(0, "demo kiosk token: ", 10*time.Second)
	if err != nil {
		p.Stop()
		return nil, err
	}
	s.KioskToken = strings.TrimSpace(strings.TrimPrefix(line, "demo kiosk token: "))
	return s, nil
}

// Console is a writer to a child's standard input through a pipe, safe for
// concurrent use.
type Console struct {
	mu sync.Mutex
	w  io.WriteCloser
}

// NewConsole returns the reading end for the child and the console for us.
func NewConsole() (*os.File, *Console, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	return r, &Console{w: w}, nil
}

// Say writes one command line.
func (c *Console) Say(line string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := io.WriteString(c.w, line+"\n")
	return err
}

// Close closes the pipe.
func (c *Console) Close() error { return c.w.Close() }
