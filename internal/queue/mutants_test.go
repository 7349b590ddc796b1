package queue

import (
	"strings"
	"testing"
)

// The tests in this file each kill a mutant that survived the package's other tests
// (make mutate, internal/tools/mutate); the mutant is named above each.

// commands.go Recall: `MaxRecalls > 0` → `>= 0` refused every recall of a hall whose
// policy sets no limit.
func TestRecallUnlimitedWhenPolicySetsNoLimit(t *testing.T) {
	p := DefaultPolicy()
	p.MaxRecalls = 0
	h := newTestHall(t, p)
	h.issue("440199-A-001", "")
	h.must(h.Call(1, "c", h.now))
	for i := range 5 {
		if _, err := h.Recall(1, "c", h.now); err != nil {
			t.Fatalf("recall %d with no limit: %v", i+1, err)
		}
		h.must(h.Recall(1, "c", h.now))
	}
}

// catalog_validate.go: `len(c.Categories) == 0` → `== 1` let a catalog without
// categories pass that check.
func TestCatalogWithoutCategoriesRefused(t *testing.T) {
	c := sampleCatalog(t)
	c.Categories = nil
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "at least one category") {
		t.Fatalf("a catalog without categories: %v", err)
	}
}

// hall.go Apply: a new day must set every window's served, missed and streak counts
// back to 0 (a constant 0 → 1 survived).
func TestNewDayResetsWindowCounts(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	w := h.Windows[1]
	w.Served, w.Missed, w.Streak = 4, 3, 2
	h.now = h.now.AddDate(0, 0, 1)
	h.apply(h.Rollover(h.now))
	w = h.Windows[1]
	if w.Served != 0 || w.Missed != 0 || w.Streak != 0 {
		t.Fatalf("after the day rolled over: served %d, missed %d, streak %d; want 0, 0, 0", w.Served, w.Missed, w.Streak)
	}
}

// booking.go applyBooking: `AppointmentBooked && Booking != nil` → `||` crashed on a
// booking event without its booking (the log is outside input at restart).
func TestBookingEventWithoutBookingIgnored(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	before := len(h.Bookings)
	h.apply([]Event{{Type: AppointmentBooked, Day: h.Day}})
	if len(h.Bookings) != before {
		t.Fatalf("bookings %d → %d after an event without a booking", before, len(h.Bookings))
	}
}

// rating.go Rate: a reason of 101 characters must be refused and one of 100 accepted (the
// limit 100 → 101 survived).
func TestRatingReasonLimitIs100Characters(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	tk := h.issue("440199-A-001", "")
	h.call(1)
	tk = h.Tickets[tk.ID]
	if _, err := h.Rate(tk, 5, []string{strings.Repeat("好", 101)}, "", h.now); ErrorCode(err) != Invalid {
		t.Fatalf("a reason of 101 characters: %v, want invalid", err)
	}
	if _, err := h.Rate(tk, 5, []string{strings.Repeat("好", 100)}, "", h.now); err != nil {
		t.Fatalf("a reason of 100 characters: %v", err)
	}
}

// commands.go sortByPosition: `<` → `>=` expired a past day's tickets in reverse order.
func TestRolloverExpiresInQueueOrder(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	var want []string
	for range 4 {
		want = append(want, h.issue("440199-A-001", "").Number)
	}
	h.now = h.now.AddDate(0, 0, 1)
	var got []string
	for _, ev := range h.Rollover(h.now) {
		if ev.Type == TicketExpired {
			got = append(got, ev.Ticket.Number)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("expired in order %v, want %v", got, want)
	}
}

// applicant.go Birth: an 18-digit foreign permanent residence card carries the birth
// date (`len == 18` → `== 19` survived).
func TestForeignCardOf18DigitsGivesBirthDate(t *testing.T) {
	a := Applicant{CardType: CardForeign, IDNumber: validID("11010519491231002")}
	if got := a.Birth().Format(DayLayout); got != "1949-12-31" {
		t.Fatalf("birth of an 18-digit foreign card: %s, want 1949-12-31", got)
	}
}

// commands.go OpenWindow: `return nil, err` → `return nil, nil` answered an unknown window
// with nothing instead of not found.
func TestOpenUnknownWindowNotFound(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	if _, err := h.OpenWindow(77, "c", h.now); ErrorCode(err) != NotFound {
		t.Fatalf("open window 77: %v, want not found", err)
	}
}

// commands.go Finish: a reason of exactly MaxReason characters is accepted, one more is
// refused (`>` → `>=` survived).
func TestFinishReasonLimit(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.issue("440199-A-001", "")
	h.must(h.Call(1, "c", h.now))
	h.must(h.Start(1, "c", h.now))
	if _, err := h.Finish(1, "c", Rejected, nil, strings.Repeat("缺", MaxReason+1), h.now); ErrorCode(err) != Invalid {
		t.Fatalf("a reason of %d characters: %v, want invalid", MaxReason+1, err)
	}
	if _, err := h.Finish(1, "c", Rejected, nil, strings.Repeat("缺", MaxReason), h.now); err != nil {
		t.Fatalf("a reason of %d characters: %v", MaxReason, err)
	}
}

// catalog_validate.go text: a name longer than maxCatalogText must be reported (the
// report removed survived).
func TestCatalogTextTooLongRefused(t *testing.T) {
	c := sampleCatalog(t)
	c.Items[0].NameZh = strings.Repeat("证", maxCatalogText+1)
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "is longer than") {
		t.Fatalf("a name of %d characters: %v", maxCatalogText+1, err)
	}
}
