package queue

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
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
	for range 20 { // enough that map order is never queue order by chance
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

// policy.go DefaultPolicy: the documented defaults (3 priority calls, 45 minutes, elderly
// from 65, 3 recalls, 1 reinstatement at the end, a 10 s auto-call pause); any constant
// changed survived.
func TestDefaultPolicyIsTheDocumentedOne(t *testing.T) {
	want := Policy{Ratio: 3, MaxWait: 45 * time.Minute, ElderlyAge: 65, MaxRecalls: 3, MaxReinstates: 1, ReinstateAtEnd: true,
		AutoPause: 10 * time.Second, WorkOrders: WorkOrderPolicy{CallbackDays: 1, ResolveDays: 15, DefaultLevel: 3, DefaultAfterDays: 7}}
	want.Alarms = AlarmPolicy{Wait: 30 * time.Minute, CrowdWaiting: 20, CrowdServing: 2, Pause: 15 * time.Minute}
	if got := DefaultPolicy(); !reflect.DeepEqual(got, want) {
		t.Fatalf("DefaultPolicy() = %+v, want %+v", got, want)
	}
}

// booking.go TakeDirtyBookings: a booking is handed out once; the set must be emptied
// (the clear removed survived).
func TestDirtyBookingsTakenOnce(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.apply([]Event{{Type: AppointmentBooked, Booking: &Booking{Code: "B1", Item: "440199-A-001"}}})
	if got := h.TakeDirtyBookings(); len(got) != 1 || got[0].Code != "B1" {
		t.Fatalf("first take: %v", got)
	}
	if got := h.TakeDirtyBookings(); len(got) != 0 {
		t.Fatalf("second take: %d bookings, want none", len(got))
	}
}

// cases.go PromisedDate: the due date is a day at midnight (a 0 → 1 in its time.Date
// survived).
func TestPromisedDateIsAtMidnight(t *testing.T) {
	accepted := time.Date(2026, 11, 25, 15, 4, 5, 6, shanghai)
	for _, natural := range []bool{false, true} {
		got := PromisedDate(accepted, 0, natural, nil)
		if want := time.Date(2026, 11, 25, 0, 0, 0, 0, shanghai); !got.Equal(want) {
			t.Fatalf("natural %v: %s, want %s", natural, got, want)
		}
	}
}

// commands.go CallTicket: a supervisor's out-of-order call of a named ticket (the
// negated error check survived: nothing in this package called it).
func TestCallTicketOutOfOrder(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.issue("440199-A-001", "")
	second := h.issue("440199-A-001", "")
	if _, err := h.CallTicket(77, second.ID, "c", h.now); ErrorCode(err) != NotFound {
		t.Fatalf("call at window 77: %v, want not found", err)
	}
	evs := h.must(h.CallTicket(1, second.ID, "c", h.now))
	if len(evs) == 0 || evs[0].Ticket == nil || evs[0].Ticket.ID != second.ID {
		t.Fatalf("events %+v, want the second ticket called", evs)
	}
	if h.Windows[1].Current != second.ID || h.Tickets[second.ID].State != Called {
		t.Fatalf("window 1 current %q, ticket %s", h.Windows[1].Current, h.Tickets[second.ID].State)
	}
}

// applicant.go Validate: a foreign permanent residence card has 15 letters and digits or
// 18 digits with a valid check digit (the length test negated survived for 18).
func TestForeignCardNumbers(t *testing.T) {
	for _, tc := range []struct {
		id string
		ok bool
	}{
		{"USA123456789012", true},
		{validID("91010519491231002"), true},
		{"11010519491231002X"[:17] + "1", false}, // 18 digits, wrong check digit
	} {
		a := Applicant{CardType: CardForeign, IDNumber: tc.id}
		if err := a.Validate(); (err == nil) != tc.ok {
			t.Errorf("foreign card %s: %v, want ok=%v", tc.id, err, tc.ok)
		}
	}
}

// idnumber.go IDCheckDigit: known answers computed outside this code (the first two are
// GB 11643-1999's own examples), so a changed weight or digit test cannot pass; a letter
// among the first 17 characters is refused.
func TestIDCheckDigitKnownAnswers(t *testing.T) {
	for _, id := range []string{
		"11010519491231002X", "440524188001010014", "991234198707154566", "987654200212317897",
		"234567197707071248", "975318196002292463", "999999199901010003",
	} {
		c, ok := IDCheckDigit(id[:17])
		if !ok || c != id[17] {
			t.Errorf("check digit of %s: %q %v, want %q", id[:17], c, ok, id[17])
		}
	}
	for _, bad := range []string{"1101051949123100A", "11010519491231/02", "1101051949123100:"} {
		if _, ok := IDCheckDigit(bad); ok {
			t.Errorf("IDCheckDigit(%q) accepted a non-digit", bad)
		}
	}
}

// catalog_validate.go: day counts up to 3650 (ten years) pass, beyond refused; an
// on-the-spot item with legal days 0 cannot promise days (the report removed survived).
// The limits are written out, not taken from maxDays, so a changed constant fails here.
func TestCatalogDayRules(t *testing.T) {
	zero, big := 0, 3650
	c := sampleCatalog(t)
	c.Items[0].LegalDays, c.Items[0].PromisedDays = &big, 3650
	if err := c.Validate(); err != nil {
		t.Fatalf("promised and legal days 3650: %v", err)
	}
	bigger := 3651
	c.Items[0].LegalDays, c.Items[0].PromisedDays = &bigger, 3651
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "legal_days") || !strings.Contains(err.Error(), "promised_days") {
		t.Fatalf("promised and legal days 3651: %v", err)
	}
	c = sampleCatalog(t)
	c.Items[0].Immediate, c.Items[0].LegalDays, c.Items[0].PromisedDays = true, &zero, 1
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "on-the-spot") {
		t.Fatalf("an on-the-spot item promising a day: %v", err)
	}
}

