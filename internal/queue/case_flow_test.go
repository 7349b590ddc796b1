package queue

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestBundleReadyOnlyWhenEverySubCaseDecided: a bundle of four items of three departments
// opens one case with three sub-cases, decided in parallel in any order; it is ready —
// one case.ready event — only with the last decision.
func TestBundleReadyOnlyWhenEverySubCaseDecided(t *testing.T) {
	refuse := &Refusal{Reasons: []string{"不符合条件"}, Basis: "《住房公积金管理条例》第二十四条"}
	for _, tc := range []struct {
		name  string
		order []string // departments in the order decided
		want  CaseState
	}{
		{"catalog order", []string{deptBDC, deptZJ, deptGJJ}, CaseResultReady},
		{"reverse order", []string{deptGJJ, deptZJ, deptBDC}, CaseResultReady},
		{"refused last", []string{deptZJ, deptBDC, deptGJJ + "!"}, CaseResultReady},
		{"all electronic", []string{deptBDC + "@", deptZJ + "@", deptGJJ + "@"}, CaseClosed},
		{"electronic but one", []string{deptBDC + "@", deptZJ, deptGJJ + "@"}, CaseResultReady},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newCaseHall(t, testCalendar(t))
			no := h.accept(bundleItem)
			h.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
			c, _ := h.Case(no)
			if len(c.Parts) != 3 || c.Parts[0].Dept != deptBDC || strings.Join(c.Parts[0].Items, ",") != plainItem+",440199-F-002" ||
				c.Parts[1].Dept != deptZJ || c.Parts[2].Dept != deptGJJ || c.Parts[2].Days != 10 || c.Parts[2].Due != "2026-12-09" {
				t.Fatalf("sub-cases %+v", c.Parts)
			}
			for _, d := range []string{deptBDC, deptZJ, deptGJJ} { // every department holds its own at once
				h.do(CaseCmd{Action: CaseClaim, Case: no, Dept: d, Staff: "officer-" + d})
			}
			for i, d := range tc.order {
				cmd := CaseCmd{Action: CaseApprove, Case: no, Dept: strings.TrimRight(d, "!@")}
				cmd.Staff = "officer-" + cmd.Dept
				if strings.HasSuffix(d, "!") {
					cmd.Action, cmd.Refusal = CaseRefuse, refuse
				}
				if strings.HasSuffix(d, "@") {
					cmd.Result = ResultElectronic
				}
				evs := h.do(cmd)
				last := i == len(tc.order)-1
				if !last {
					if len(evs) != 1 || evs[0].Case.State != CaseInProgress {
						t.Fatalf("after %d of 3 decisions: %d events, state %s", i+1, len(evs), evs[0].Case.State)
					}
					continue
				}
				wantType := CaseReady
				if tc.want == CaseClosed {
					wantType = CaseDelivered
				}
				if len(evs) != 2 || evs[1].Type != wantType || evs[1].Case.State != tc.want || evs[1].Case.ReadyAt.IsZero() {
					t.Fatalf("last decision: %d events %+v", len(evs), evs)
				}
			}
			_, open := h.Case(no)
			if open != (tc.want != CaseClosed) {
				t.Fatalf("open %v after %s", open, tc.want)
			}
		})
	}
}

// TestBundleSubCaseNeedsItsDepartment: an action on a bundle's sub-case names the
// department; the refusal says which ones there are.
func TestBundleSubCaseNeedsItsDepartment(t *testing.T) {
	h := newCaseHall(t, nil)
	no := h.accept(bundleItem)
	h.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
	for dept, msg := range map[string]string{"": "name the department", "XX": `no sub-case at department "XX"`} {
		_, _, err := h.DecideCase(CaseCmd{Action: CaseClaim, Case: no, Dept: dept, Staff: "o"}, h.now)
		if ErrorCode(err) != Invalid || !strings.Contains(err.Error(), "BDC, ZJJ, GJJ") || !strings.Contains(err.Error(), msg) {
			t.Errorf("claim at %q: %v", dept, err)
		}
	}
	// A transfer to a department that already has a sub-case of the case is a conflict.
	h.do(CaseCmd{Action: CaseClaim, Case: no, Dept: deptZJ})
	_, _, err := h.DecideCase(CaseCmd{Action: CaseTransfer, Case: no, Dept: deptZJ, Staff: "officer1", To: deptGJJ, Reason: "x"}, h.now)
	if ErrorCode(err) != Conflict {
		t.Fatalf("transfer onto another sub-case's department: %v", err)
	}
}

// TestCaseColourOfTheWholeCase: a case not routed counts from its promised date, a
// bundle shows its worst undecided sub-case, a ready case is green.
func TestCaseColourOfTheWholeCase(t *testing.T) {
	cal := testCalendar(t)
	pol := DefaultDeadlines()
	h := newCaseHall(t, cal)
	no := h.accept(bundleItem) // promised Wed 9 December (10 working days, the holiday skipped, Sat 5 worked)
	c, _ := h.Case(no)
	at := func(day string) time.Time {
		d, _ := time.ParseInLocation(DayLayout, day, shanghai)
		return d.Add(12 * time.Hour)
	}
	for day, want := range map[string]Colour{"2026-12-04": Green, "2026-12-07": Amber, "2026-12-10": Red} {
		if got := c.Colour(at(day), shanghai, cal, pol); got != want {
			t.Errorf("not routed, %s: %s, want %s", day, got, want)
		}
	}
	h.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
	h.do(CaseCmd{Action: CaseClaim, Case: no, Dept: deptZJ})
	h.do(CaseCmd{Action: CaseSuspend, Case: no, Dept: deptZJ, Hold: "hearing", Reason: "听证"}) // stopped on Wed 25: 10 left
	c, _ = h.Case(no)
	if got := c.Colour(at("2026-12-11"), shanghai, cal, pol); got != Red {
		t.Fatalf("two sub-cases overdue, one stopped: %s", got)
	}
	for _, d := range []string{deptBDC, deptGJJ} {
		h.do(CaseCmd{Action: CaseClaim, Case: no, Dept: d})
		h.do(CaseCmd{Action: CaseApprove, Case: no, Dept: d})
	}
	c, _ = h.Case(no)
	if got := c.Colour(at("2026-12-11"), shanghai, cal, pol); got != Green {
		t.Fatalf("only the stopped sub-case left: %s", got)
	}
	h.do(CaseCmd{Action: CaseResume, Case: no, Dept: deptZJ})
	h.do(CaseCmd{Action: CaseApprove, Case: no, Dept: deptZJ})
	c, _ = h.Case(no)
	if c.State != CaseResultReady || c.Colour(at("2027-01-30"), shanghai, cal, pol) != Green {
		t.Fatalf("ready: %s %s", c.State, c.Colour(at("2027-01-30"), shanghai, cal, pol))
	}
}

