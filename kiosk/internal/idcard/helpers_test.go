package idcard_test

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"testing"
	"time"

	"onedoor/kiosk/internal/idcard"
	"onedoor/kiosk/internal/idcard/sim"
)

// pipePort is one end of a net.Pipe behaving like a serial port: Read returns (0, nil)
// when its timeout passes with nothing to read.
type pipePort struct {
	net.Conn
	timeout time.Duration
}

func (p *pipePort) SetReadTimeout(d time.Duration) error { p.timeout = d; return nil }

func (p *pipePort) Read(b []byte) (int, error) {
	if err := p.Conn.SetReadDeadline(time.Now().Add(p.timeout)); err != nil {
		return 0, err
	}
	n, err := p.Conn.Read(b)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return n, nil
	}
	return n, err
}

// newPipeSim starts a simulator with the sample cards and returns it with an Open
// function for idcard.Config: every call plugs a fresh cable into the same simulator.
func newPipeSim(t *testing.T, keepFinding bool) (*sim.Sim, func() (idcard.Port, error)) {
	t.Helper()
	s, err := sim.New(sim.Config{Cards: sim.SampleCards(), KeepFinding: keepFinding})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	open := func() (idcard.Port, error) {
		host, dev := net.Pipe()
		go func() { _ = s.Serve(ctx, dev) }()
		return &pipePort{Conn: host, timeout: time.Second}, nil
	}
	return s, open
}

// sampleCard returns the spec of a built-in sample card.
func sampleCard(t *testing.T, key string) sim.CardSpec {
	t.Helper()
	for _, c := range sim.SampleCards() {
		if c.Key == key {
			return c
		}
	}
	t.Fatalf("no sample card %q", key)
	return sim.CardSpec{}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// needTool finds an external program; without it the test is skipped, or fails under
// CI, where `make deps` must have installed it.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found (Debian package %s): `make deps` should have installed it", name, pkg)
	}
	t.Skipf("%s not found; install Debian package %s to run this test", name, pkg)
	return ""
}
