package queue

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCallPolicy(t *testing.T) {
	type issue struct{ item, prio string }
	const (
		A  = "440199-A-001" // category SSDJ, letter A
		B  = "440199-B-001" // category SCJG, letter B
		R  = "440199-R-001" // category TYCJ, letter R (pickup)
		no = PriorityNormal
	)
	for _, tc := range []struct {
		name   string
		policy func(*Policy)
		issue  []issue
		wait   time.Duration // how long to let time pass before calling
		window int
		want   []string // numbers called in order at window
	}{
		{name: "first come first served", issue: []issue{{A, no}, {B, no}, {A, no}}, window: 1,
			want: []string{"A001", "B001", "A002", ""}},
		{name: "priority before ordinary, heavier first", issue: []issue{{A, no}, {A, "elderly"}, {A, "military"}, {A, "green_channel"}}, window: 1,
			policy: func(p *Policy) { p.Ratio = 0 },
			want:   []string{"A003", "A002", "A004", "A001"}},
		{name: "ratio lets an ordinary ticket through", issue: []issue{{A, no}, {A, no}, {A, "disabled"}, {A, "disabled"}, {A, "disabled"}},
			policy: func(p *Policy) { p.Ratio = 2 }, window: 1,
			want: []string{"A003", "A004", "A001", "A005", "A002"}},
		{name: "max wait lifts a starving ticket", issue: []issue{{A, no}, {A, "pregnant"}}, wait: 50 * time.Minute,
			policy: func(p *Policy) { p.MaxWait = 45 * time.Minute; p.Ratio = 0 }, window: 1,
			want: []string{"A001", "A002"}},
		{name: "max wait not reached", issue: []issue{{A, no}, {A, "pregnant"}}, wait: 10 * time.Minute,
			policy: func(p *Policy) { p.MaxWait = 45 * time.Minute; p.Ratio = 0 }, window: 1,
			want: []string{"A002", "A001"}},
		{name: "no anti-starvation when switched off", issue: []issue{{A, no}, {A, "pregnant"}, {A, "pregnant"}}, wait: 5 * time.Hour,
			policy: func(p *Policy) { p.MaxWait = 0; p.Ratio = 0 }, window: 1,
			want: []string{"A002", "A003", "A001"}},
		{name: "window limited to a category", issue: []issue{{A, no}, {B, no}, {A, "military"}, {B, no}}, window: 3,
			want: []string{"B001", "B002", ""}},
		{name: "pickup window serves only pickup", issue: []issue{{A, no}, {R, no}}, window: 9,
			want: []string{"R001", ""}},
		{name: "comprehensive window serves every category", issue: []issue{{R, no}, {B, no}}, window: 2,
			want: []string{"R001", "B001"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultPolicy()
			if tc.policy != nil {
				tc.policy(&p)
			}
			h := newTestHall(t, p)
			for _, is := range tc.issue {
				h.issue(is.item, is.prio)
			}
			h.now = h.now.Add(tc.wait)
			var got []string
			for range tc.want {
				got = append(got, h.call(tc.window))
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("called %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDesignatedTransferKeepsPlace(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	a1 := h.issue("440199-A-001", "")
	h.issue("440199-A-001", "")
	h.must(h.Call(1, "c", h.now))
	h.must(h.Start(1, "c", h.now))
	// Window 1 sends A001 to window 2 by name: window 2 takes it before A002.
	h.must(h.Transfer(1, "c", 2, "", h.now))
	if got := h.Tickets[a1.ID]; got.State != Waiting || got.Designated != 2 || got.Position != a1.Position {
		t.Fatalf("transferred ticket = %+v", got)
	}
	// Window 1 must not call the ticket designated to window 2.
	evs := h.must(h.Call(1, "c", h.now))
	if n := evs[0].Ticket.Number; n != "A002" {
		t.Fatalf("window 1 called %s, want A002", n)
	}
	evs = h.must(h.Call(2, "c", h.now))
	if n, r := evs[0].Ticket.Number, evs[0].Reason; n != "A001" || r != string(ReasonDesignated) {
		t.Fatalf("window 2 called %s (%s), want A001 (designated)", n, r)
	}
	// Transfer to a category: it keeps its place ahead of later tickets there.
	h.must(h.Start(2, "c", h.now))
	h.issue("440199-B-001", "")
	h.must(h.Transfer(2, "c", 0, "SCJG", h.now))
	evs = h.must(h.Call(3, "c", h.now))
	if n := evs[0].Ticket.Number; n != "A001" {
		t.Fatalf("window 3 (SCJG) called %s, want the transferred A001", n)
	}
	for _, tc := range []struct {
		win  int
		cat  string
		code Code
	}{{0, "", Invalid}, {2, "SCJG", Invalid}, {3, "", Invalid}, {77, "", Invalid}, {0, "NOPE", Invalid}} {
		h.must(h.Start(3, "c", h.now))
		if _, err := h.Transfer(3, "c", tc.win, tc.cat, h.now); ErrorCode(err) != tc.code {
			t.Errorf("transfer to %d/%q: %v", tc.win, tc.cat, err)
		}
		h.must(h.Finish(3, "c", Consulted, nil, "", h.now))
		h.issue("440199-B-001", "")
		h.must(h.Call(3, "c", h.now))
	}
}

func TestAppointmentWaitsForItsSlot(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.issue("440199-A-001", "")
	h.ids++
	slot := h.now.Add(30 * time.Minute)
	bevs, err := h.Book(BookCmd{Code: "B1234", Item: "440199-A-001", Slot: slot, Staff: "super"}, h.now)
	if err != nil {
		t.Fatal(err)
	}
	h.apply(bevs)
	evs, appt, err := h.Issue(IssueCmd{ID: "appt", Booking: "B1234", Source: "kiosk-1"}, h.now)
	if err != nil {
		t.Fatal(err)
	}
	h.apply(evs)
	if appt.Priority != PriorityAppointment || !appt.Slot.Equal(slot) || appt.Item != "440199-A-001" {
		t.Fatalf("checked-in ticket %+v", appt)
	}
	if n := h.call(1); n != "A001" {
		t.Fatalf("before the slot called %s, want the walk-in A001", n)
	}
	h.issue("440199-A-001", "")
	h.now = slot
	if n := h.call(1); n != appt.Number {
		t.Fatalf("at the slot called %s, want the appointment %s", n, appt.Number)
	}
	if _, _, err := h.Issue(IssueCmd{ID: "x", Item: "440199-A-001", Priority: PriorityAppointment, Source: "k"}, h.now); ErrorCode(err) != Invalid {
		t.Fatalf("appointment without a booking: %v", err)
	}
}

func TestIssueRules(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	for _, tc := range []struct {
		cmd  IssueCmd
		code Code
	}{
		{IssueCmd{ID: "1", Item: "nope", Source: "k"}, Invalid},
		{IssueCmd{ID: "1", Item: "440199-A-001", Source: ""}, Invalid},
		{IssueCmd{ID: "1", Item: "440199-A-001", Source: "k", Priority: "vip"}, Invalid},
		{IssueCmd{ID: "1", Item: "440199-A-001", Source: "k", Slot: h.now}, Invalid},
	} {
		if _, _, err := h.Issue(tc.cmd, h.now); ErrorCode(err) != tc.code {
			t.Errorf("%+v: %v", tc.cmd, err)
		}
	}
	// Elderly priority from the birth date, at the policy's age.
	old := IssueCmd{ID: "old", Item: "440199-A-001", Source: "k", Birth: time.Date(1961, 11, 25, 0, 0, 0, 0, time.UTC)}
	_, tk, err := h.Issue(old, h.now)
	if err != nil || tk.Priority != PriorityElderly {
		t.Fatalf("65 today: %v %v", tk, err)
	}
	young := old
	young.Birth = time.Date(1961, 11, 26, 0, 0, 0, 0, time.UTC)
	if _, tk, _ := h.Issue(young, h.now); tk.Priority != PriorityNormal {
		t.Fatalf("65 tomorrow got %s", tk.Priority)
	}
	// Idempotency: the same key from the same source gives the same ticket, no event.
	cmd := IssueCmd{ID: "k1", Item: "440199-A-001", Source: "kiosk-1", IdemKey: "abc"}
	evs, first, err := h.Issue(cmd, h.now)
	if err != nil {
		t.Fatal(err)
	}
	h.apply(evs)
	cmd.ID = "k2"
	evs, again, err := h.Issue(cmd, h.now)
	if err != nil || len(evs) != 0 || again.ID != first.ID {
		t.Fatalf("retry: %d events, %v, %v", len(evs), again, err)
	}
	cmd.Source = "kiosk-2"
	if evs, other, _ := h.Issue(cmd, h.now); len(evs) != 1 || other.ID == first.ID {
		t.Fatalf("same key from another kiosk must be a new ticket")
	}
}

func TestAheadAndEstimate(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	var ts []*Ticket
	for i := 0; i < 4; i++ {
		ts = append(ts, h.issue("440199-A-001", ""))
	}
	p := h.issue("440199-A-001", "military")
	for i, tk := range ts {
		ahead, wait := h.Estimate(h.Tickets[tk.ID])
		if ahead != i+1 { // the priority ticket is ahead of every ordinary one
			t.Errorf("ticket %d: ahead %d, want %d", i, ahead, i+1)
		}
		// 3 open windows serve SSDJ (1, 2, and none other), default 5 minutes each
		want := time.Duration(ahead) * DefaultServiceTime / 2
		if wait != want {
			t.Errorf("ticket %d: wait %s, want %s", i, wait, want)
		}
	}
	if ahead, _ := h.Estimate(h.Tickets[p.ID]); ahead != 0 {
		t.Errorf("priority ticket ahead = %d", ahead)
	}
	var m RunningMean
	for _, s := range []int{60, 120, 180} {
		m.Add(time.Duration(s) * time.Second)
	}
	if m.Value() != 2*time.Minute {
		t.Errorf("mean = %s", m.Value())
	}
}

// BenchmarkNextWith10000Waiting measures choosing the next ticket with 10,000 waiting
// over every category, a third of them priority tickets.
func BenchmarkNextWith10000Waiting(b *testing.B) {
	h := newTestHall(b, DefaultPolicy())
	items := h.Catalog.Items
	groups := []string{"", "", "elderly", "", "disabled", ""}
	for i := 0; i < 10000; i++ {
		h.ids++
		evs, _, err := h.Issue(IssueCmd{ID: fmt.Sprint("b", i), Item: items[i%len(items)].Code, Priority: groups[i%len(groups)], Source: "k"}, h.now)
		if err != nil {
			b.Fatal(err)
		}
		h.apply(evs)
	}
	w := h.Windows[1]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.Streak = i % 4
		if t, _ := h.Queue.Next(w, h.now, h.Policy); t == nil {
			b.Fatal("nothing chosen")
		}
	}
}

// BenchmarkCallAndRequeue measures a whole call decision plus applying its event with
// 10,000 waiting: Call, then Apply. Each round tops the queue up again (untimed).
func BenchmarkCallAndRequeue(b *testing.B) {
	h := newTestHall(b, DefaultPolicy())
	issue := func(i int) {
		evs, _, err := h.Issue(IssueCmd{ID: fmt.Sprint("b", i), Item: "440199-A-001", Source: "k"}, h.now)
		if err != nil {
			b.Fatal(err)
		}
		h.apply(evs)
	}
	for i := 0; i < 10000; i++ {
		issue(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		evs, err := h.Call(1, "c", h.now)
		if err != nil || len(evs) == 0 {
			b.Fatal(err)
		}
		h.apply(evs)
		b.StopTimer()
		h.must(h.NoShow(1, "c", h.now))
		issue(10000 + i)
		b.StartTimer()
	}
}
