package store

import (
	"fmt"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// BenchmarkInbox10000: a department's inbox over 10,000 open cases — the sort by
// deadline and the copies the API answers from (the API then sends the first 200).
func BenchmarkInbox10000(b *testing.B) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(b, b.TempDir(), clk)
	s.mu.Lock()
	for i := range 10000 {
		day := time.Date(2026, 11, 25, 0, 0, 0, 0, shanghai).AddDate(0, 0, -(i % 30))
		due := day.AddDate(0, 0, 3+i%7).Format(queue.DayLayout)
		s.hall.RestoreCase(&queue.Case{No: fmt.Sprintf("C-%05d", i), Ticket: fmt.Sprintf("t%05d", i), Item: "440199-A-001",
			AcceptedAt: day, Promised: due, State: queue.CaseInProgress,
			Parts: []queue.Part{{Dept: "SCJGJ", Items: []string{"440199-A-001"}, State: queue.PartClaimed, Officer: "scj1", Days: 3, Due: due}}})
	}
	s.mu.Unlock()
	b.ResetTimer()
	for b.Loop() {
		if lines, total := s.Inbox("SCJGJ", 200); total != 10000 || len(lines) != 200 {
			b.Fatalf("%d lines of %d", len(lines), total)
		}
	}
}

// BenchmarkOverdueScan10000: the tick's look for newly overdue cases over 10,000 open
// cases, every one of them already marked (the usual tick: nothing to write).
func BenchmarkOverdueScan10000(b *testing.B) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(b, b.TempDir(), clk)
	s.mu.Lock()
	for i := range 10000 {
		day := time.Date(2026, 11, 25, 0, 0, 0, 0, shanghai).AddDate(0, 0, -(i % 30))
		due := day.AddDate(0, 0, 3+i%7).Format(queue.DayLayout)
		c := &queue.Case{No: fmt.Sprintf("C-%05d", i), Ticket: fmt.Sprintf("t%05d", i), Item: "440199-A-001",
			AcceptedAt: day, Promised: due, State: queue.CaseInProgress,
			Parts: []queue.Part{{Dept: "SCJGJ", Items: []string{"440199-A-001"}, State: queue.PartClaimed, Officer: "scj1", Days: 3, Due: due}}}
		if due < "2026-11-25" {
			c.OverdueAt = day
		}
		s.hall.RestoreCase(c)
	}
	s.mu.Unlock()
	b.ResetTimer()
	for b.Loop() {
		if n, err := s.MarkOverdue(b.Context()); err != nil || n != 0 {
			b.Fatalf("marked %d: %v", n, err)
		}
	}
}
