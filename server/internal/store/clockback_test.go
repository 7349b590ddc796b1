package store

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/testkit"
)

// TestClockSteppingBackKeepsTheServiceDay is finding 6 on the store: the clock goes
// 00:00:05 → 23:59:58 the day before; numbers must go on (A003, not A001 again), the day
// must stay, the log must replay, and the warning must be logged once.
func TestClockSteppingBackKeepsTheServiceDay(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 26, 0, 0, 5, 0, shanghai)}
	var logs testkit.Buffer
	s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	issue := func() queue.Ticket {
		t.Helper()
		v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return v.Ticket
	}
	issue()
	issue()
	clk.Set(time.Date(2026, 11, 25, 23, 59, 58, 0, shanghai))
	var got []string
	for i := 0; i < 2; i++ {
		tk := issue()
		got = append(got, tk.Day+" "+tk.Number)
	}
	clk.Set(time.Date(2026, 11, 26, 0, 0, 9, 0, shanghai))
	tk := issue()
	got = append(got, tk.Day+" "+tk.Number)
	want := []string{"2026-11-26 A003", "2026-11-26 A004", "2026-11-26 A005"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("tickets after the clock stepped back: %v, want %v", got, want)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), "the clock is behind the service day"); n != 1 {
		t.Fatalf("%d warnings about the clock, want 1:\n%s", n, logs.String())
	}
}
