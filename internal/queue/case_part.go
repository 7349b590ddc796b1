package queue

import (
	"slices"
	"strings"
	"time"
)

// maxRefusalReasons is how many reasons one refusal may give.
const maxRefusalReasons = 20

// partAction applies an action on one sub-case to nc and returns the sub-case's
// department after it.
func (h *Hall) partAction(nc *Case, cmd *CaseCmd, now time.Time) (string, error) {
	if nc.State != CaseInProgress {
		_, err := CaseTransition(nc.State, cmd.Action)
		return "", err
	}
	p, err := pickPart(nc, cmd.Dept)
	if err != nil {
		return "", err
	}
	if err := relayGuard(nc, p, cmd); err != nil {
		return "", err
	}
	to, err := PartTransition(p.State, cmd.Action)
	if err != nil {
		return "", err
	}
	if p.Officer != "" && p.Officer != cmd.Staff && officerOnly(cmd.Action) {
		return "", Errorf(Conflict, "sub-case %s of case %s is held by officer %s: only they may %s it (办件已由他人认领)",
			p.Dept, nc.No, p.Officer, cmd.Action)
	}
	today := ServiceDay(now, h.Loc)
	switch cmd.Action {
	case CaseClaim:
		p.Officer = cmd.Staff
	case CaseReassign:
		err = reassign(p, cmd)
	case CaseApprove, CaseRefuse:
		err = h.decide(p, cmd)
		p.DecidedAt = now
	case CaseSupplement:
		err = h.supplement(nc, p, cmd, today)
	case CaseSupply:
		err = h.supply(p, cmd, today)
	case CaseTransfer:
		err = h.transfer(nc, p, cmd)
	case CaseSuspend, CaseResume:
		err = h.suspend(p, cmd, today)
	}
	if err != nil {
		return "", err
	}
	p.State = to
	relayMark(nc, p, cmd)
	return p.Dept, nil
}

// officerOnly reports whether only the officer holding a sub-case may take the action.
func officerOnly(a CaseAction) bool {
	switch a {
	case CaseApprove, CaseRefuse, CaseSupplement, CaseTransfer, CaseSuspend, CaseResume:
		return true
	}
	return false
}

// pickPart returns the sub-case of a department, or the only one when dept is empty.
func pickPart(nc *Case, dept string) (*Part, error) {
	if dept == "" && len(nc.Parts) == 1 {
		return &nc.Parts[0], nil
	}
	if p, ok := nc.Part(dept); ok {
		return p, nil
	}
	depts := make([]string, len(nc.Parts))
	for i, p := range nc.Parts {
		depts[i] = p.Dept
	}
	if dept == "" {
		return nil, Errorf(Invalid, "case %s has sub-cases at %s: name the department", nc.No, strings.Join(depts, ", "))
	}
	return nil, Errorf(Invalid, "case %s has no sub-case at department %q (it has %s)", nc.No, dept, strings.Join(depts, ", "))
}

// reassign gives a sub-case to another officer.
func reassign(p *Part, cmd *CaseCmd) error {
	officer := strings.TrimSpace(cmd.Officer)
	switch {
	case officer == "" || len(officer) > MaxSource:
		return Errorf(Invalid, "officer must be 1 to %d characters", MaxSource)
	case officer == p.Officer:
		return Errorf(Conflict, "sub-case %s is already held by officer %s", p.Dept, officer)
	}
	p.Officer, p.Reason = officer, cmd.Reason
	return nil
}

// decide records an approval's result or a refusal's decision.
func (h *Hall) decide(p *Part, cmd *CaseCmd) error {
	if cmd.Action == CaseApprove {
		switch cmd.Result {
		case "", ResultPickup:
			p.Result = ResultPickup
		case ResultElectronic:
			p.Result = ResultElectronic
		default:
			return Errorf(Invalid, "result must be %s or %s, got %q", ResultPickup, ResultElectronic, cmd.Result)
		}
		return nil
	}
	r, err := h.refusal(p, cmd.Refusal)
	p.Refusal = r
	return err
}

// refusal checks a decision of refusal: reasons, a legal basis, and the remedy bodies,
// the catalog's for the department when none are given.
func (h *Hall) refusal(p *Part, in *Refusal) (*Refusal, error) {
	if in == nil || len(in.Reasons) == 0 {
		return nil, Errorf(Invalid, "a refusal needs its reasons (不予许可理由)")
	}
	if len(in.Reasons) > maxRefusalReasons {
		return nil, Errorf(Invalid, "a refusal gives at most %d reasons", maxRefusalReasons)
	}
	r := &Refusal{Reasons: make([]string, len(in.Reasons)), Remedy: in.Remedy}
	for i, s := range in.Reasons {
		t, err := caseText("reason", s, true)
		if err != nil {
			return nil, err
		}
		r.Reasons[i] = t
	}
	basis, err := caseText("basis", in.Basis, true)
	if err != nil {
		return nil, Errorf(Invalid, "a refusal needs its legal basis (法律依据): %s", ErrorMessage(err))
	}
	r.Basis = basis
	if r.Remedy == (Remedy{}) {
		name := p.Dept
		if d, ok := h.Catalog.Department(p.Dept); ok {
			name = d.NameZh
		}
		var ok bool
		if r.Remedy, ok = h.Catalog.RemedyFor(&Item{Department: name}); !ok {
			return nil, Errorf(Invalid, "a refusal needs the review body and court (救济途径): the catalog names none for %s", p.Dept)
		}
	}
	r.Remedy.Department = ""
	if r.Remedy.ReviewBody, err = caseText("remedy.review_body", r.Remedy.ReviewBody, true); err != nil {
		return nil, err
	}
	r.Remedy.Court, err = caseText("remedy.court", r.Remedy.Court, true)
	return r, err
}

