package queue

import "testing"

func TestTransitionTable(t *testing.T) {
	states := []State{Waiting, Called, Serving, Done, Missed, Cancelled, Expired}
	actions := []Action{ActCall, ActRecall, ActStart, ActNoShow, ActTransfer, ActFinish, ActCancel, ActReinstate, ActExpire}
	allowed := map[State]map[Action]State{
		Waiting: {ActCall: Called, ActCancel: Cancelled, ActExpire: Expired},
		Called:  {ActRecall: Called, ActStart: Serving, ActNoShow: Missed, ActExpire: Expired},
		Serving: {ActTransfer: Waiting, ActFinish: Done, ActExpire: Expired},
		Missed:  {ActReinstate: Waiting, ActExpire: Expired},
	}
	for _, s := range states {
		for _, a := range actions {
			to, err := Transition(s, a)
			want, ok := allowed[s][a]
			switch {
			case ok && (err != nil || to != want):
				t.Errorf("%s --%s--> got (%q, %v), want %q", s, a, to, err, want)
			case !ok && err == nil:
				t.Errorf("%s --%s--> allowed (%q), want refused", s, a, to)
			case !ok && ErrorCode(err) != Conflict:
				t.Errorf("%s --%s--> error code %q, want conflict", s, a, ErrorCode(err))
			}
		}
	}
	if _, err := Transition("bogus", ActCall); ErrorCode(err) != Invalid {
		t.Errorf("unknown state: %v", err)
	}
}

func TestOpenStates(t *testing.T) {
	for s, want := range map[State]bool{Waiting: true, Called: true, Serving: true, Missed: true, Done: false, Cancelled: false, Expired: false} {
		if s.Open() != want {
			t.Errorf("%s.Open() = %v", s, !want)
		}
	}
}

// TestCommandsCheckState runs each window command in each ticket state through the hall.
func TestCommandsCheckState(t *testing.T) {
	type step func(h *testHall) error
	call := func(h *testHall) error { evs, err := h.Call(1, "c", h.now); h.apply(evs); return err }
	start := func(h *testHall) error { evs, err := h.Start(1, "c", h.now); h.apply(evs); return err }
	recall := func(h *testHall) error { evs, err := h.Recall(1, "c", h.now); h.apply(evs); return err }
	noShow := func(h *testHall) error { evs, err := h.NoShow(1, "c", h.now); h.apply(evs); return err }
	finish := func(h *testHall) error {
		evs, err := h.Finish(1, "c", Completed, nil, "", h.now)
		h.apply(evs)
		return err
	}
	transfer := func(h *testHall) error {
		evs, err := h.Transfer(1, "c", 2, "", h.now)
		h.apply(evs)
		return err
	}
	for _, tc := range []struct {
		name  string
		steps []step
		last  step
		code  Code
	}{
		{"start without a call", nil, start, Conflict},
		{"finish without a call", nil, finish, Conflict},
		{"finish a called ticket", []step{call}, finish, Conflict},
		{"transfer a called ticket", []step{call}, transfer, Conflict},
		{"start twice", []step{call, start}, start, Conflict},
		{"no-show while serving", []step{call, start}, noShow, Conflict},
		{"recall while serving", []step{call, start}, recall, Conflict},
		{"call while serving", []step{call, start}, call, Conflict},
		{"call while called", []step{call}, call, Conflict},
		{"recall called", []step{call}, recall, ""},
		{"recall past the limit", []step{call, recall, recall, recall}, recall, Conflict},
		{"no-show called", []step{call}, noShow, ""},
		{"start after no-show", []step{call, noShow}, start, Conflict},
		{"full visit", []step{call, start}, finish, ""},
		{"transfer serving", []step{call, start}, transfer, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHall(t, DefaultPolicy())
			h.issue("440199-A-001", "")
			for _, s := range tc.steps {
				if err := s(h); err != nil {
					t.Fatalf("setup step: %v", err)
				}
			}
			before := h.LastSeq
			err := tc.last(h)
			if ErrorCode(err) != tc.code {
				t.Fatalf("error %v (code %q), want code %q", err, ErrorCode(err), tc.code)
			}
			if err != nil && h.LastSeq != before {
				t.Fatalf("a refused command changed the hall")
			}
		})
	}
}

