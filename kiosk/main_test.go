package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"onedoor/internal/testkit"
	"onedoor/kiosk/internal/diag"
)

func TestRunDispatch(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, diag.ExitUsage, "-token is required"},
		{[]string{"-lang", "fr", "-token", "t"}, diag.ExitUsage, "want zh or en"},
		{[]string{"help"}, diag.ExitOK, "probe-reader"},
		{[]string{"dance"}, diag.ExitUsage, `unknown command "dance"`},
		{[]string{"test-print"}, diag.ExitUsage, "exactly one of -port, -tcp and -device"},
		{[]string{"probe-reader", "-h"}, diag.ExitOK, "-show-personal"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), tc.args, diag.Stdio{Out: &out, Err: &errb})
		if code != tc.code || !strings.Contains(errb.String()+out.String(), tc.want) {
			t.Errorf("kiosk %v: exit %d, %q; want %d and %q", tc.args, code, errb.String(), tc.code, tc.want)
		}
	}
}

// process is a simulator started from the built binary.
type process struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	mu    sync.Mutex
	lines []string
}

func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// send types a command into the simulator and waits for its answer.
func (p *process) send(t *testing.T, line string) {
	t.Helper()
	n := len(strings.Split(p.output(), "\n"))
	if _, err := io.WriteString(p.stdin, line+"\n"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "an answer to "+line, func() bool { return len(strings.Split(p.output(), "\n")) > n })
}

func start(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, args...)}
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.mu.Lock()
			p.lines = append(p.lines, sc.Text())
			p.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(os.Interrupt)
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("%s: %v", args[0], err)
		}
	})
	waitFor(t, args[0]+" to start", func() bool { return strings.Contains(p.output(), "commands:") })
	return p
}

// waitFor waits up to 15 s for cond.
func waitFor(t *testing.T, what string, cond func() bool) {
	testkit.Until(t, what, 15*time.Second, cond)
}

// TestReadmeWalkthrough builds the kiosk binary and runs the installers' walkthrough of
// kiosk/internal/diag/README.md against the simulators, as separate processes.
func TestReadmeWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "kiosk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	kiosk := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), out.String(), errb.String()
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, out.String(), errb.String()
	}

	reader := filepath.Join(dir, "onedoor-idcard")
	sr := start(t, bin, "sim-reader", "-link", reader, "-place", "resident")
	code, out, errs := kiosk("probe-reader", "-port", reader, "-wait", "5s")
	var card struct{ Type, Name, Address, IDNumber string }
	_ = json.Unmarshal([]byte(strings.ReplaceAll(out, `"id_number"`, `"idnumber"`)), &card)
	if code != 0 || card.Type != "resident" || card.Name != "李测试" || card.IDNumber != "110***********1233" ||
		card.Address != "北京市东城区**********" {
		t.Errorf("probe-reader: exit %d\n%s%s", code, out, errs)
	}
	for _, key := range []string{"gat", "foreign", "foreign2023"} {
		sr.send(t, "remove")
		sr.send(t, "place "+key)
		if code, out, errs := kiosk("probe-reader", "-port", reader, "-wait", "5s"); code != 0 || !strings.Contains(out, `"type"`) {
			t.Errorf("probe-reader on %s: exit %d\n%s%s", key, code, out, errs)
		}
	}
	sr.send(t, "remove")
	sr.send(t, "place badcheck")
	if code, _, errs := kiosk("probe-reader", "-port", reader, "-wait", "5s"); code != 1 || !strings.Contains(errs, "the card was read but its data is not valid") {
		t.Errorf("bad card: exit %d, %s", code, errs)
	}
	sr.send(t, "fault sam")
	if code, _, errs := kiosk("probe-reader", "-port", reader); code != 1 || !strings.Contains(errs, "security module (SAM) is faulty") {
		t.Errorf("SAM fault: exit %d, %s", code, errs)
	}

	printer, printed := filepath.Join(dir, "onedoor-printer"), filepath.Join(dir, "printed")
	sp := start(t, bin, "sim-printer", "-link", printer, "-out", printed)
	if code, out, errs := kiosk("test-print", "-port", printer); code != 0 || !strings.Contains(out, "sent") {
		t.Errorf("test-print: exit %d\n%s%s", code, out, errs)
	}
	waitFor(t, "the printed ticket", func() bool {
		_, err := os.Stat(filepath.Join(printed, "ticket-0001.png"))
		return err == nil
	})
	sp.send(t, "paper out")
	if code, _, errs := kiosk("test-print", "-port", printer); code != 1 || !strings.Contains(errs, "out of paper") {
		t.Errorf("paper out: exit %d, %s", code, errs)
	}
}
