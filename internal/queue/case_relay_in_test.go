package queue

import "testing"

// TestRelayIn: a sub-case relayed in opens a case in its department's inbox with no
// ticket; a second time it changes nothing; the same number from another center,
// another center's department or a decision is refused; once
// approved the case closes here, its result going back by the relay.
func TestRelayIn(t *testing.T) {
	h := newCaseHall(t, nil)
	in := RelayMsg{Case: "s1-20261125-0001", Hop: HopOut, Seq: 1, From: "s1", To: "d1", Dept: deptBDC, Item: plainItem, Days: 5, Due: "2026-12-02"}
	evs, c, err := h.RelayIn(in, nil, h.now)
	if err != nil || len(evs) != 1 || evs[0].Type != CaseRelayedIn || c.Ticket != "" || c.RelayedFrom != "s1" || c.Parts[0].State != PartRouted {
		t.Fatalf("RelayIn: %+v %+v %v", evs, c, err)
	}
	h.record(evs)
	if again, c, err := h.RelayIn(in, h.OpenCases[in.Case], h.now); err != nil || len(again) != 0 || len(c.Parts) != 1 {
		t.Fatalf("taken again: %v %+v %v, want nothing", again, c, err)
	}
	if _, _, err := h.RelayIn(in, &Case{No: in.Case, RelayedFrom: "s2"}, h.now); ErrorCode(err) != Conflict {
		t.Fatalf("a case of the same number from another center: %v, want conflict", err)
	}
	if lines := h.Inbox(deptBDC); len(lines) != 1 || lines[0].Case.No != in.Case {
		t.Fatalf("the department's inbox: %+v", lines)
	}
	bad := []struct {
		name string
		edit func(m *RelayMsg)
		code Code
	}{
		{"a department not of this center", func(m *RelayMsg) { m.Case, m.Dept = "N2", "NOPE" }, Invalid},
		{"a decision", func(m *RelayMsg) { m.Case, m.Hop, m.Decision = "N3", HopBack, PartApproved }, Invalid},
	}
	for _, b := range bad {
		m := in
		b.edit(&m)
		if _, _, err := h.RelayIn(m, nil, h.now); ErrorCode(err) != b.code {
			t.Errorf("%s: %v, want %s", b.name, err, b.code)
		}
	}
	h.do(CaseCmd{Action: CaseClaim, Case: in.Case, Dept: deptBDC})
	evs = h.do(CaseCmd{Action: CaseApprove, Case: in.Case, Dept: deptBDC})
	last := evs[len(evs)-1]
	if last.Type != CaseDelivered || last.Case.State != CaseClosed || last.Case.Delivery.Method != DeliverRelay {
		t.Errorf("approved relayed-in case: %s %+v", last.Type, last.Case)
	}
}

// TestRoutedToAnotherCenter: a sub-case whose department the catalog places at another
// center is routed there (Part.At): it stays out of this center's inbox, no officer
// here may act on it, and only the relay's decision claims and approves it, after which
// the case is ready at the pickup window like any other.
func TestRoutedToAnotherCenter(t *testing.T) {
	h := newCaseHall(t, nil)
	cat := caseCatalog(t)
	for i := range cat.Departments {
		if cat.Departments[i].Code == deptBDC {
			cat.Departments[i].Center = "d1"
		}
	}
	h.Catalog = reparse(t, cat)
	no := h.accept(plainItem)
	h.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
	c, _ := h.Case(no)
	if len(c.Parts) != 1 || c.Parts[0].At != "d1" {
		t.Fatalf("routed parts %+v, want one at d1", c.Parts)
	}
	if lines := h.Inbox(deptBDC); len(lines) != 0 {
		t.Errorf("the relayed sub-case is in this center's inbox: %+v", lines)
	}
	if out := RelayOut(c, h.Center, nil); len(out) != 1 || out[0].To != "d1" {
		t.Errorf("RelayOut = %+v", out)
	}
	if _, _, err := h.DecideCase(CaseCmd{Action: CaseClaim, Case: no, Dept: deptBDC, Staff: "officer1"}, h.now); ErrorCode(err) != Conflict {
		t.Fatalf("a local officer claims a relayed sub-case: %v, want conflict", err)
	}
	m := RelayMsg{Case: no, Hop: HopBack, Seq: 1, From: "d1", To: h.Center, Dept: deptBDC, Decision: PartApproved, Result: ResultPickup}
	cmds, err := RelaySteps(&c.Parts[0], m, RelayStaff("d1"))
	if err != nil {
		t.Fatal(err)
	}
	var last []Event
	for _, cmd := range cmds {
		last = h.do(cmd)
	}
	if ev := last[len(last)-1]; ev.Type != CaseReady || ev.Case.State != CaseResultReady {
		t.Errorf("after the relayed approval: %s %s", ev.Type, ev.Case.State)
	}
}
