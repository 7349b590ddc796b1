package queue

import (
	"encoding/json"
	"slices"
	"testing"
)

// relayHalls are an accepting center s1 and a deciding center d1 whose catalog places
// the BDC at d1 and the ZJJ at a third center x9.
func relayHalls(t *testing.T) (s1, d1 *caseHall) {
	cat := caseCatalog(t)
	for i := range cat.Departments {
		switch cat.Departments[i].Code {
		case deptBDC:
			cat.Departments[i].Center = "d1"
		case deptZJ:
			cat.Departments[i].Center = "x9"
		}
	}
	cat = reparse(t, cat)
	s1, d1 = newCaseHall(t, testCalendar(t)), newCaseHall(t, testCalendar(t))
	s1.Catalog, s1.Center = cat, "s1"
	d1.Catalog, d1.Center = cat, "d1"
	return s1, d1
}

// relayed passes a message through its JSON form and its check, as the city tier does.
func relayed(t *testing.T, m RelayMsg) RelayMsg {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out RelayMsg
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if err := out.Check(); err != nil {
		t.Fatalf("relay message %s: %v", b, err)
	}
	return out
}

// follow returns the one message the last events send on, failing when there is none.
func follow(t *testing.T, h *caseHall, evs []Event) RelayMsg {
	t.Helper()
	var out []RelayMsg
	for i := range evs {
		if m, ok := RelayFollow(&evs[i], h.Center); ok {
			out = append(out, relayed(t, m))
		}
	}
	if len(out) != 1 {
		t.Fatalf("events %v send %d relay messages, want 1", evs, len(out))
	}
	return out[0]
}

// take applies a message at h as the relay does; it returns the events.
func take(t *testing.T, h *caseHall, m RelayMsg) []Event {
	t.Helper()
	c, ok := h.Case(m.Case)
	if !ok {
		t.Fatalf("no case %s", m.Case)
	}
	p, ok := c.RelayPart(m.Dept)
	if !ok {
		t.Fatalf("case %s has no sub-case relayed as %s", m.Case, m.Dept)
	}
	cmds, err := RelaySteps(p, m, RelayStaff(m.From))
	if err != nil {
		t.Fatalf("relay steps of %+v: %v", m, err)
	}
	var evs []Event
	for _, cmd := range cmds {
		evs = append(evs, h.do(cmd)...)
	}
	now, _ := h.Case(m.Case)
	if now == nil {
		now = c // closed by the message: nothing left to take it again
	}
	p, _ = now.RelayPart(m.Dept)
	if again, err := RelaySteps(p, m, RelayStaff(m.From)); err != nil || len(again) != 0 {
		t.Fatalf("the same message again: %v %v, want nothing", again, err)
	}
	return evs
}