// TestCaseReplayEqualsLive walks cases through every path, then replays the recorded
// events (as JSON) into a fresh hall: the open cases and the projections written are the
// same.
func TestCaseReplayEqualsLive(t *testing.T) {
	h := newCaseHall(t, testCalendar(t))
	a := h.accept(plainItem)
	b := h.accept(bundleItem)
	c := h.accept(plainItem)
	d := h.accept(plainItem)
	for _, no := range []string{a, b, c, d} {
		h.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
	}
	h.at("2026-11-26")
	h.do(CaseCmd{Action: CaseClaim, Case: a})
	h.do(CaseCmd{Action: CaseSupplement, Case: a, Needed: []CaseMaterial{{Code: "m2", Note: "须原件"}, {Code: "m4"}}})
	h.do(CaseCmd{Action: CaseTransfer, Case: c, To: deptZJ, Reason: "职权"})
	h.do(CaseCmd{Action: CaseClaim, Case: c, Staff: "zj1"})
	h.do(CaseCmd{Action: CaseReassign, Case: c, Officer: "zj2", Staff: "boss"})
	h.do(CaseCmd{Action: CaseClaim, Case: b, Dept: deptGJJ})
	h.do(CaseCmd{Action: CaseSuspend, Case: b, Dept: deptGJJ, Hold: "expert_review", Reason: "专家评审"})
	h.do(CaseCmd{Action: CaseClaim, Case: d})
	h.do(CaseCmd{Action: CaseApprove, Case: d})
	h.at("2026-12-01")
	h.do(CaseCmd{Action: CaseSupply, Case: a, Staff: "clerk2", Supplied: []CaseMaterial{{Code: "m4"}, {Code: "m2"}}})
	h.do(CaseCmd{Action: CaseApprove, Case: a, Result: ResultElectronic})
	h.do(CaseCmd{Action: CaseResume, Case: b, Dept: deptGJJ})
	h.do(CaseCmd{Action: CaseRefuse, Case: c, Staff: "zj2", Refusal: &Refusal{Reasons: []string{"不符合规划"}, Basis: "《建筑法》第八条"}})
	h.do(CaseCmd{Action: CasePost, Case: c, Staff: "clerk9", Tracking: "EMS-1234567"})
	h.do(CaseCmd{Action: CaseProxyPickup, Case: d, Staff: "clerk9", Window: 9, Proxy: proxy(), Authorised: true})
	live := caseJSON(t, h.Hall)
	if len(h.OpenCases) != 1 || h.OpenCases[b] == nil {
		t.Fatalf("open cases after the walk: %s", live)
	}
	dirty := h.TakeDirtyCases()

	re := NewHall(caseCatalog(t), shanghai, DefaultPolicy())
	re.Calendar = h.Calendar
	for _, ev := range h.log {
		re.Apply(ev)
	}
	if got := caseJSON(t, re); got != live {
		t.Fatalf("replayed:\n%s\nlive:\n%s", got, live)
	}
	redirty := re.TakeDirtyCases()
	lj, _ := json.Marshal(dirty)
	rj, _ := json.Marshal(redirty)
	if string(lj) != string(rj) || len(dirty) != 4 {
		t.Fatalf("projections differ or not 4:\n%s\n%s", lj, rj)
	}
	if re.Cases != 0 || h.Cases != 0 { // the day rolled over: case numbering restarts
		t.Fatalf("cases today: replay %d, live %d", re.Cases, h.Cases)
	}
	// The personal data of the proxy is in no event.
	for _, ev := range h.log {
		data, _ := json.Marshal(ev)
		if strings.Contains(string(data), proxy().IDNumber) || strings.Contains(string(data), proxy().Name) {
			t.Fatalf("%s carries the proxy's personal data: %s", ev.Type, data)
		}
	}
}

// TestRestoreCaseFromProjection: a case restored from the store's projection acts like
// the live one.
func TestRestoreCaseFromProjection(t *testing.T) {
	h := newCaseHall(t, nil)
	no, _ := setupCase(h, "claimed")
	proj := h.TakeDirtyCases()
	re := NewHall(caseCatalog(t), shanghai, DefaultPolicy())
	for _, c := range proj {
		re.RestoreCase(c)
	}
	re.RestoreCase(&Case{No: "gone", State: CaseClosed})
	if caseJSON(t, re) != caseJSON(t, h.Hall) {
		t.Fatalf("restored %s", caseJSON(t, re))
	}
	if _, _, err := re.DecideCase(CaseCmd{Action: CaseApprove, Case: no, Staff: "officer1"}, h.now); err != nil {
		t.Fatal(err)
	}
}