// applicant.go: an address of 200 characters is accepted, 201 refused (200 → 201 survived).
func TestApplicantAddressLimit(t *testing.T) {
	id := validID("44010619900307123")
	if err := (&Applicant{IDNumber: id, Address: strings.Repeat("路", 200)}).Validate(); err != nil {
		t.Fatalf("address of 200: %v", err)
	}
	if err := (&Applicant{IDNumber: id, Address: strings.Repeat("路", 201)}).Validate(); err == nil || !strings.Contains(err.Error(), "address") {
		t.Fatalf("address of 201: %v", err)
	}
}

// catalog_validate.go: rating level 0 is refused (`< 1` → `< 0` survived); an empty
// category name_en, an empty item code and an item code of 65 characters are refused.
func TestCatalogFieldRules(t *testing.T) {
	for name, edit := range map[string]func(c *Catalog){
		"level 0":       func(c *Catalog) { c.RatingScale[0].Level = 0 },
		"name_en":       func(c *Catalog) { c.Categories[0].NameEn = "" },
		"empty code":    func(c *Catalog) { c.Items[0].Code = "" },
		"code too long": func(c *Catalog) { c.Items[0].Code = strings.Repeat("A", 65) },
	} {
		c := sampleCatalog(t)
		edit(c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	c := sampleCatalog(t)
	c.Items[0].Code = strings.Repeat("A", 64)
	if err := c.Validate(); err != nil && strings.Contains(err.Error(), "items[0].code") {
		t.Errorf("code of 64: %v", err)
	}
}

// hall.go LongestWait: only waiting tickets of the category count (`==` → `!=` survived).
func TestLongestWaitCountsWaitingTicketsOnly(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	first := h.issue("440199-A-001", "")
	h.issue("440199-A-001", "")
	cat := first.Category
	h.must(h.Call(1, "c", h.now)) // calls the first: it no longer waits
	now := h.now.Add(10 * time.Minute)
	if got, want := h.LongestWait(cat, now), 10*time.Minute; got != want {
		t.Fatalf("longest wait %s, want %s (the second ticket's)", got, want)
	}
	if got := h.LongestWait("NOPE", now); got != 0 {
		t.Fatalf("longest wait of an unknown category: %s", got)
	}
}

// idnumber.go MaskIDNumber: 8 characters are masked in the middle, 7 hidden whole.
func TestMaskShortIDNumbers(t *testing.T) {
	if got := MaskIDNumber("12345678"); got != "123*5678" {
		t.Fatalf("MaskIDNumber(8 chars) = %q, want 123*5678", got)
	}
	if got := MaskIDNumber("1234567"); got != "****" {
		t.Fatalf("MaskIDNumber(7 chars) = %q, want ****", got)
	}
}

// commands.go Recall: with MaxRecalls 1, one recall and no second (`> 0` → `> 1`
// survived).
func TestRecallLimitOfOne(t *testing.T) {
	p := DefaultPolicy()
	p.MaxRecalls = 1
	h := newTestHall(t, p)
	h.issue("440199-A-001", "")
	h.must(h.Call(1, "c", h.now))
	h.must(h.Recall(1, "c", h.now))
	if _, err := h.Recall(1, "c", h.now); ErrorCode(err) != Conflict {
		t.Fatalf("second recall with a limit of 1: %v, want conflict", err)
	}
}

// commands.go Recall: recalling at a window with no current ticket is an error (`return
// nil, err` → nil survived).
func TestRecallWithoutCurrentTicketRefused(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	evs, err := h.Recall(1, "c", h.now)
	if err == nil || len(evs) != 0 {
		t.Fatalf("recall at an idle window: %v, %v", evs, err)
	}
}

// rating.go: ten reasons are accepted, eleven refused (`>` → `<=` survived).
func TestRatingReasonCount(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	tk := h.issue("440199-A-001", "")
	h.call(1)
	tk = h.Tickets[tk.ID]
	reasons := func(n int) []string {
		var rs []string
		for i := range n {
			rs = append(rs, strings.Repeat("慢", i+1))
		}
		return rs
	}
	if _, err := h.Rate(tk, 5, reasons(maxReasons+1), "", h.now); ErrorCode(err) != Invalid {
		t.Fatalf("%d reasons: %v, want invalid", maxReasons+1, err)
	}
	if _, err := h.Rate(tk, 5, reasons(maxReasons), "", h.now); err != nil {
		t.Fatalf("%d reasons: %v", maxReasons, err)
	}
}

// hall.go TakeDirty: changed tickets come out in queue order (the sort negated survived).
func TestTakeDirtyInQueueOrder(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.TakeDirty()
	for range 20 { // enough that map order is never queue order by chance
		h.issue("440199-A-001", "")
	}
	ts, _, _ := h.TakeDirty()
	for i := 1; i < len(ts); i++ {
		if ts[i-1].Position >= ts[i].Position {
			t.Fatalf("dirty tickets out of order at %d: positions %d then %d", i, ts[i-1].Position, ts[i].Position)
		}
	}
	if len(ts) != 20 {
		t.Fatalf("%d dirty tickets, want 20", len(ts))
	}
}

// estimate.go: five minutes is the documented service time before any visit is timed.
func TestDefaultServiceTimeIsFiveMinutes(t *testing.T) {
	if DefaultServiceTime != 5*time.Minute {
		t.Fatalf("DefaultServiceTime = %s", DefaultServiceTime)
	}
}

// commands.go PauseWindow: a reason of MaxReason characters is accepted, one more refused.
func TestPauseReasonLimit(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	if _, err := h.PauseWindow(1, "c", strings.Repeat("休", MaxReason+1), h.now); ErrorCode(err) != Invalid {
		t.Fatalf("pause reason of %d: %v, want invalid", MaxReason+1, err)
	}
	if _, err := h.PauseWindow(1, "c", strings.Repeat("休", MaxReason), h.now); err != nil {
		t.Fatalf("pause reason of %d: %v", MaxReason, err)
	}
}

// case_clock.go DeadlinePolicy.Validate: the bounds of amber_share (0 to 1, not NaN) and
// amber_days (0 to maxDays) survived every mutation of their constants and operators.
func TestDeadlinePolicyBounds(t *testing.T) {
	for _, tc := range []struct {
		p  DeadlinePolicy
		ok bool
	}{
		{DefaultDeadlines(), true}, {DeadlinePolicy{}, true}, {DeadlinePolicy{AmberShare: 1}, true},
		{DeadlinePolicy{AmberShare: 0.5, AmberDays: maxDays}, true},
		{DeadlinePolicy{AmberShare: -0.1}, false}, {DeadlinePolicy{AmberShare: 1.1}, false},
		{DeadlinePolicy{AmberShare: math.NaN()}, false},
		{DeadlinePolicy{AmberDays: -1}, false}, {DeadlinePolicy{AmberDays: maxDays + 1}, false},
	} {
		if err := tc.p.Validate(); (err == nil) != tc.ok || (err != nil && ErrorCode(err) != Invalid) {
			t.Errorf("%+v: %v, want ok %v", tc.p, err, tc.ok)
		}
	}
}

// case_decide.go trackingNumber and handover: the length bounds 6 and 40, the first
// character checked, every letter and digit range, and a posted case names no window.
func TestTrackingNumberBounds(t *testing.T) {
	for s, ok := range map[string]bool{
		"AZaz09": true, "SF-123": true, strings.Repeat("9", 40): true,
		"12345": false, strings.Repeat("9", 41): false, "#12345": false, "12345#": false,
		"12 345": false, "１２３４５６": false, "ab_cde": false, "": false,
	} {
		if trackingNumber(s) != ok {
			t.Errorf("tracking number %q: want ok %v", s, ok)
		}
	}
	h := newCaseHall(t, nil)
	no, _ := setupCase(h, "ready")
	evs := h.do(CaseCmd{Action: CasePost, Case: no, Window: 9, Tracking: " EMS-0001 "})
	if d := evs[0].Case.Delivery; d.Method != DeliverPost || d.Window != 0 || d.Tracking != "EMS-0001" {
		t.Fatalf("posted: %+v", d)
	}
}

// case_decide.go DecideCase: staff of exactly MaxSource characters is accepted, one more
// refused (`>` → `>=` survived).
func TestCaseStaffLimit(t *testing.T) {
	h := newCaseHall(t, nil)
	no, _ := setupCase(h, "routed")
	if _, _, err := h.DecideCase(CaseCmd{Action: CaseClaim, Case: no, Staff: strings.Repeat("s", MaxSource+1)}, h.now); ErrorCode(err) != Invalid {
		t.Fatalf("staff of %d characters: %v", MaxSource+1, err)
	}
	if _, _, err := h.DecideCase(CaseCmd{Action: CaseClaim, Case: no, Staff: strings.Repeat("s", MaxSource)}, h.now); err != nil {
		t.Fatalf("staff of %d characters: %v", MaxSource, err)
	}
}

// case_inbox.go Inbox: sub-cases due the same day come in case-number order (`<` → `>=`
// survived); case_clock.go Case.Colour: a case not yet routed counts its promised time in
// working days (false → true survived: 14 calendar days made it amber too early).
func TestInboxTiesAndUnroutedShare(t *testing.T) {
	h := newCaseHall(t, testCalendar(t))
	a, b := h.accept(plainItem), h.accept(plainItem)
	bundle := h.accept(bundleItem)
	c, _ := h.Case(bundle)
	wed := time.Date(2026, 12, 2, 12, 0, 0, 0, shanghai) // 6 of 10 working days left
	if got := c.Colour(wed, shanghai, h.Calendar, DeadlinePolicy{AmberShare: 0.5}); got != Green {
		t.Fatalf("4 of 10 working days used, amber at half: %s", got)
	}
	for _, no := range []string{b, a} {
		h.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
	}
	if l := h.Inbox(deptBDC); len(l) != 2 || l[0].Case.No != a || l[1].Case.No != b {
		t.Fatalf("same due day: %v %v", l[0].Case.No, l[1].Case.No)
	}
}

// case_part.go refusal: 20 reasons are accepted and 21 refused (20 → 21 survived);
// reassign: an officer id of MaxSource characters is accepted, one more refused (`>` →
// `>=` survived); case_decide.go caseText: a reason may not span lines (false → true
// survived).
func TestCaseTextLimits(t *testing.T) {
	reasons := func(n int) *Refusal {
		r := &Refusal{Basis: "b"}
		for i := range n {
			r.Reasons = append(r.Reasons, fmt.Sprintf("理由%d", i))
		}
		return r
	}
	for _, tc := range []struct {
		name string
		cmd  CaseCmd
		ok   bool
	}{
		{"21 reasons", CaseCmd{Action: CaseRefuse, Refusal: reasons(21)}, false},
		{"20 reasons", CaseCmd{Action: CaseRefuse, Refusal: reasons(20)}, true},
		{"officer too long", CaseCmd{Action: CaseReassign, Officer: strings.Repeat("o", MaxSource+1)}, false},
		{"officer at the limit", CaseCmd{Action: CaseReassign, Officer: strings.Repeat("o", MaxSource)}, true},
		{"a reason on two lines", CaseCmd{Action: CaseSuspend, Hold: "hearing", Reason: "第一行\n第二行"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newCaseHall(t, nil)
			no, _ := setupCase(h, "claimed")
			tc.cmd.Case, tc.cmd.Staff = no, "officer1"
			_, _, err := h.DecideCase(tc.cmd, h.now)
			if (err == nil) != tc.ok || (err != nil && ErrorCode(err) != Invalid) {
				t.Fatalf("%v, want ok %v", err, tc.ok)
			}
		})
	}
}

// case_apply.go TakeDirtyCases: the changed cases come in case-number order (removing the
// sort survived), and a second call has none.
func TestDirtyCasesInNumberOrder(t *testing.T) {
	h := newCaseHall(t, nil)
	for range 12 {
		h.accept(plainItem)
	}
	got := h.TakeDirtyCases()
	if len(got) != 12 {
		t.Fatalf("%d dirty cases", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].No >= got[i].No {
			t.Fatalf("dirty cases out of order: %s before %s", got[i-1].No, got[i].No)
		}
	}
	if again := h.TakeDirtyCases(); len(again) != 0 {
		t.Fatalf("taken twice: %d", len(again))
	}
}