// supplement asks for the missing materials, all at once, and stops the clock. A
// department asks once: the law wants everything missing told at one time (一次性告知).
func (h *Hall) supplement(nc *Case, p *Part, cmd *CaseCmd, today string) error {
	if p.Supplemented {
		return Errorf(Conflict, "sub-case %s of case %s has had its supplement: everything missing is asked for at once (一次性告知)", p.Dept, nc.No)
	}
	if len(cmd.Needed) == 0 {
		return Errorf(Invalid, "a supplement lists the missing materials (需补正材料)")
	}
	needed, err := h.caseMaterials(p, cmd.Needed)
	if err != nil {
		return err
	}
	p.Needed, p.Supplemented = needed, true
	p.stopClock(today)
	return nil
}

// supply records the materials a supplement asked for, received at a window, and starts
// the clock again. Every material asked for must be there.
func (h *Hall) supply(p *Part, cmd *CaseCmd, today string) error {
	got, err := h.caseMaterials(p, cmd.Supplied)
	if err != nil {
		return err
	}
	key := func(m CaseMaterial) string { return m.Item + "/" + m.Code }
	asked := map[string]bool{}
	for _, m := range p.Needed {
		asked[key(m)] = true
	}
	for _, m := range got {
		if !asked[key(m)] {
			return Errorf(Invalid, "material %s of item %s was not asked for", m.Code, m.Item)
		}
		delete(asked, key(m))
	}
	if len(asked) > 0 {
		missing := make([]string, 0, len(asked))
		for k := range asked {
			missing = append(missing, k)
		}
		slices.Sort(missing)
		return Errorf(Invalid, "still missing: %s (补正材料未齐)", strings.Join(missing, ", "))
	}
	p.Needed = nil
	p.resumeClock(today, h.Calendar)
	return nil
}

// caseMaterials checks materials named for a sub-case: each a material of one of its
// items, named once, with an optional note.
func (h *Hall) caseMaterials(p *Part, list []CaseMaterial) ([]CaseMaterial, error) {
	out := make([]CaseMaterial, 0, len(list))
	seen := map[string]bool{}
	for _, m := range list {
		if m.Item == "" && len(p.Items) == 1 {
			m.Item = p.Items[0]
		}
		if !slices.Contains(p.Items, m.Item) {
			return nil, Errorf(Invalid, "sub-case %s decides %s: name the item of material %q", p.Dept, strings.Join(p.Items, ", "), m.Code)
		}
		it, ok := h.itemOf(m.Item)
		if !ok || !it.MaterialCodes()[m.Code] {
			return nil, Errorf(Invalid, "item %s has no material %q", m.Item, m.Code)
		}
		if seen[m.Item+"/"+m.Code] {
			return nil, Errorf(Invalid, "material %s of item %s is listed twice", m.Code, m.Item)
		}
		seen[m.Item+"/"+m.Code] = true
		var err error
		if m.Note, err = caseText("material "+m.Code+" note", m.Note, false); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// transfer sends a sub-case to another department, where it is routed again; the clock
// keeps running.
func (h *Hall) transfer(nc *Case, p *Part, cmd *CaseCmd) error {
	d, ok := h.Catalog.Department(cmd.To)
	switch {
	case !ok || d.Code != cmd.To:
		return Errorf(Invalid, "no department with code %q to transfer to", cmd.To)
	case cmd.To == p.Dept:
		return Errorf(Invalid, "cannot transfer a sub-case to its own department")
	case d.Center != "" && d.Center != h.Center:
		return Errorf(Conflict, "department %s sits at center %s: a transfer to another center is not supported, transfer within this center or refuse (不支持转办至其他中心)", cmd.To, d.Center)
	}
	if _, dup := nc.Part(cmd.To); dup {
		return Errorf(Conflict, "case %s already has a sub-case at department %s", nc.No, cmd.To)
	}
	if cmd.Reason == "" {
		return Errorf(Invalid, "a transfer needs its reason (转办理由)")
	}
	if nc.RelayedFrom != "" {
		p.RelayedAs = relayedAs(p)
	}
	p.From, p.Dept, p.Officer, p.Reason, p.Supplemented = p.Dept, cmd.To, "", cmd.Reason, false
	return nil
}

// suspend stops the clock for a special procedure, or resumes it.
func (h *Hall) suspend(p *Part, cmd *CaseCmd, today string) error {
	if cmd.Action == CaseResume {
		p.Hold, p.Reason = "", cmd.Reason
		p.resumeClock(today, h.Calendar)
		return nil
	}
	if !holdKnown(cmd.Hold) {
		return Errorf(Invalid, "a suspension names its special procedure: hearing, inspection, expert_review or on_site_check, got %q", cmd.Hold)
	}
	if cmd.Reason == "" {
		return Errorf(Invalid, "a suspension needs its reason (中止理由)")
	}
	p.Hold, p.Reason = cmd.Hold, cmd.Reason
	p.stopClock(today)
	return nil
}
