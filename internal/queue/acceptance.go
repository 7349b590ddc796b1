package queue

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// MaterialState is what the clerk found of one material at the window.
type MaterialState string

// The states of a material.
const (
	MatReceived  MaterialState = "received"
	MatMissing   MaterialState = "missing"
	MatDefective MaterialState = "defective" // handed in, but not in order
)

// MaterialMark is the clerk's finding on one material of the checklist. A defective
// material says what is wrong (Problem) and may say how to put it right (Fix; the
// checklist's note when empty).
type MaterialMark struct {
	Code    string        `json:"code"`
	State   MaterialState `json:"state"`
	Problem string        `json:"problem,omitempty"`
	Fix     string        `json:"fix,omitempty"`
}

// FollowUp is a 容缺 material an accepted application still waits for, and the day it is
// due (YYYY-MM-DD, working days from acceptance).
type FollowUp struct {
	Code string `json:"code"`
	Due  string `json:"due"`
}

// Finishing is what the clerk decided at the end of a visit.
type Finishing struct {
	Outcome Outcome
	// Received lists material codes handed over in order (the older form of Marks);
	// Marks gives each material's state. A material in neither is missing.
	Received []string
	Marks    []MaterialMark
	Reason   string
	// Ground is the code of the item's ground a rejection rests on; Basis a legal basis
	// typed instead. A rejection needs one of them.
	Ground string
	Basis  string
	// Applicant says an applicant was entered or completed at the window.
	Applicant bool
}

// review is the checklist as the clerk found it.
type review struct {
	received  []string       // handed in, in order
	missing   []string       // required, not handed in
	defective []MaterialMark // handed in, not in order (fix filled in)
	blocking  []string       // required, missing or defective, and not allowed to follow
	follow    []string       // required, missing or defective, allowed to follow (容缺)
}

// reviewMaterials reads the clerk's findings against the item's checklist: every code
// known and named once, defective ones with their problem.
func reviewMaterials(it *Item, received []string, marks []MaterialMark) (review, error) {
	byCode := make(map[string]*Material, len(it.Materials))
	for i := range it.Materials {
		byCode[it.Materials[i].Code] = &it.Materials[i]
	}
	all := make([]MaterialMark, 0, len(received)+len(marks))
	for _, c := range received {
		all = append(all, MaterialMark{Code: c, State: MatReceived})
	}
	all = append(all, marks...)
	state := map[string]MaterialMark{}
	for _, m := range all {
		mat, ok := byCode[m.Code]
		if !ok {
			return review{}, Errorf(Invalid, "item %s has no material %q", it.Code, m.Code)
		}
		if _, dup := state[m.Code]; dup {
			return review{}, Errorf(Invalid, "material %q is listed twice", m.Code)
		}
		if err := checkMark(&m, mat); err != nil {
			return review{}, err
		}
		state[m.Code] = m
	}
	var r review
	for _, mat := range it.Materials {
		m, ok := state[mat.Code]
		switch {
		case ok && m.State == MatReceived:
			r.received = append(r.received, mat.Code)
			continue
		case ok && m.State == MatDefective:
			r.defective = append(r.defective, m)
		case mat.Required:
			r.missing = append(r.missing, mat.Code)
		}
		switch {
		case !mat.Required:
		case mat.FollowDays > 0:
			r.follow = append(r.follow, mat.Code)
		default:
			r.blocking = append(r.blocking, mat.Code)
		}
	}
	return r, nil
}

// checkMark validates one finding and fills in a defective material's fix.
func checkMark(m *MaterialMark, mat *Material) error {
	switch m.State {
	case MatReceived, MatMissing:
		if m.Problem != "" || m.Fix != "" {
			return Errorf(Invalid, "material %s: only a defective material has a problem and a fix", m.Code)
		}
		return nil
	case MatDefective:
	default:
		return Errorf(Invalid, "material %s: state must be received, missing or defective, got %q", m.Code, m.State)
	}
	m.Problem, m.Fix = strings.TrimSpace(m.Problem), strings.TrimSpace(m.Fix)
	if m.Problem == "" {
		return Errorf(Invalid, "material %s is defective: say what is wrong (problem)", m.Code)
	}
	for _, f := range []struct{ name, v string }{{"problem", m.Problem}, {"fix", m.Fix}} {
		if !utf8.ValidString(f.v) || utf8.RuneCountInString(f.v) > MaxReason {
			return Errorf(Invalid, "material %s: %s must be text of at most %d characters", m.Code, f.name, MaxReason)
		}
		if err := CheckText("material "+m.Code+" "+f.name, f.v, false); err != nil {
			return err
		}
	}
	if m.Fix == "" {
		m.Fix = mat.Note
	}
	return nil
}

