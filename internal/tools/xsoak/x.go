package xsoak

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Display is an Xvfb server with its framebuffer in a file.
type Display struct {
	// Name is the DISPLAY value, e.g. ":57".
	Name string
	// FB is the screen, mapped from Xvfb's -fbdir file.
	FB  *Framebuffer
	cmd *exec.Cmd
}

// Tools reports what is missing of the programs a soak needs (Xvfb, xdotool), empty
// when all are there.
func Tools() []string {
	var missing []string
	for _, p := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(p); err != nil {
			missing = append(missing, p)
		}
	}
	return missing
}

// StartXvfb starts Xvfb on a free display number with one 1920×1080×24 screen whose
// framebuffer is a file in dir, and waits until it accepts clients.
func StartXvfb(ctx context.Context, dir string) (*Display, error) {
	var lastErr error
	for try := 0; try < 5; try++ {
		n := 50 + (os.Getpid()+try*7)%400
		d, err := startXvfb(ctx, dir, n)
		if err == nil {
			return d, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func startXvfb(ctx context.Context, dir string, n int) (*Display, error) {
	if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
		return nil, fmt.Errorf("xvfb: display :%d is taken", n)
	}
	name := fmt.Sprintf(":%d", n)
	var errb bytes.Buffer
	cmd := exec.CommandContext(ctx, "Xvfb", name, "-screen", "0", "1920x1080x24", "-fbdir", dir, "-nolisten", "tcp", "-noreset")
	cmd.Stderr = &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("xvfb: %w", err)
	}
	d := &Display{Name: name, cmd: cmd}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cmd.ProcessState != nil {
			break
		}
		if xReady(name) {
			fb, err := OpenFramebuffer(filepath.Join(dir, "Xvfb_screen0"))
			if err == nil {
				d.FB = fb
				return d, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	d.Close()
	return nil, fmt.Errorf("xvfb %s did not start: %s", name, strings.TrimSpace(errb.String()))
}

// xReady tells whether display name answers xdotool.
func xReady(name string) bool {
	cmd := exec.Command("xdotool", "getdisplaygeometry")
	cmd.Env = append(os.Environ(), "DISPLAY="+name)
	return cmd.Run() == nil
}

// Close stops Xvfb.
func (d *Display) Close() {
	if d.FB != nil {
		_ = d.FB.Close()
	}
	if d.cmd.Process != nil {
		_ = d.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = d.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			_ = d.cmd.Process.Kill()
			<-done
		}
	}
}

// Env is the environment for a program on this display.
func (d *Display) Env() []string {
	return append(os.Environ(), "DISPLAY="+d.Name)
}

// xdotool runs xdotool on the display.
func (d *Display) xdotool(args ...string) (string, error) {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = d.Env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("xdotool %s: %w: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return string(out), nil
}

// Move puts the pointer at (x, y) on the screen.
func (d *Display) Move(x, y int) error {
	_, err := d.xdotool("mousemove", strconv.Itoa(x), strconv.Itoa(y))
	return err
}

// Click presses and releases the left button where the pointer is. --delay 0: by
// default xdotool sleeps 100 ms after a click before it exits, which a measurement
// started before the click and polled after it counted as the screen's (every tap
// measured ≥ 100 ms).
func (d *Display) Click() error {
	_, err := d.xdotool("click", "--delay", "0", "1")
	return err
}

// Async starts do (a click, a key) in the background and returns the wait for its
// error: a soak polls the framebuffer at once, so a change drawn while xdotool is still
// running is seen when it is drawn, not when xdotool has exited.
func Async(do func() error) (wait func() error) {
	done := make(chan error, 1)
	go func() { done <- do() }()
	return func() error { return <-done }
}

// Wheel turns the wheel down (n > 0) or up (n < 0) n notches where the pointer is.
func (d *Display) Wheel(n int) error {
	b := "5"
	if n < 0 {
		b, n = "4", -n
	}
	_, err := d.xdotool("click", "--repeat", strconv.Itoa(n), "--delay", "30", b)
	return err
}

// Key types a key by its X name (F1, Return, Tab), to the window with the focus.
func (d *Display) Key(name string) error {
	_, err := d.xdotool("key", name)
	return err
}

// Type types text to the window with the focus.
func (d *Display) Type(text string) error {
	_, err := d.xdotool("type", "--delay", "20", text)
	return err
}

// WaitWindow waits for a window whose name contains name and returns its position on
// the screen.
func (d *Display) WaitWindow(name string, timeout time.Duration) (x, y int, err error) {
	deadline := time.Now().Add(timeout)
	for {
		out, err := d.xdotool("search", "--onlyvisible", "--name", name, "getwindowgeometry", "--shell")
		if err == nil {
			vals := map[string]int{}
			for _, line := range strings.Fields(out) {
				if k, v, ok := strings.Cut(line, "="); ok {
					vals[k], _ = strconv.Atoi(v)
				}
			}
			if vals["WIDTH"] > 0 {
				return vals["X"], vals["Y"], nil
			}
		}
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("no window %q after %v: %v", name, timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
