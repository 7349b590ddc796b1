package idcard_test

import (
	"context"
	"errors"
	"net"
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