// decide checks that the outcome is lawful for what was found: an acceptance needs every
// required material in order except those allowed to follow; a notice to supplement
// needs something to supplement; a refusal needs a reason and its legal basis. It
// returns the refusal's basis text.
func (r review) decide(it *Item, f *Finishing) (string, error) {
	switch f.Outcome {
	case Accepted:
		if len(r.blocking) > 0 {
			return "", Errorf(Conflict, "cannot accept: required materials missing or defective: %s", namesOf(it, r.blocking))
		}
	case Supplement:
		if len(r.missing) == 0 && len(r.defective) == 0 {
			return "", Errorf(Invalid, "no material is missing or defective: nothing to supplement")
		}
	case Rejected:
		return rejectionBasis(it, f)
	}
	return "", nil
}

// rejectionBasis returns the legal basis of a refusal: the chosen ground's, or the one
// typed; it fills in the reason from the ground when none is given.
func rejectionBasis(it *Item, f *Finishing) (string, error) {
	f.Basis = strings.TrimSpace(f.Basis)
	if utf8.RuneCountInString(f.Basis) > MaxReason {
		return "", Errorf(Invalid, "basis is longer than %d characters", MaxReason)
	}
	if err := CheckText("basis", f.Basis, false); err != nil {
		return "", err
	}
	basis := f.Basis
	if f.Ground != "" {
		g, ok := it.Ground(f.Ground)
		if !ok {
			return "", Errorf(Invalid, "item %s has no ground %q", it.Code, f.Ground)
		}
		if basis == "" {
			basis = g.Basis
		}
		if f.Reason == "" {
			f.Reason = g.TextZh
		}
	}
	switch {
	case f.Reason == "":
		return "", Errorf(Invalid, "a rejection needs a reason")
	case basis == "":
		return "", Errorf(Invalid, "a rejection needs its legal basis: a ground of the item or a basis typed")
	}
	return basis, nil
}

// namesOf lists materials as "code 名称" for an error message.
func namesOf(it *Item, codes []string) string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		for _, m := range it.Materials {
			if m.Code == c {
				out = append(out, fmt.Sprintf("%s %s", c, m.NameZh))
			}
		}
	}
	return strings.Join(out, ", ")
}

// FinishVisit decides the end of the visit at window n (see Finishing). The event records
// the materials received, the required ones missing, the defective ones with their
// fixes, and by outcome: the 容缺 materials an accepted case waits for with their due
// dates, the supplement deadline (补正期限) of a notice to supplement, the ground and
// legal basis of a refusal.
func (h *Hall) FinishVisit(n int, staff string, f Finishing, now time.Time) ([]Event, error) {
	w, t, err := h.current(n)
	if err != nil {
		return nil, err
	}
	to, err := Transition(t.State, ActFinish)
	if err != nil {
		return nil, err
	}
	if !f.Outcome.Valid() {
		return nil, Errorf(Invalid, "unknown outcome %q: use accepted, rejected, supplement, completed or consulted", f.Outcome)
	}
	f.Reason = strings.TrimSpace(f.Reason)
	if utf8.RuneCountInString(f.Reason) > MaxReason {
		return nil, Errorf(Invalid, "reason is longer than %d characters", MaxReason)
	}
	it, ok := h.itemOf(t.Item)
	if !ok {
		return nil, Errorf(Internal, "ticket %s names unknown item %q", t.Number, t.Item)
	}
	r, err := reviewMaterials(it, f.Received, f.Marks)
	if err != nil {
		return nil, err
	}
	basis, err := r.decide(it, &f)
	if err != nil {
		return nil, err
	}
	nt := *t
	nt.State, nt.Outcome, nt.FinishedAt = to, f.Outcome, now
	nt.Applicant = nt.Applicant || f.Applicant
	nw := *w
	nw.Current = ""
	nw.Served++
	ev := h.event(TicketFinished, now)
	ev.Ticket, ev.Window, ev.Staff, ev.Reason = &nt, &nw, staff, f.Reason
	ev.Received, ev.Missing, ev.Defective = r.received, r.missing, r.defective
	local := now.In(h.Loc)
	switch f.Outcome {
	case Accepted:
		c := &Case{No: CaseNumber(h.Center, h.Day, h.Cases+1), Ticket: t.ID, Item: it.Code, Center: h.Center,
			AcceptedAt: now, Promised: PromisedDate(local, it.PromisedDays, it.NaturalDays, h.Calendar).Format(DayLayout),
			Staff: staff, Window: n, CatalogVersion: t.CatalogVersion}
		for _, code := range r.follow {
			days := 0
			for _, m := range it.Materials {
				if m.Code == code {
					days = m.FollowDays
				}
			}
			c.Awaiting = append(c.Awaiting, FollowUp{Code: code, Due: PromisedDate(local, days, false, h.Calendar).Format(DayLayout)})
		}
		ev.Case = c
	case Supplement:
		if days := h.Catalog.SupplementDaysFor(it); days > 0 {
			ev.Due = PromisedDate(local, days, false, h.Calendar).Format(DayLayout)
		}
	case Rejected:
		ev.Ground, ev.Basis = f.Ground, basis
	}
	return []Event{ev}, nil
}