// TestRelayedSupplementAndSuspension walks a relayed sub-case between two halls: the
// deciding officer's suspension, resumption and supplement go back (seq 1, 2, 3) and
// the accepting sub-case takes each on, its clock stopped and started; the deciding
// window may not receive the supplement (the citizen is not there), the accepting one
// does and it goes out (seq 2), resuming the deciding sub-case with the same due day;
// the decision goes back (seq 4) and the accepting case is ready. Each message taken
// again changes nothing; one past a gap is refused.
func TestRelayedSupplementAndSuspension(t *testing.T) {
	s1, d1 := relayHalls(t)
	no := s1.accept(plainItem)
	s1.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
	out := RelayOut(s1.OpenCases[no], "s1", nil)
	if len(out) != 1 {
		t.Fatalf("RelayOut: %+v", out)
	}
	d1.mustCase(func() ([]Event, error) { evs, _, err := d1.RelayIn(relayed(t, out[0]), nil, d1.now); return evs, err }())
	d1.do(CaseCmd{Action: CaseClaim, Case: no, Dept: deptBDC})

	m := follow(t, d1, d1.do(CaseCmd{Action: CaseSuspend, Case: no, Dept: deptBDC, Hold: "inspection", Reason: "现场检验"}))
	if m.Hop != HopBack || m.Step != StepSuspend || m.Seq != 1 || m.To != "s1" || m.Hold != "inspection" {
		t.Fatalf("the suspension's message %+v", m)
	}
	take(t, s1, m)
	if p := s1.OpenCases[no].Parts[0]; p.State != PartSuspended || p.StoppedOn == "" || s1.OpenCases[no].Stage() != StageSuspended {
		t.Fatalf("the accepting sub-case after the suspension: %+v", p)
	}
	take(t, s1, follow(t, d1, d1.do(CaseCmd{Action: CaseResume, Case: no, Dept: deptBDC})))

	needed := []CaseMaterial{{Item: plainItem, Code: "m1", Note: "复印件不清晰"}}
	gap := follow(t, d1, d1.do(CaseCmd{Action: CaseSupplement, Case: no, Dept: deptBDC, Needed: needed}))
	gap.Seq = 4
	if _, err := RelaySteps(&s1.OpenCases[no].Parts[0], gap, RelayStaff("d1")); ErrorCode(err) != Conflict {
		t.Fatalf("a message past a gap: %v, want conflict", err)
	}
	gap.Seq = 3
	take(t, s1, gap)
	sp, dp := s1.OpenCases[no].Parts[0], d1.OpenCases[no].Parts[0]
	if sp.State != PartSupplement || !slices.Equal(sp.Needed, dp.Needed) || sp.StoppedOn == "" || s1.OpenCases[no].Stage() != StageSupplement {
		t.Fatalf("the accepting sub-case after the supplement: %+v", sp)
	}
	if _, _, err := d1.DecideCase(CaseCmd{Action: CaseSupply, Case: no, Dept: deptBDC, Staff: "clerk", Supplied: needed}, d1.now); ErrorCode(err) != Conflict {
		t.Fatalf("the deciding window receives the supplement: %v, want conflict", err)
	}
	s1.at("2026-11-27")
	d1.at("2026-11-27")
	m = follow(t, s1, s1.do(CaseCmd{Action: CaseSupply, Case: no, Dept: deptBDC, Staff: "clerk", Supplied: needed}))
	if m.Hop != HopOut || m.Step != StepSupplied || m.Seq != 2 || m.To != "d1" {
		t.Fatalf("the supplement received: %+v", m)
	}
	take(t, d1, m)
	sp, dp = s1.OpenCases[no].Parts[0], d1.OpenCases[no].Parts[0]
	if dp.State != PartClaimed || dp.StoppedOn != "" || sp.Due != dp.Due || sp.StoppedDays != 2 || dp.StoppedDays != 2 {
		t.Fatalf("the clocks after the supplement: accepting %+v, deciding %+v", sp, dp)
	}
	evs := take(t, s1, follow(t, d1, d1.do(CaseCmd{Action: CaseApprove, Case: no, Dept: deptBDC})))
	if last := evs[len(evs)-1]; last.Type != CaseReady || s1.OpenCases[no].Parts[0].RelayTaken != 4 {
		t.Fatalf("after the relayed approval: %s %+v", last.Type, s1.OpenCases[no].Parts[0])
	}
}

// TestRelayedTransferAndText: the deciding center transfers within itself (the decision
// still goes back under the department it was relayed to) but not to a department of
// another center; a note or reason that would carry an ID or phone number to the other
// center is refused; a local officer cannot record a relay seq.
func TestRelayedTransferAndText(t *testing.T) {
	s1, d1 := relayHalls(t)
	no := s1.accept(plainItem)
	s1.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
	d1.mustCase(func() ([]Event, error) {
		evs, _, err := d1.RelayIn(RelayOut(s1.OpenCases[no], "s1", nil)[0], nil, d1.now)
		return evs, err
	}())
	d1.do(CaseCmd{Action: CaseClaim, Case: no, Dept: deptBDC})
	refused := []struct {
		name string
		cmd  CaseCmd
		code Code
	}{
		{"transfer to another center", CaseCmd{Action: CaseTransfer, To: deptZJ, Reason: "转办"}, Conflict},
		{"a phone in a note", CaseCmd{Action: CaseSupplement, Needed: []CaseMaterial{{Code: "m1", Note: "请致电13900001234"}}}, Invalid},
		{"an ID number in a reason", CaseCmd{Action: CaseSuspend, Hold: "inspection", Reason: "申请人440106198501011000"}, Invalid},
		{"a relay seq from an officer", CaseCmd{Action: CaseSuspend, Hold: "inspection", Reason: "检验", RelaySeq: 9}, Invalid},
	}
	for _, r := range refused {
		r.cmd.Case, r.cmd.Dept, r.cmd.Staff = no, deptBDC, "officer1"
		if _, _, err := d1.DecideCase(r.cmd, d1.now); ErrorCode(err) != r.code {
			t.Errorf("%s: %v, want %s", r.name, err, r.code)
		}
	}
	d1.do(CaseCmd{Action: CaseTransfer, Case: no, Dept: deptBDC, To: deptGJJ, Reason: "转公积金中心"})
	d1.do(CaseCmd{Action: CaseClaim, Case: no, Dept: deptGJJ, Staff: "officer2"})
	m := follow(t, d1, d1.do(CaseCmd{Action: CaseApprove, Case: no, Dept: deptGJJ, Staff: "officer2"}))
	if m.Dept != deptBDC || m.Decision != PartApproved || m.Seq != 1 {
		t.Fatalf("the decision after a transfer: %+v", m)
	}
	if evs := take(t, s1, m); evs[len(evs)-1].Type != CaseReady {
		t.Fatalf("the accepting case after the decision: %v", evs)
	}
}

