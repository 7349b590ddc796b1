package diag

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"onedoor/internal/testkit"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader in different goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits up to 10 s for cond.
func waitFor(t *testing.T, what string, cond func() bool) {
	testkit.Until(t, what, 10*time.Second, cond)
}

// simulator runs a sim-* command in the background; console writes to its stdin.
type simulator struct {
	out     *syncBuffer
	console *io.PipeWriter
}

func (s *simulator) send(t *testing.T, line string) {
	t.Helper()
	before := strings.Count(s.out.String(), "\n")
	if _, err := io.WriteString(s.console, line+"\n"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the simulator to answer "+line, func() bool { return strings.Count(s.out.String(), "\n") > before })
}

func startSim(t *testing.T, run func(context.Context, []string, Stdio) int, args ...string) *simulator {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	in, console := io.Pipe()
	s := &simulator{out: &syncBuffer{}, console: console}
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, Stdio{In: in, Out: s.out, Err: io.Discard}) }()
	t.Cleanup(func() {
		cancel()
		console.Close()
		if code := <-done; code != ExitOK {
			t.Errorf("simulator exited %d", code)
		}
	})
	waitFor(t, "the simulator to start", func() bool { return strings.Contains(s.out.String(), "commands:") })
	return s
}

type result struct {
	code     int
	out, err string
}

func call(run func(context.Context, []string, Stdio) int, args ...string) result {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, Stdio{Out: &out, Err: &errb})
	return result{code, out.String(), errb.String()}
}

func TestProbeReaderAgainstSimulator(t *testing.T) {
	link := filepath.Join(t.TempDir(), "ttyIDCARD")
	sim := startSim(t, SimReader, "-link", link, "-place", "resident")

	r := call(ProbeReader, "-port", link, "-wait", "5s")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	var card map[string]any
	if err := json.Unmarshal([]byte(r.out), &card); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, r.out)
	}
	if card["id_number"] != "110***********1233" || card["type"] != "resident" || card["masked"] != true ||
		strings.Contains(r.out, "测试胡同") || strings.Contains(r.out, "110101199003071233") {
		t.Errorf("masked output wrong:\n%s", r.out)
	}

	sim.send(t, "remove")
	sim.send(t, "place gat")
	r = call(ProbeReader, "-port", link, "-wait", "5s", "-show-personal")
	if r.code != ExitOK || !strings.Contains(r.out, `"810000198808150026"`) || !strings.Contains(r.out, "示例路88号") ||
		!strings.Contains(r.out, `"H00000000"`) {
		t.Errorf("-show-personal: exit %d\n%s%s", r.code, r.out, r.err)
	}

	for _, tc := range []struct {
		setup []string
		args  []string
		want  string
	}{
		{[]string{"remove"}, []string{"-wait", "300ms"}, "no card read within 300ms"},
		{[]string{"place badcheck"}, nil, "its data is not valid"},
		{[]string{"fault sam"}, nil, "security module (SAM) is faulty"},
		{[]string{"fault noanswer"}, nil, "no answer from a reader"},
	} {
		for _, line := range tc.setup {
			sim.send(t, line)
		}
		r := call(ProbeReader, append([]string{"-port", link, "-wait", "3s"}, tc.args...)...)
		if r.code != ExitFault || !strings.Contains(r.err, tc.want) || r.out != "" {
			t.Errorf("after %v: exit %d, stderr %q; want exit 1 and %q", tc.setup, r.code, r.err, tc.want)
		}
		sim.send(t, "remove")
	}
	if r := call(ProbeReader, "-port", filepath.Join(t.TempDir(), "nothing")); r.code != ExitFault || !strings.Contains(r.err, "cannot use the reader's port") {
		t.Errorf("missing port: exit %d, %q", r.code, r.err)
	}
	if r := call(ProbeReader); r.code != ExitUsage {
		t.Errorf("no -port: exit %d", r.code)
	}
}

func TestTestPrintAgainstSimulator(t *testing.T) {
	dir := t.TempDir()
	link, out := filepath.Join(dir, "ttyPRINTER"), filepath.Join(dir, "printed")
	sim := startSim(t, SimPrinter, "-link", link, "-out", out)

	preview := filepath.Join(dir, "preview.png")
	r := call(TestPrint, "-port", link, "-url", "https://q.example.gov.cn/t/TEST", "-preview", preview)
	if r.code != ExitOK || !strings.Contains(r.out, "ready") || !strings.Contains(r.out, "sample ticket T001 sent") {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	waitFor(t, "the ticket's PNG", func() bool { _, err := os.Stat(filepath.Join(out, "ticket-0001.png")); return err == nil })
	if _, err := os.Stat(preview); err != nil {
		t.Errorf("no preview: %v", err)
	}
	if zbar := lookTool(t, "zbarimg", "zbar-tools"); zbar != "" {
		got, err := exec.Command(zbar, "-q", "--raw", filepath.Join(out, "ticket-0001.png")).Output()
		if err != nil || strings.TrimSpace(string(got)) != "https://q.example.gov.cn/t/TEST" {
			t.Errorf("QR code of the printed ticket reads %q (%v)", got, err)
		}
	}

	for _, tc := range []struct{ set, want string }{
		{"paper out", "out of paper"},
		{"cover open", "cover is open"},
	} {
		sim.send(t, tc.set)
		r := call(TestPrint, "-port", link)
		if r.code != ExitFault || !strings.Contains(r.err, tc.want) {
			t.Errorf("%s: exit %d, %q", tc.set, r.code, r.err)
		}
		sim.send(t, "paper ok")
		sim.send(t, "cover close")
	}
	sim.send(t, "printed")
	if !strings.Contains(sim.out.String(), "1 printed, 0 lost") {
		t.Errorf("the faulted prints reached the paper:\n%s", sim.out.String())
	}
	for _, args := range [][]string{nil, {"-port", link, "-tcp", "x"}, {"-port", link, "-paper", "70"}} {
		if r := call(TestPrint, args...); r.code != ExitUsage {
			t.Errorf("%v: exit %d", args, r.code)
		}
	}
	if r := call(TestPrint, "-port", filepath.Join(dir, "nothing")); r.code != ExitFault || !strings.Contains(r.err, "cannot reach the printer") {
		t.Errorf("missing port: exit %d, %q", r.code, r.err)
	}
}

func TestTestPrintOverTCP(t *testing.T) {
	out := filepath.Join(t.TempDir(), "printed")
	sim := startSim(t, SimPrinter, "-tcp", "127.0.0.1:0", "-out", out, "-paper", "58")
	addr := regexp.MustCompile(`listening on (\S+);`).FindStringSubmatch(sim.out.String())
	if addr == nil {
		t.Fatalf("no address in %q", sim.out.String())
	}
	r := call(TestPrint, "-tcp", addr[1], "-paper", "58")
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	waitFor(t, "the ticket's PNG", func() bool { _, err := os.Stat(filepath.Join(out, "ticket-0001.png")); return err == nil })
}

// lookTool finds an external program; without it the check is left out, or the test
// fails under CI, where `make deps` must have installed it.
func lookTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil && os.Getenv("CI") != "" {
		t.Fatalf("%s not found (Debian package %s): `make deps` should have installed it", name, pkg)
	}
	if err != nil {
		t.Logf("%s not found (Debian package %s): QR check left out", name, pkg)
	}
	return path
}
