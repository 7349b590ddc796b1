package queue

import (
	"testing"
)

// caseStates are the states setupCase brings a case to.
var caseStates = []string{"accepted", "routed", "claimed", "supplement", "suspended", "approved", "refused", "ready"}

// setupCase brings a fresh hall's case to a state and returns the case number and the
// department of the sub-case the actions go to ("" for the only one). The approved and
// refused sub-cases are a bundle's, whose other sub-cases are still undecided.
func setupCase(h *caseHall, state string) (string, string) {
	h.t.Helper()
	if state == "approved" || state == "refused" {
		no := h.accept(bundleItem)
		h.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
		h.do(CaseCmd{Action: CaseClaim, Case: no, Dept: deptBDC})
		if state == "approved" {
			h.do(CaseCmd{Action: CaseApprove, Case: no, Dept: deptBDC})
		} else {
			h.do(CaseCmd{Action: CaseRefuse, Case: no, Dept: deptBDC, Refusal: &Refusal{Reasons: []string{"权属不清"}, Basis: "《不动产登记暂行条例》第二十二条"}})
		}
		return no, deptBDC
	}
	no := h.accept(plainItem)
	steps := map[string][]CaseCmd{
		"routed":     {{Action: CaseRoute, Staff: "router"}},
		"claimed":    {{Action: CaseRoute, Staff: "router"}, {Action: CaseClaim}},
		"supplement": {{Action: CaseRoute, Staff: "router"}, {Action: CaseClaim}, {Action: CaseSupplement, Needed: []CaseMaterial{{Code: "m1"}}}},
		"suspended":  {{Action: CaseRoute, Staff: "router"}, {Action: CaseClaim}, {Action: CaseSuspend, Hold: "hearing", Reason: "申请人要求听证"}},
		"ready":      {{Action: CaseRoute, Staff: "router"}, {Action: CaseClaim}, {Action: CaseApprove}},
	}
	for _, c := range steps[state] {
		c.Case = no
		h.do(c)
	}
	return no, ""
}

// validCaseCmd is a well-formed command for an action, from the officer holding the
// sub-case, so that only the state decides whether it is allowed.
func validCaseCmd(a CaseAction, no, dept string) CaseCmd {
	c := CaseCmd{Action: a, Case: no, Dept: dept, Staff: "officer1"}
	switch a {
	case CaseReassign:
		c.Officer = "officer2"
	case CaseRefuse:
		c.Refusal = &Refusal{Reasons: []string{"申请材料不符合法定形式"}, Basis: "《中华人民共和国行政许可法》第三十八条"}
	case CaseSupplement:
		c.Needed = []CaseMaterial{{Code: "m2", Note: "需提供原件"}}
	case CaseSupply:
		c.Supplied = []CaseMaterial{{Code: "m1"}}
	case CaseTransfer:
		c.To, c.Reason = deptZJ, "不属本部门职权"
	case CaseSuspend:
		c.Hold, c.Reason = "expert_review", "需专家评审"
	case CasePickup:
		c.Window = 9
	case CaseProxyPickup:
		c.Window, c.Proxy, c.Authorised = 9, proxy(), true
	case CasePost:
		c.Tracking = "SF1234567890"
	}
	return c
}

