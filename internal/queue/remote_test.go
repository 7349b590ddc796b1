package queue

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
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

// turnHall is a hall of n waiting tickets over kinds categories and windows open windows,
// those after the sixth limited to SCJG (as BenchmarkPredictWait's with ten).
func turnHall(tb testing.TB, n, windows, kinds int) *testHall {
	wins := map[int][]string{}
	for w := 1; w <= windows; w++ {
		wins[w] = nil
		if w > 6 {
			wins[w] = []string{"SCJG"}
		}
	}
	h := forecastHall(tb, DefaultPolicy(), wins, map[string]time.Duration{"SSDJ": 6 * time.Minute, "SCJG": 9 * time.Minute})
	items := []string{"440199-A-001", "440199-B-001", "440199-C-001", "440199-D-001", "440199-E-001", "440199-F-001"}[:kinds]
	groups := []string{"", "", "", "", "military"}
	for i := range n {
		h.now = h.now.Add(time.Second - time.Minute)
		h.issue(items[i%len(items)], groups[i%len(groups)])
	}
	return h
}

// TestNearingIsTheForecastFiltered: Nearing answers exactly what the full forecast says:
// for every near from 0 to 29 over the whole queue, and for 300 sets drawn at random from
// the first 60 tickets the forecast calls (where the answers are) and anywhere; with one
// window to ten, some limited to a category.
func TestNearingIsTheForecastFiltered(t *testing.T) {
	for _, c := range []struct{ windows, kinds int }{{1, 1}, {2, 2}, {1, 6}, {7, 6}, {10, 6}} {
		t.Run(fmt.Sprintf("%d windows %d categories", c.windows, c.kinds), func(t *testing.T) {
			nearingIsTheForecastFiltered(t, turnHall(t, 300, c.windows, c.kinds))
		})
	}
}

func nearingIsTheForecastFiltered(t *testing.T, h *testHall) {
	full := h.Forecast(h.now, 1)
	front := make([]string, 0, 60)
	var all []string
	for id, p := range full {
		all = append(all, id)
		if p.Order < 60 {
			front = append(front, id)
		}
	}
	slices.Sort(all)
	slices.Sort(front)
	check := func(name string, ids map[string]bool, near int) {
		t.Helper()
		want := map[string]int{}
		for id := range ids {
			if p, ok := full[id]; ok && p.Ahead <= near {
				want[id] = p.Ahead
			}
		}
		if got := h.Nearing(ids, near, h.now); !maps.Equal(got, want) {
			t.Fatalf("%s, near %d, %d tickets: got %v, want %v", name, near, len(ids), got, want)
		}
	}
	everyone := map[string]bool{}
	for _, id := range all {
		everyone[id] = true
	}
	for near := range 30 {
		check("the whole queue", everyone, near)
	}
	rnd := rand.New(rand.NewPCG(17, 25))
	for trial := range 300 {
		pool := front
		if trial%3 == 0 {
			pool = all
		}
		ids := map[string]bool{}
		for range 1 + rnd.IntN(8) {
			ids[pool[rnd.IntN(len(pool))]] = true
		}
		check(fmt.Sprintf("trial %d", trial), ids, rnd.IntN(15))
	}
}

// BenchmarkNearing: what the turn messages cost the writer after a ticket event, at a
// hall of 2,000 waiting, with ten phone tickets spread through the queue.
func BenchmarkNearing(b *testing.B) {
	h := turnHall(b, 2000, 10, 6)
	ids := map[string]bool{}
	i := 0
	for id, tk := range h.Tickets {
		if tk.State == Waiting && i%200 == 0 {
			ids[id] = true
		}
		i++
	}
	b.ResetTimer()
	for b.Loop() {
		h.Nearing(ids, 5, h.now)
	}
}

// BenchmarkForecastForTurnNotices: the full forecast of the same hall, which Nearing
// saves.
func BenchmarkForecastForTurnNotices(b *testing.B) {
	h := turnHall(b, 2000, 10, 6)
	b.ResetTimer()
	for b.Loop() {
		h.Forecast(h.now, 1)
	}
}
