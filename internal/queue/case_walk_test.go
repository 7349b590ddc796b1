package queue

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestCaseRandomWalk throws a few thousand random case commands, over days that move
// across the test calendar's holiday and worked Saturday, at plain and bundled cases.
// Refused commands change nothing and carry a domain code; after every accepted one the
// cases keep their invariants; replaying the log rebuilds the same cases.
func TestCaseRandomWalk(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 15))
			h := newCaseHall(t, testCalendar(t))
			var nos []string
			for i := range 6 {
				item := plainItem
				if i%2 == 1 {
					item = bundleItem
				}
				nos = append(nos, h.accept(item))
			}
			accepted, refused, closed, stoppedDays := 0, 0, 0, 0
			for i := range 1500 {
				if i%60 == 59 {
					h.at(h.now.AddDate(0, 0, 1).Format(DayLayout))
					h.mustCase(h.OpenWindow(1, "clerk", h.now))
				}
				k := rng.IntN(len(nos))
				if _, open := h.Case(nos[k]); !open && rng.IntN(3) == 0 { // handed over: a new case takes its place
					nos[k] = h.accept([]string{plainItem, bundleItem}[k%2])
				}
				cmd := randomCaseCmd(rng, h, nos[k])
				before := caseJSON(t, h.Hall)
				evs, _, err := h.DecideCase(cmd, h.now)
				if err != nil {
					if c := ErrorCode(err); c != Conflict && c != Invalid && c != NotFound {
						t.Fatalf("%+v: %v (%s)", cmd, err, c)
					}
					if caseJSON(t, h.Hall) != before {
						t.Fatalf("refused %s changed the hall", cmd.Action)
					}
					refused++
					continue
				}
				h.record(evs)
				accepted++
				if evs[len(evs)-1].Case.State == CaseClosed {
					closed++
				}
				for _, p := range evs[0].Case.Parts {
					if cmd.Action == CaseSupply || cmd.Action == CaseResume {
						stoppedDays += p.StoppedDays
					}
				}
				checkCaseInvariants(t, h.Hall)
			}
			t.Logf("%d accepted, %d refused, %d cases closed, %d days stopped", accepted, refused, closed, stoppedDays)
			if accepted < 100 || closed < 5 || stoppedDays == 0 {
				t.Fatalf("only %d of %d commands accepted: the walk explores too little", accepted, accepted+refused)
			}
			re := NewHall(h.Catalog, shanghai, DefaultPolicy())
			re.Calendar = h.Calendar
			for _, ev := range h.log {
				re.Apply(ev)
			}
			if caseJSON(t, re) != caseJSON(t, h.Hall) {
				t.Fatal("replay differs from live")
			}
		})
	}
}

// randomCaseCmd makes a command of a random action for a case, mostly well-formed and
// mostly from the officer who holds the sub-case.
func randomCaseCmd(rng *rand.Rand, h *caseHall, no string) CaseCmd {
	a := CaseActions[rng.IntN(len(CaseActions))]
	cmd := validCaseCmd(a, no, "")
	cmd.Staff = []string{"officer1", "officer2"}[rng.IntN(2)]
	c, ok := h.Case(no)
	if !ok || len(c.Parts) == 0 {
		return cmd
	}
	p := c.Parts[rng.IntN(len(c.Parts))]
	cmd.Dept = p.Dept
	if p.Officer != "" && rng.IntN(5) > 0 {
		cmd.Staff = p.Officer
	}
	it, _ := h.Catalog.Item(p.Items[0])
	mat := CaseMaterial{Item: it.Code, Code: it.Materials[rng.IntN(len(it.Materials))].Code}
	switch a {
	case CaseSupplement:
		cmd.Needed = []CaseMaterial{mat}
	case CaseSupply:
		cmd.Supplied = p.Needed
		if rng.IntN(4) == 0 {
			cmd.Supplied = []CaseMaterial{mat}
		}
	case CaseTransfer:
		cmd.To = []string{deptBDC, deptZJ, deptGJJ, "GAJ"}[rng.IntN(4)]
	case CaseApprove:
		cmd.Result = []string{ResultPickup, ResultElectronic}[rng.IntN(2)]
	}
	return cmd
}

// checkCaseInvariants checks every open case: its state fits its sub-cases, a stopped
// clock goes with a stopped state, the due day is the promised day moved on by exactly
// the days stopped, and a held sub-case has its officer.
func checkCaseInvariants(t *testing.T, h *Hall) {
	t.Helper()
	for no, c := range h.OpenCases {
		switch c.State {
		case CaseAccepted:
			if len(c.Parts) != 0 {
				t.Fatalf("%s accepted with sub-cases", no)
			}
		case CaseInProgress:
			if len(c.Parts) == 0 || c.allDecided() {
				t.Fatalf("%s in progress with sub-cases %+v", no, c.Parts)
			}
		case CaseResultReady:
			if !c.allDecided() || c.ReadyAt.IsZero() || c.electronicOnly() {
				t.Fatalf("%s ready with %+v", no, c.Parts)
			}
		default:
			t.Fatalf("%s open in state %q", no, c.State)
		}
		promised, _ := time.Parse(DayLayout, c.Promised)
		for _, p := range c.Parts {
			if (p.StoppedOn != "") != p.State.Stopped() {
				t.Fatalf("%s/%s is %s with the clock stopped on %q", no, p.Dept, p.State, p.StoppedOn)
			}
			if want := PromisedDate(promised, p.StoppedDays, false, h.Calendar).Format(DayLayout); p.Due != want {
				t.Fatalf("%s/%s due %s after %d days stopped, want %s", no, p.Dept, p.Due, p.StoppedDays, want)
			}
			if (p.State == PartRouted) != (p.Officer == "") {
				t.Fatalf("%s/%s is %s held by %q", no, p.Dept, p.State, p.Officer)
			}
			if (p.State == PartSupplement) != (len(p.Needed) > 0) {
				t.Fatalf("%s/%s is %s needing %v", no, p.Dept, p.State, p.Needed)
			}
		}
	}
}