func TestCancelReinstateAndFinishRules(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	a := h.issue("440199-A-001", "")
	b := h.issue("440199-A-001", "")
	h.must(h.Cancel(b.ID, h.now))
	if _, err := h.Cancel(b.ID, h.now); ErrorCode(err) != Conflict {
		t.Fatalf("second cancel: %v", err)
	}
	if _, err := h.Cancel("nope", h.now); ErrorCode(err) != NotFound {
		t.Fatalf("cancel unknown: %v", err)
	}
	h.must(h.Call(1, "c", h.now))
	h.must(h.NoShow(1, "c", h.now))
	if _, err := h.Reinstate(b.ID, "c", h.now); ErrorCode(err) != Conflict {
		t.Fatalf("reinstate a cancelled ticket: %v", err)
	}
	h.must(h.Reinstate(a.ID, "c", h.now))
	if h.Tickets[a.ID].State != Waiting || h.Queue.Len() != 1 {
		t.Fatalf("reinstated ticket is %s, queue %d", h.Tickets[a.ID].State, h.Queue.Len())
	}
	h.must(h.Call(1, "c", h.now))
	h.must(h.NoShow(1, "c", h.now))
	if _, err := h.Reinstate(a.ID, "c", h.now); ErrorCode(err) != Conflict {
		t.Fatalf("second reinstate beyond the limit: %v", err)
	}

	c := h.issue("440199-A-001", "")
	h.must(h.Call(1, "c", h.now))
	h.must(h.Start(1, "c", h.now))
	for _, tc := range []struct {
		outcome  Outcome
		received []string
		reason   string
		code     Code
	}{
		{"approved", nil, "", Invalid},
		{Rejected, nil, "", Invalid},
		{Rejected, nil, "   ", Invalid},
		{Supplement, []string{"m1", "m2", "m3"}, "", Invalid}, // nothing required missing
		{Accepted, []string{"m9"}, "", Invalid},
		{Accepted, []string{"m1", "m1"}, "", Invalid},
	} {
		if _, err := h.Finish(1, "c", tc.outcome, tc.received, tc.reason, h.now); ErrorCode(err) != tc.code {
			t.Errorf("finish %s %v %q: %v, want %s", tc.outcome, tc.received, tc.reason, err, tc.code)
		}
	}
	evs := h.must(h.Finish(1, "c", Supplement, []string{"m1"}, "", h.now))
	if got := evs[0].Missing; len(got) != 2 || got[0] != "m2" || got[1] != "m3" {
		t.Fatalf("missing = %v, want [m2 m3]", got)
	}
	if h.Tickets[c.ID].State != Done || h.Windows[1].Current != "" || h.Windows[1].Served != 1 {
		t.Fatalf("after finish: ticket %s, window %+v", h.Tickets[c.ID].State, h.Windows[1])
	}
}

func TestWindowCommands(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.issue("440199-A-001", "")
	h.must(h.PauseWindow(1, "c", "午休", h.now))
	if _, err := h.Call(1, "c", h.now); ErrorCode(err) != Conflict {
		t.Fatalf("call at a paused window: %v", err)
	}
	if _, err := h.PauseWindow(1, "c", "again", h.now); ErrorCode(err) != Conflict {
		t.Fatalf("pause a paused window: %v", err)
	}
	h.must(h.OpenWindow(1, "c", h.now))
	h.must(h.Call(1, "c", h.now))
	if _, err := h.CloseWindow(1, "c", h.now); ErrorCode(err) != Conflict {
		t.Fatalf("close with a current ticket: %v", err)
	}
	if _, err := h.Call(42, "c", h.now); ErrorCode(err) != NotFound {
		t.Fatalf("call at an unknown window: %v", err)
	}
	if _, err := h.CreateWindow(Window{Number: 1, Kind: Comprehensive}, h.now); ErrorCode(err) != Conflict {
		t.Fatalf("duplicate window: %v", err)
	}
	if _, err := h.CreateWindow(Window{Number: 7, Kind: "vip"}, h.now); ErrorCode(err) != Invalid {
		t.Fatalf("bad kind: %v", err)
	}
}
