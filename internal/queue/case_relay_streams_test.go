package queue

import "testing"

// TestAdmitRelayStreamsOfOneCase: the messages of one case's sub-cases relayed to two
// departments are two streams (case, department, hop), each admitted once and in order
// on its own: the second department's first message is new, not a retry of the first's.
func TestAdmitRelayStreamsOfOneCase(t *testing.T) {
	const no = "s1-20261125-0001"
	steps := []struct {
		dept string
		hop  RelayHop
		seq  uint64
		want RelayVerdict
	}{
		{deptBDC, HopOut, 1, RelayNew},
		{deptGJJ, HopOut, 1, RelayNew}, // the fault: taken for a duplicate of BDC's
		{deptBDC, HopOut, 1, RelayDuplicate},
		{deptGJJ, HopOut, 1, RelayDuplicate},
		{deptGJJ, HopOut, 3, RelayGap},
		{deptGJJ, HopOut, 2, RelayNew},
		{deptBDC, HopBack, 1, RelayNew},
		{deptGJJ, HopBack, 2, RelayGap},
		{deptGJJ, HopBack, 1, RelayNew},
		{deptBDC, HopOut, 2, RelayNew},
		{deptGJJ, HopBack, 1, RelayDuplicate},
	}
	last := map[RelayStream]uint64{}
	for i, s := range steps {
		m := RelayMsg{Case: no, Dept: s.dept, Hop: s.hop, Seq: s.seq}
		got := AdmitRelay(last[m.Stream()], m.Seq)
		if got != s.want {
			t.Errorf("step %d (%s %s %d): %d, want %d", i, s.dept, s.hop, s.seq, got, s.want)
		}
		if got == RelayNew {
			last[m.Stream()] = m.Seq
		}
	}
	if len(last) != 4 {
		t.Errorf("%d streams, want 4 (two departments, two hops): %v", len(last), last)
	}
}

// bundleHalls are the accepting hall s1 and two deciding halls: the bundle's BDC sits
// at bdc, its GJJ at gjj (the same hall or two), its ZJJ at s1.
func bundleHalls(t *testing.T, bdc, gjj string) map[string]*caseHall {
	cat := caseCatalog(t)
	for i := range cat.Departments {
		switch cat.Departments[i].Code {
		case deptBDC:
			cat.Departments[i].Center = bdc
		case deptGJJ:
			cat.Departments[i].Center = gjj
		}
	}
	cat = reparse(t, cat)
	halls := map[string]*caseHall{}
	for _, code := range []string{"s1", bdc, gjj} {
		h := newCaseHall(t, testCalendar(t))
		h.Catalog, h.Center = cat, code
		halls[code] = h
	}
	return halls
}

// relayIn takes an outbound message at h as the relay does; it returns the events.
func relayIn(t *testing.T, h *caseHall, m RelayMsg) []Event {
	t.Helper()
	var here *Case // the case as the store holds it, closed or not
	for _, ev := range h.log {
		if ev.Case != nil && ev.Case.No == m.Case {
			here = ev.Case
		}
	}
	return h.mustCase(func() ([]Event, error) { evs, _, err := h.RelayIn(relayed(t, m), here, h.now); return evs, err }())
}

// TestRelayBundleToTwoCenters: a bundle with one sub-case decided at d1, one at d2 and
// one here goes out as two streams each from seq 1; each center decides its own (one
// approves, one refuses) and the accepting case is ready only once all three are.
func TestRelayBundleToTwoCenters(t *testing.T) {
	halls := bundleHalls(t, "d1", "d2")
	s1 := halls["s1"]
	no := s1.accept(bundleItem)
	s1.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
	out := RelayOut(s1.OpenCases[no], "s1", nil)
	if len(out) != 2 || out[0].Stream() == out[1].Stream() || out[0].Seq != 1 || out[1].Seq != 1 {
		t.Fatalf("RelayOut = %+v, want two streams from seq 1", out)
	}
	var back []RelayMsg
	for _, m := range out {
		d := halls[m.To]
		relayIn(t, d, m)
		if evs := relayIn(t, d, m); len(evs) != 0 {
			t.Fatalf("the sub-case of %s taken twice at %s: %v", m.Dept, m.To, evs)
		}
		d.do(CaseCmd{Action: CaseClaim, Case: no, Dept: m.Dept})
		decide := CaseCmd{Action: CaseApprove, Case: no, Dept: m.Dept}
		if m.Dept == deptGJJ {
			decide = CaseCmd{Action: CaseRefuse, Case: no, Dept: m.Dept, Refusal: &Refusal{Reasons: []string{"不符合条件"}, Basis: "《住房公积金管理条例》第二十四条"}}
		}
		back = append(back, follow(t, d, d.do(decide)))
	}
	s1.do(CaseCmd{Action: CaseClaim, Case: no, Dept: deptZJ})
	s1.do(CaseCmd{Action: CaseApprove, Case: no, Dept: deptZJ})
	for i, m := range back {
		if m.Seq != 1 || m.To != "s1" {
			t.Fatalf("the decision of %s: %+v", m.Dept, m)
		}
		evs := take(t, s1, m)
		if ready := evs[len(evs)-1].Type == CaseReady; ready != (i == len(back)-1) {
			t.Fatalf("after the decision of %s the case is ready %v", m.Dept, ready)
		}
	}
	c := s1.OpenCases[no]
	for _, p := range c.Parts {
		if want := map[string]PartState{deptBDC: PartApproved, deptGJJ: PartRefused, deptZJ: PartApproved}[p.Dept]; p.State != want {
			t.Errorf("the sub-case of %s is %s, want %s", p.Dept, p.State, want)
		}
	}
}

