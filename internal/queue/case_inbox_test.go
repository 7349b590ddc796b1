package queue

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestInboxOrderedByDeadline: a department sees its undecided sub-cases, the earliest
// due first, and nothing of other departments or decided.
func TestInboxOrderedByDeadline(t *testing.T) {
	h := newCaseHall(t, testCalendar(t))
	late := h.accept(bundleItem) // due 9 December
	h.now = h.now.Add(time.Hour)
	early := h.accept(plainItem) // due 3 December
	decided := h.accept(plainItem)
	other := h.accept(plainItem)
	for _, no := range []string{late, early, decided, other} {
		h.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
	}
	h.do(CaseCmd{Action: CaseClaim, Case: decided})
	h.do(CaseCmd{Action: CaseRefuse, Case: decided, Refusal: &Refusal{Reasons: []string{"r"}, Basis: "b"}})
	h.do(CaseCmd{Action: CaseTransfer, Case: other, To: deptZJ, Reason: "职权"})
	var got []string
	for _, l := range h.Inbox(deptBDC) {
		got = append(got, l.Case.No+" "+l.Part.Due)
	}
	want := []string{early + " 2026-12-03", late + " 2026-12-09"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("inbox %v, want %v", got, want)
	}
	if l := h.Inbox(deptZJ); len(l) != 2 || l[0].Case.No != other || l[1].Case.No != late {
		t.Fatalf("ZJJ inbox %+v", l)
	}
}

// BenchmarkInbox10000: one department's inbox among 10,000 open cases of three
// departments, with their colours.
func BenchmarkInbox10000(b *testing.B) {
	h := NewHall(sampleCatalog(b), shanghai, DefaultPolicy())
	depts := []string{deptBDC, deptZJ, deptGJJ}
	for i := range 10000 {
		due := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%40).Format(DayLayout)
		h.RestoreCase(&Case{No: fmt.Sprintf("C%05d", i), State: CaseInProgress, Promised: due,
			Parts: []Part{{Dept: depts[i%3], Items: []string{plainItem}, State: PartRouted, Days: 5, Due: due}}})
	}
	now := time.Date(2026, 12, 10, 10, 0, 0, 0, shanghai)
	cal, pol := testCalendar(b), DefaultDeadlines()
	b.ResetTimer()
	for b.Loop() {
		lines := h.Inbox(deptBDC)
		for _, l := range lines {
			_ = l.Part.Colour(now, shanghai, cal, pol)
		}
		if len(lines) != 3334 {
			b.Fatalf("%d lines", len(lines))
		}
	}
}
