package queue

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizeMobile(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"13800000000", "13800000000"},
		{" 138 0000 0000 ", "13800000000"},
		{"138-0000-0000", "13800000000"},
		{"+8619912345678", "19912345678"},
		{"8615012345678", "15012345678"},
		{"12800000000", ""},  // 12x is no mobile prefix
		{"1380000000", ""},   // 10 digits
		{"138000000000", ""}, // 12 digits
		{"1380000000a", ""},  // a letter
		{"+85291234567", ""}, // Hong Kong: not mainland
		{"", ""},
		{"２３８００００００００", ""}, // full-width digits
	} {
		got, err := NormalizeMobile(tc.in)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		if err != nil && ErrorCode(err) != Invalid {
			t.Errorf("NormalizeMobile(%q): code %s, want invalid", tc.in, ErrorCode(err))
		}
	}
}

// TestRemoteCodes walks one number through codes: each step's error code and message,
// and the state after it.
func TestRemoteCodes(t *testing.T) {
	r := DefaultRemoteRules()
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai)
	const item = "440199-A-001"
	good, bad := CodeHash("n", "123456"), CodeHash("n", "000000")
	type step struct {
		name     string
		send     bool   // send a code, else confirm
		hash     string // the code given (confirm)
		item     string
		at       time.Duration
		code     Code // "" for success
		msg      string
		tries    int
		issued   int
		hasCode  bool
		isLocked bool
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"right first time", []step{
			{name: "send", send: true, at: 0, hasCode: true},
			{name: "confirm", hash: good, at: time.Minute, issued: 1},
			{name: "used up", hash: good, at: 2 * time.Minute, code: Invalid, msg: "ask for a code first", issued: 1},
		}},
		{"no code asked for", []step{
			{name: "confirm", hash: good, code: Invalid, msg: "ask for a code first"},
		}},
		{"expired after 5 minutes", []step{
			{name: "send", send: true, hasCode: true},
			{name: "4:59 still good but wrong", hash: bad, at: 5*time.Minute - time.Second, code: Invalid, msg: "4 tries left", tries: 1, hasCode: true},
			{name: "5:00 expired", hash: good, at: 5 * time.Minute, code: Invalid, msg: "expired", tries: 1},
		}},
		{"five wrong codes lock", []step{
			{name: "send", send: true, hasCode: true},
			{name: "1", hash: bad, at: 1, code: Invalid, msg: "4 tries left", tries: 1, hasCode: true},
			{name: "2", hash: bad, at: 2, code: Invalid, msg: "3 tries left", tries: 2, hasCode: true},
			{name: "3", hash: bad, at: 3, code: Invalid, msg: "2 tries left", tries: 3, hasCode: true},
			{name: "4", hash: bad, at: 4, code: Invalid, msg: "1 tries left", tries: 4, hasCode: true},
			{name: "5 locks", hash: bad, at: 5, code: Limited, msg: "locked until 11:00", tries: 5, isLocked: true},
			{name: "right code while locked", hash: good, at: 6, code: Limited, msg: "locked", tries: 5, isLocked: true},
			{name: "no new code while locked", send: true, at: 30 * time.Minute, code: Limited, msg: "locked", tries: 5, isLocked: true},
			{name: "after the hour a new code", send: true, at: time.Hour + time.Second, hasCode: true},
			{name: "and it works", hash: good, at: time.Hour + 2*time.Second, issued: 1},
		}},
		{"code for another item", []step{
			{name: "send", send: true, hasCode: true},
			{name: "confirm other item", hash: good, item: "440199-A-002", at: 1, code: Invalid, msg: "another item", hasCode: true},
		}},
		{"resend too soon", []step{
			{name: "send", send: true, hasCode: true},
			{name: "again at 30 s", send: true, at: 30 * time.Second, code: Limited, msg: "try again in 30 s", hasCode: true},
			{name: "again at 60 s", send: true, at: time.Minute, hasCode: true},
		}},
		{"two tickets a day", []step{
			{name: "send", send: true, hasCode: true},
			{name: "1st", hash: good, at: 1, issued: 1},
			{name: "send", send: true, at: time.Minute, hasCode: true, issued: 1},
			{name: "2nd", hash: good, at: time.Minute + 1, issued: 2},
			{name: "no 3rd code", send: true, at: 2 * time.Minute, code: Limited, msg: "taken its 2 remote tickets", issued: 2},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var st CodeState
			for _, s := range tc.steps {
				it := s.item
				if it == "" {
					it = item
				}
				var err error
				if s.send {
					st, err = r.SendCode(st, it, good, t0.Add(s.at))
				} else {
					st, err = r.Confirm(st, it, s.hash, t0.Add(s.at))
				}
				if ErrorCode(err) != s.code || (err != nil && !strings.Contains(err.Error(), s.msg)) {
					t.Fatalf("%s: err %v (%s); want %s %q", s.name, err, ErrorCode(err), s.code, s.msg)
				}
				if st.Tries != s.tries || st.Issued != s.issued || (st.Hash != "") != s.hasCode || t0.Add(s.at).Before(st.LockedUntil) != s.isLocked {
					t.Fatalf("%s: state %+v; want tries %d issued %d code %v locked %v", s.name, st, s.tries, s.issued, s.hasCode, s.isLocked)
				}
			}
		})
	}
}