// TestRelayBundleTwoPartsOneCenter: two sub-cases of one case relayed to the same center
// open one case there with two parts, each in its own department's inbox, each taken
// once; the case closes there only when both are decided, and each decision goes back
// on its own stream. A sub-case that arrives after its sibling's decision closed the
// case there reopens it.
func TestRelayBundleTwoPartsOneCenter(t *testing.T) {
	halls := bundleHalls(t, "d1", "d1")
	s1, d1 := halls["s1"], halls["d1"]
	no := s1.accept(bundleItem)
	s1.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
	out := RelayOut(s1.OpenCases[no], "s1", nil)
	if len(out) != 2 {
		t.Fatalf("RelayOut = %+v", out)
	}
	for _, m := range out {
		if evs := relayIn(t, d1, m); len(evs) != 1 || evs[0].Type != CaseRelayedIn {
			t.Fatalf("the sub-case of %s at d1: %v", m.Dept, evs)
		}
	}
	for _, m := range out {
		if evs := relayIn(t, d1, m); len(evs) != 0 {
			t.Fatalf("the sub-case of %s taken twice: %v", m.Dept, evs)
		}
	}
	c := d1.OpenCases[no]
	if len(c.Parts) != 2 || c.RelayedFrom != "s1" {
		t.Fatalf("the case at d1: %+v", c)
	}
	for _, m := range out {
		if lines := d1.Inbox(m.Dept); len(lines) != 1 || lines[0].Part.Dept != m.Dept {
			t.Fatalf("%s's inbox at d1: %+v", m.Dept, lines)
		}
	}
	var back []RelayMsg
	for i, m := range out {
		d1.do(CaseCmd{Action: CaseClaim, Case: no, Dept: m.Dept})
		evs := d1.do(CaseCmd{Action: CaseApprove, Case: no, Dept: m.Dept})
		if closed := evs[len(evs)-1].Type == CaseDelivered; closed != (i == 1) {
			t.Fatalf("after %d of 2 decided at d1 the case is closed %v", i+1, closed)
		}
		back = append(back, follow(t, d1, evs))
	}
	if back[0].Stream() == back[1].Stream() || back[0].Seq != 1 || back[1].Seq != 1 {
		t.Fatalf("the decisions going back: %+v", back)
	}
	for _, m := range back {
		take(t, s1, m)
	}
	s1.do(CaseCmd{Action: CaseClaim, Case: no, Dept: deptZJ})
	if evs := s1.do(CaseCmd{Action: CaseApprove, Case: no, Dept: deptZJ}); evs[len(evs)-1].Type != CaseReady {
		t.Fatalf("the accepting case after all three: %v", evs)
	}

	// Late: the second sub-case arrives after the first was decided and closed the case.
	late := s1.accept(bundleItem)
	s1.do(CaseCmd{Action: CaseRoute, Case: late, Staff: "router"})
	out = RelayOut(s1.OpenCases[late], "s1", nil)
	relayIn(t, d1, out[0])
	d1.do(CaseCmd{Action: CaseClaim, Case: late, Dept: out[0].Dept})
	if evs := d1.do(CaseCmd{Action: CaseApprove, Case: late, Dept: out[0].Dept}); evs[len(evs)-1].Type != CaseDelivered {
		t.Fatalf("the first sub-case alone at d1: %v", evs)
	}
	if evs := relayIn(t, d1, out[1]); len(evs) != 1 || evs[0].Case.State != CaseInProgress || len(evs[0].Case.Parts) != 2 {
		t.Fatalf("the late sub-case at d1: %+v", evs)
	}
	if evs := relayIn(t, d1, out[0]); len(evs) != 0 {
		t.Fatalf("the decided sub-case taken again: %v", evs)
	}
	if lines := d1.Inbox(out[1].Dept); len(lines) != 1 || lines[0].Case.No != late {
		t.Fatalf("%s's inbox at d1: %+v", out[1].Dept, lines)
	}
}
