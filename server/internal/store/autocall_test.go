package store

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
	"onedoor/internal/testkit"
)

// openAutoStore opens the store in dir with auto windows resting pause after a visit.
func openAutoStore(t *testing.T, dir string, pause time.Duration, clk func() time.Time) *Store {
	t.Helper()
	p := queue.DefaultPolicy()
	p.AutoPause = pause
	s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: p, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAutoCallAfterThePauseWithNoCommand: the writer wakes by itself when an auto
// window's pause ends, and a store reopened while a pause runs picks it up.
func TestAutoCallAfterThePauseWithNoCommand(t *testing.T) {
	const pause = 80 * time.Millisecond
	start, base := time.Now(), time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)
	clk := func() time.Time { return base.Add(time.Since(start)) } // a working morning, in real time
	dir := t.TempDir()
	open := func() *Store { return openAutoStore(t, dir, pause, clk) }
	ctx := context.Background()
	s := open()
	seedWindows(t, s, 1)
	if _, err := s.SetWindowMode(ctx, 1, true, "super"); err != nil {
		t.Fatal(err)
	}
	issue := func(s *Store) string {
		v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "kiosk-1"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return v.Ticket.ID
	}
	current := func(s *Store) (id string) {
		s.Read(func(h *queue.Hall) { id = h.Windows[1].Current })
		return id
	}
	serve := func(s *Store) time.Time {
		if _, err := s.Start(ctx, 1, "clerk"); err != nil {
			t.Fatal(err)
		}
		ev, _, err := s.Finish(ctx, 1, "clerk", queue.Finishing{Outcome: queue.Consulted})
		if err != nil {
			t.Fatal(err)
		}
		return ev.At
	}
	first := issue(s)
	if got := current(s); got != first {
		t.Fatalf("an idle auto window has %q, want the ticket just issued", got)
	}
	finished := serve(s)
	second := issue(s)
	testkit.Until(t, "the call after the pause", 5*time.Second, func() bool { return current(s) == second })
	third := issue(s)
	serve(s)
	s.Close() // closed within the pause: the reopened store keeps it
	s = open()
	defer s.Close()
	testkit.Until(t, "the call after a reopen", 5*time.Second, func() bool { return current(s) == third })

	evs, _, err := s.EventsAfter(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var calls []queue.Event
	for _, ev := range evs {
		if ev.Type == queue.TicketCalled {
			calls = append(calls, ev)
		}
	}
	if len(calls) != 3 || !calls[0].Auto || !calls[1].Auto || !calls[2].Auto {
		t.Fatalf("%d calls: %+v", len(calls), calls)
	}
	if d := calls[1].At.Sub(finished); d < pause {
		t.Fatalf("called %v after the visit, the pause is %v", d, pause)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
}

// TestAutoCallWhosePauseEndedWhileClosed: a store reopened after an auto window's
// pause has ended, with a ticket waiting, calls it with no command (the timer was once
// armed only for pauses still to end, so such a window waited for the next command).
func TestAutoCallWhosePauseEndedWhileClosed(t *testing.T) {
	const pause = 80 * time.Millisecond
	var now atomic.Int64
	now.Store(time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai).UnixNano())
	clk := func() time.Time { return time.Unix(0, now.Load()).In(shanghai) }
	dir := t.TempDir()
	open := func() *Store { return openAutoStore(t, dir, pause, clk) }
	ctx := context.Background()
	s := open()
	seedWindows(t, s, 1)
	if _, err := s.SetWindowMode(ctx, 1, true, "super"); err != nil {
		t.Fatal(err)
	}
	issue := func() string {
		v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "kiosk-1"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return v.Ticket.ID
	}
	issue() // called at once to the idle auto window
	if _, err := s.Start(ctx, 1, "clerk"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Finish(ctx, 1, "clerk", queue.Finishing{Outcome: queue.Consulted}); err != nil {
		t.Fatal(err)
	}
	second := issue() // the window rests: the clock stands still, so it stays waiting
	s.Close()
	now.Add(int64(10 * pause)) // the pause ends while the server is down
	s = open()
	defer s.Close()
	testkit.Until(t, "the call after a reopen past the pause", 5*time.Second, func() bool {
		var id string
		s.Read(func(h *queue.Hall) { id = h.Windows[1].Current })
		return id == second
	})
}

// TestOverdueAlarmAtMidnight: a work order whose call-back day ends is overdue at
// midnight, and its alarm is raised then, with no command.
func TestOverdueAlarmAtMidnight(t *testing.T) {
	start, base := time.Now(), time.Date(2026, 11, 25, 23, 59, 59, 600_000_000, shanghai)
	clk := func() time.Time { return base.Add(time.Since(start)) }
	s, err := Open(Options{Dir: t.TempDir(), Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wo := queue.WorkOrder{No: "WO-20261124-A001", Ticket: "t1", Number: "A001", Day: "2026-11-24", State: queue.WOOpen,
		CallbackDue: "2026-11-25", ResolveDue: "2026-12-15"}
	v, _ := json.Marshal(wo)
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketWorkOrders).Put([]byte(wo.No), v) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(context.Background()); err != nil { // a commit on the 25th: not yet overdue
		t.Fatal(err)
	}
	if a, _ := s.Alarms(); len(a) != 0 {
		t.Fatalf("alarms on the call-back day: %+v", a)
	}
	testkit.Until(t, "the overdue alarm", 5*time.Second, func() bool { a, _ := s.Alarms(); return len(a) == 1 })
	a, _ := s.Alarms()
	midnight := time.Date(2026, 11, 26, 0, 0, 0, 0, shanghai)
	if a[0].ID != "workorder-WO-20261124-A001-callback" || a[0].Since.Before(midnight) || a[0].Since.After(midnight.Add(time.Second)) {
		t.Fatalf("alarm %+v, want it raised within a second of midnight", a[0])
	}
}