// TestCaseActionsFromEveryState tries every action on a case in every state: the allowed
// ones move it where the table says with the event it names, the others are refused as
// conflicts and change nothing.
func TestCaseActionsFromEveryState(t *testing.T) {
	type move struct{ to, event string }
	allowed := map[string]map[CaseAction]move{
		"accepted": {CaseRoute: {"in_progress", "case.routed"}},
		"routed": {CaseClaim: {"claimed", "case.claimed"}, CaseReassign: {"claimed", "case.reassigned"},
			CaseTransfer: {"routed", "case.transferred"}},
		"claimed": {CaseReassign: {"claimed", "case.reassigned"}, CaseApprove: {"approved", "case.approved"},
			CaseRefuse: {"refused", "case.refused"}, CaseSupplement: {"supplement", "case.supplement_requested"},
			CaseTransfer: {"routed", "case.transferred"}, CaseSuspend: {"suspended", "case.suspended"}},
		"supplement": {CaseSupply: {"claimed", "case.supplemented"}},
		"suspended":  {CaseResume: {"claimed", "case.resumed"}},
		"approved":   {},
		"refused":    {},
		"ready": {CasePickup: {"closed", "case.picked_up"}, CaseProxyPickup: {"closed", "case.picked_up"},
			CasePost: {"closed", "case.posted"}},
	}
	if len(allowed) != len(caseStates) {
		t.Fatalf("%d states in the table, %d set up", len(allowed), len(caseStates))
	}
	for state, moves := range allowed {
		for _, a := range CaseActions {
			t.Run(state+"/"+string(a), func(t *testing.T) {
				h := newCaseHall(t, testCalendar(t))
				no, dept := setupCase(h, state)
				before := caseJSON(t, h.Hall)
				evs, c, err := h.DecideCase(validCaseCmd(a, no, dept), h.now)
				if after := caseJSON(t, h.Hall); after != before {
					t.Fatalf("deciding changed the hall:\n%s\n%s", before, after)
				}
				want, ok := moves[a]
				if !ok {
					if ErrorCode(err) != Conflict || ErrorMessage(err) == "" {
						t.Fatalf("%s from %s: %v, want a conflict with a message", a, state, err)
					}
					if evs != nil || c != nil {
						t.Fatalf("refused, yet events %v", evs)
					}
					return
				}
				if err != nil {
					t.Fatalf("%s from %s refused: %v", a, state, err)
				}
				if string(evs[0].Type) != want.event {
					t.Errorf("event %s, want %s", evs[0].Type, want.event)
				}
				got := string(evs[0].Case.State)
				if !caseWide(a) {
					p, _ := evs[0].Case.Part(evs[0].Dept)
					got = string(p.State)
				}
				if got != want.to {
					t.Errorf("%s from %s reached %s, want %s", a, state, got, want.to)
				}
				h.record(evs)
				if after := caseJSON(t, h.Hall); after == before {
					t.Errorf("applying %s changed nothing", evs[0].Type)
				}
			})
		}
	}
}

// TestClosedCaseTakesNoAction: a handed-over case leaves the open cases; every action on
// it is refused as not found, with nothing changed.
func TestClosedCaseTakesNoAction(t *testing.T) {
	h := newCaseHall(t, nil)
	no, _ := setupCase(h, "ready")
	evs := h.do(validCaseCmd(CasePickup, no, ""))
	if d := evs[0].Case.Delivery; d == nil || d.Method != DeliverApplicant || d.Window != 9 || evs[0].Case.ClosedAt.IsZero() {
		t.Fatalf("delivery %+v", evs[0].Case)
	}
	if _, ok := h.Case(no); ok {
		t.Fatal("a closed case is still open")
	}
	before := caseJSON(t, h.Hall)
	for _, a := range CaseActions {
		if _, _, err := h.DecideCase(validCaseCmd(a, no, ""), h.now); ErrorCode(err) != NotFound {
			t.Errorf("%s on a closed case: %v, want not found", a, err)
		}
	}
	if caseJSON(t, h.Hall) != before {
		t.Fatal("refused actions changed the hall")
	}
}

func TestPartTransitionRefusesUnknownState(t *testing.T) {
	if _, err := PartTransition("lost", CaseClaim); ErrorCode(err) != Invalid {
		t.Fatalf("unknown sub-case state: %v", err)
	}
	if _, err := CaseTransition("lost", CaseRoute); ErrorCode(err) != Invalid {
		t.Fatalf("unknown case state: %v", err)
	}
}

// TestCaseWordsLabelled: every state and action has its Chinese and English name.
func TestCaseWordsLabelled(t *testing.T) {
	var missing []string
	for _, s := range []CaseState{CaseAccepted, CaseInProgress, CaseResultReady, CaseClosed} {
		if zh, en := s.Label(); zh == "" || en == "" {
			missing = append(missing, string(s))
		}
	}
	for _, s := range []PartState{PartRouted, PartClaimed, PartSupplement, PartSuspended, PartApproved, PartRefused} {
		if zh, en := s.Label(); zh == "" || en == "" {
			missing = append(missing, string(s))
		}
	}
	for _, a := range CaseActions {
		if zh, en := a.Label(); zh == "" || en == "" {
			missing = append(missing, string(a))
		}
	}
	if len(missing) > 0 || len(CaseActions) != len(caseEvents) {
		t.Fatalf("unlabelled: %v; %d actions, %d with events", missing, len(CaseActions), len(caseEvents))
	}
}
