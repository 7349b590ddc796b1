package idcard_test

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"go.bug.st/serial"

	"onedoor/internal/testkit"
	"onedoor/kiosk/internal/diag/vport"
	"onedoor/kiosk/internal/idcard"
	"onedoor/kiosk/internal/idcard/sim"
)

// plugSim opens a pseudo-terminal published at link and serves s on it until the
// returned unplug function is called (or the test ends).
func plugSim(t *testing.T, s *sim.Sim, link string) (unplug func()) {
	t.Helper()
	vp, err := vport.Open(link)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Serve(ctx, vp) }()
	unplug = func() { cancel(); <-done; _ = vp.Close() }
	t.Cleanup(unplug)
	return unplug
}

// TestEndToEndOverPTY runs the simulator on one side of a real pseudo-terminal and the
// real Reader, through go.bug.st/serial, on the other.
func TestEndToEndOverPTY(t *testing.T) {
	s, err := sim.New(sim.Config{Cards: sim.SampleCards()})
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "ttyIDCARD")
	plugSim(t, s, link)
	r := idcard.NewReader(idcard.Config{Port: link})
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := r.SAMStatus(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		key string
		typ idcard.CardType
	}{{"resident", idcard.Resident}, {"gat", idcard.GAT}, {"foreign", idcard.Foreign}, {"foreign2023", idcard.Foreign23}} {
		if err := s.Place(tc.key); err != nil {
			t.Fatal(err)
		}
		c, err := r.Next(ctx)
		if err != nil {
			t.Fatalf("%s: %v", tc.key, err)
		}
		if c.Type != tc.typ || c.IDNumber != sampleCard(t, tc.key).Fields["id_number"] || len(c.Photo) != 1024 {
			t.Errorf("%s: read type %v, photo %d bytes", tc.key, c.Type, len(c.Photo))
		}
	}
	for _, tc := range []struct {
		fault sim.Fault
		want  error
	}{
		{sim.FaultChecksum, idcard.ErrChecksum}, {sim.FaultNoAnswer, idcard.ErrNoAnswer},
		{sim.FaultSAM, idcard.ErrSAMFault}, {sim.FaultReadFailed, idcard.ErrReadFailed},
		{sim.FaultGarbage, nil},
	} {
		if err := s.Place("resident"); err != nil {
			t.Fatal(err)
		}
		s.Inject(tc.fault)
		_, err := r.ReadCard(ctx)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("fault %d: err %v, want %v", tc.fault, err, tc.want)
		}
		if tc.want == nil {
			continue
		}
		if c, err := r.ReadCard(ctx); err != nil || c.Type != idcard.Resident {
			t.Errorf("fault %d: the next card failed: %v", tc.fault, err)
		}
	}
	if err := s.Place("badcheck"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(ctx); !errors.Is(err, idcard.ErrInvalidCard) {
		t.Errorf("bad check digit: %v, want ErrInvalidCard", err)
	}
}

// TestReaderReopensAfterUnplug pulls the virtual cable out and plugs a new one in at the
// same path: the Reader must notice and carry on.
func TestReaderReopensAfterUnplug(t *testing.T) {
	s, err := sim.New(sim.Config{Cards: sim.SampleCards()})
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "ttyIDCARD")
	unplug := plugSim(t, s, link)
	var healthFaults atomic.Int32
	r := idcard.NewReader(idcard.Config{Port: link, PollInterval: 20 * time.Millisecond,
		OnHealth: func(err error) {
			if err != nil {
				healthFaults.Add(1)
			}
		}})
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.Place("resident"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(ctx); err != nil {
		t.Fatal(err)
	}
	unplug()
	if _, err := r.ReadCard(ctx); !errors.Is(err, idcard.ErrIO) {
		t.Fatalf("read with the cable out: %v, want ErrIO", err)
	}
	if err := s.Place("gat"); err != nil {
		t.Fatal(err)
	}
	got := goNext(ctx, r)
	// Next keeps failing to open the missing path; plug the device back in.
	testkit.Until(t, "the reader to report the fault", 5*time.Second, func() bool { return healthFaults.Load() > 0 })
	plugSim(t, s, link)
	res := <-got
	if res.err != nil || res.card.Type != idcard.GAT {
		t.Fatalf("after replug: %v", res.err)
	}
}

// TestEndToEndOverSocat uses socat's virtual cable, as an installer would, with
// go.bug.st/serial on both ends.
func TestEndToEndOverSocat(t *testing.T) {
	socat := testkit.NeedTool(t, "socat", "socat")
	dir := t.TempDir()
	a, b := filepath.Join(dir, "ttyA"), filepath.Join(dir, "ttyB")
	cmd := exec.Command(socat, "pty,raw,echo=0,link="+a, "pty,raw,echo=0,link="+b)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	testkit.Until(t, "socat's links", 5*time.Second, func() bool {
		_, errA := filepath.EvalSymlinks(a)
		_, errB := filepath.EvalSymlinks(b)
		return errA == nil && errB == nil
	})
	port, err := serial.Open(a, &serial.Mode{BaudRate: 115200})
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sim.Config{Cards: sim.SampleCards()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Serve(ctx, port) }()
	t.Cleanup(func() { cancel(); <-done })
	r := idcard.NewReader(idcard.Config{Port: b})
	defer r.Close()
	if err := s.Place("foreign2023"); err != nil {
		t.Fatal(err)
	}
	c, err := r.Next(ctx)
	if err != nil || c.Type != idcard.Foreign23 {
		t.Fatalf("over socat: %v", err)
	}
}