func TestRemoteCodesPerDay(t *testing.T) {
	r := DefaultRemoteRules()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai)
	var st CodeState
	var err error
	for i := range r.CodesPerDay {
		if st, err = r.SendCode(st, "x", "h", now.Add(time.Duration(i)*r.ResendAfter)); err != nil {
			t.Fatalf("code %d: %v", i+1, err)
		}
	}
	_, err = r.SendCode(st, "x", "h", now.Add(time.Hour))
	if ErrorCode(err) != Limited || !strings.Contains(err.Error(), "6 codes today") {
		t.Fatalf("code %d: %v, want limited", r.CodesPerDay+1, err)
	}
}

func TestRemoteHours(t *testing.T) {
	for _, tc := range []struct {
		clock string
		open  bool
	}{
		{"08:59", false}, {"09:00", true}, {"12:30", true}, {"16:59", true}, {"17:00", false}, {"22:00", false},
	} {
		h := newTestHall(t, DefaultPolicy())
		h.Catalog.Center.Hours = &Hours{Open: "09:00", Close: "17:00"}
		c, _ := time.Parse("15:04", tc.clock)
		now := time.Date(2026, 11, 25, c.Hour(), c.Minute(), 0, 0, shanghai)
		_, _, err := h.Issue(IssueCmd{ID: "r1", Item: "440199-A-001", Source: RemoteSource, Remote: true}, now)
		if (err == nil) != tc.open {
			t.Errorf("remote ticket at %s: %v; want open %v", tc.clock, err, tc.open)
		}
		if err != nil && (ErrorCode(err) != Conflict || !strings.Contains(err.Error(), "opening hours only, 09:00–17:00")) {
			t.Errorf("at %s: %v", tc.clock, err)
		}
		// a kiosk ticket is no business of these rules
		if _, _, err := h.Issue(IssueCmd{ID: "k1", Item: "440199-A-001", Source: "kiosk-1"}, now); err != nil {
			t.Errorf("kiosk ticket at %s: %v", tc.clock, err)
		}
	}
}