// TestRelayStepMsgCheck: each step is known on its own hop only and carries its own
// fields; texts hold no ID or phone number.
func TestRelayStepMsgCheck(t *testing.T) {
	base := RelayMsg{Case: "N1", Hop: HopBack, Seq: 2, From: "d1", To: "s1", Dept: "GA"}
	need := []CaseMaterial{{Item: "hk01", Code: "m1", Note: "复印件不清晰"}}
	cases := []struct {
		name string
		edit func(m *RelayMsg)
		ok   bool
	}{
		{"supplement", func(m *RelayMsg) { m.Step, m.Needed = StepSupplement, need }, true},
		{"suspend", func(m *RelayMsg) { m.Step, m.Hold, m.Reason = StepSuspend, "hearing", "听证" }, true},
		{"resume", func(m *RelayMsg) { m.Step, m.Reason = StepResume, "听证结束" }, true},
		{"supplied", func(m *RelayMsg) { m.Hop, m.From, m.To, m.Step = HopOut, "s1", "d1", StepSupplied }, true},
		{"supplied on the way back", func(m *RelayMsg) { m.Step = StepSupplied }, false},
		{"supplement on the way out", func(m *RelayMsg) { m.Hop, m.From, m.To, m.Step, m.Needed = HopOut, "s1", "d1", StepSupplement, need }, false},
		{"unknown step", func(m *RelayMsg) { m.Step = "sideways" }, false},
		{"supplement with nothing", func(m *RelayMsg) { m.Step = StepSupplement }, false},
		{"supplement with a decision", func(m *RelayMsg) { m.Step, m.Needed, m.Decision = StepSupplement, need, PartApproved }, false},
		{"decision with materials", func(m *RelayMsg) { m.Decision, m.Needed = PartApproved, need }, false},
		{"suspend unknown procedure", func(m *RelayMsg) { m.Step, m.Hold, m.Reason = StepSuspend, "nap", "x" }, false},
		{"suspend without reason", func(m *RelayMsg) { m.Step, m.Hold = StepSuspend, "hearing" }, false},
		{"a reason on a supplement", func(m *RelayMsg) { m.Step, m.Needed, m.Reason = StepSupplement, need, "x" }, false},
		{"a phone in a note", func(m *RelayMsg) {
			m.Step, m.Needed = StepSupplement, []CaseMaterial{{Code: "m1", Note: "电话13900001234"}}
		}, false},
		{"an ID number in a reason", func(m *RelayMsg) { m.Step, m.Reason = StepResume, "44010619850101100X" }, false},
		{"a bad material code", func(m *RelayMsg) { m.Step, m.Needed = StepSupplement, []CaseMaterial{{Code: "身份证"}} }, false},
	}
	for _, c := range cases {
		m := base
		c.edit(&m)
		err := m.Check()
		if (err == nil) != c.ok || (err != nil && ErrorCode(err) != Invalid) {
			t.Errorf("%s: Check() = %v, want ok %v", c.name, err, c.ok)
		}
	}
}