// TestRemoteArrival: a remote ticket not checked in is missed when its turn comes, and
// the window calls the next; one checked in is called in its place; check-in is refused
// for kiosk tickets and tickets no longer waiting, and repeated changes nothing.
func TestRemoteArrival(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	issueRemote := func(id string) *Ticket {
		h.now = h.now.Add(time.Minute)
		evs, tk, err := h.Issue(IssueCmd{ID: id, Item: "440199-A-001", Source: RemoteSource, Remote: true}, h.now)
		if err != nil {
			t.Fatal(err)
		}
		h.apply(evs)
		return tk
	}
	away := issueRemote("r-away")
	here := issueRemote("r-here")
	kiosk := h.issue("440199-A-001", "normal")

	if _, _, err := h.CheckIn(kiosk.ID, h.now); ErrorCode(err) != Conflict {
		t.Fatalf("check in a kiosk ticket: %v, want conflict", err)
	}
	if _, _, err := h.CheckIn("nope", h.now); ErrorCode(err) != NotFound {
		t.Fatalf("check in an unknown ticket: %v, want not found", err)
	}
	evs, _, err := h.CheckIn(here.ID, h.now)
	if err != nil || len(evs) != 1 || evs[0].Type != TicketCheckedIn || evs[0].Ticket.CheckedIn.IsZero() {
		t.Fatalf("check in: %v %+v", err, evs)
	}
	h.apply(evs)
	if again, _, err := h.CheckIn(here.ID, h.now); err != nil || len(again) != 0 {
		t.Fatalf("check in again: %v %d events, want none", err, len(again))
	}

	evs = h.must(h.Call(1, "clerk", h.now))
	if len(evs) != 2 || evs[0].Type != TicketNoShow || evs[0].Ticket.ID != away.ID || evs[0].Reason != ReasonNotCheckedIn ||
		evs[1].Type != TicketCalled || evs[1].Ticket.ID != here.ID {
		t.Fatalf("call: %+v; want away missed then here called", evs)
	}
	if h.Tickets[away.ID].State != Missed || h.Queue.Len() != 1 {
		t.Fatalf("away is %s, %d waiting; want missed, 1 (the kiosk ticket)", h.Tickets[away.ID].State, h.Queue.Len())
	}
	if _, _, err := h.CheckIn(away.ID, h.now); ErrorCode(err) != Conflict || !strings.Contains(err.Error(), "too late") {
		t.Fatalf("check in a missed ticket: %v", err)
	}
	// staff reinstate the latecomer; checked in, it is called
	h.must(h.Reinstate(away.ID, "clerk", h.now))
	if evs, _, err = h.CheckIn(away.ID, h.now); err != nil {
		t.Fatal(err)
	}
	h.apply(evs)
	if a, b := h.call(2), h.call(2); a != away.Number && b != away.Number {
		t.Fatalf("window 2 called %s and %s, not the reinstated %s", a, b, away.Number)
	}
	// only remote tickets not checked in waiting: all missed, nobody called
	h2 := newTestHall(t, DefaultPolicy())
	h = h2
	issueRemote("r1")
	issueRemote("r2")
	evs = h.must(h.Call(1, "clerk", h.now))
	if len(evs) != 2 || evs[0].Type != TicketNoShow || evs[1].Type != TicketNoShow || h.Queue.Len() != 0 {
		t.Fatalf("call with only absent remote tickets: %+v", evs)
	}
}

// TestRemoteJoinAtCheckIn: in a hall whose remote tickets join at check-in, one not
// checked in is out of the call order (not called, not missed, not counted ahead of
// anyone) and is quoted the wait it would have if it checked in now; checked in, it joins
// at the back, behind tickets issued after it.
func TestRemoteJoinAtCheckIn(t *testing.T) {
	p := DefaultPolicy()
	p.JoinAtCheckIn = true
	h := newTestHall(t, p)
	first := h.issue("440199-A-001", "normal")
	h.now = h.now.Add(time.Minute)
	evs, r, err := h.Issue(IssueCmd{ID: "r1", Item: "440199-A-001", Source: RemoteSource, Remote: true}, h.now)
	if err != nil {
		t.Fatal(err)
	}
	h.apply(evs)
	later := h.issue("440199-A-001", "normal")
	if h.Queue.Len() != 2 || h.Queue.Ahead(h.Tickets[later.ID]) != 1 {
		t.Fatalf("%d in the call order, %d ahead of the later ticket; want 2, 1", h.Queue.Len(), h.Queue.Ahead(h.Tickets[later.ID]))
	}
	if w := h.PredictWait(h.Tickets[r.ID], h.now); w.NoWindow || w.Ahead != 2 {
		t.Fatalf("the remote ticket's wait if it checked in now: %+v; want 2 ahead", w)
	}
	if got := h.call(1); got != first.Number {
		t.Fatalf("called %s, want %s", got, first.Number)
	}
	evs, _, err = h.CheckIn(r.ID, h.now)
	if err != nil {
		t.Fatal(err)
	}
	h.apply(evs)
	if pos := h.Tickets[r.ID].Position; pos <= later.Position {
		t.Fatalf("checked in at position %d, not behind %d", pos, later.Position)
	}
	for _, want := range []string{later.Number, r.Number, ""} {
		if got := h.call(1); got != want {
			t.Fatalf("called %q, want %q", got, want)
		}
	}
	if h.Tickets[r.ID].State != Done {
		t.Fatalf("the remote ticket is %s", h.Tickets[r.ID].State)
	}
}
