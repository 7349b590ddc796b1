package queue

import (
	"strings"
	"time"
	"unicode/utf8"
)

// CaseCmd is an action on a case (see CaseState for the words). Only the fields of its
// action are read.
type CaseCmd struct {
	Action CaseAction
	Case   string // the case number
	// Dept is the department code of the sub-case acted on; it may be left empty when the
	// case has one sub-case.
	Dept string
	// Staff is who acts: an officer, a clerk, a supervisor, or the system that routes.
	Staff string
	// Officer is who gets the sub-case (reassign).
	Officer string
	// To is the department code a sub-case is transferred to.
	To string
	// Reason says why (transfer, reassign, suspend: required; resume: optional).
	Reason string
	// Result is how an approval's result goes out; "" is ResultPickup.
	Result string
	// Refusal is the decision of refusal; its remedy may be left empty for the one the
	// catalog names for the department (or the center).
	Refusal *Refusal
	// Needed are the materials a supplement asks for; Supplied the ones a window received.
	Needed   []CaseMaterial
	Supplied []CaseMaterial
	// Hold is the special procedure of a suspension, one of Holds.
	Hold string
	// Window is the window a result is handed over at (pickup, proxy_pickup).
	Window int
	// Proxy is the person picking up for the applicant (代领): personal data, checked
	// here and sealed by the store, never in an event. Authorised says they showed the
	// applicant's written authorisation.
	Proxy      *Applicant
	Authorised bool
	// Tracking is the postal tracking number (post).
	Tracking string
	// RelaySeq is the seq of the relay message an action of the relay's own staff
	// applies (see RelaySteps); 0 for every other action.
	RelaySeq uint64
}

// Case returns an open case (not yet closed) by number.
func (h *Hall) Case(no string) (*Case, bool) {
	c, ok := h.OpenCases[no]
	return c, ok
}

// DecideCase decides an action on a case. It returns the events (the action's, then
// case.ready or case.delivered when the action decided the last sub-case) and the case as
// it will be after them, changing nothing. A refused action is an *Error with code
// NotFound (no such open case), Conflict (the action does not fit the state) or Invalid.
func (h *Hall) DecideCase(cmd CaseCmd, now time.Time) ([]Event, *Case, error) {
	c, ok := h.OpenCases[cmd.Case]
	if !ok {
		return nil, nil, Errorf(NotFound, "no open case %q", cmd.Case)
	}
	if _, ok := caseEvents[cmd.Action]; !ok {
		return nil, nil, Errorf(Invalid, "unknown case action %q", cmd.Action)
	}
	if cmd.Staff == "" || len(cmd.Staff) > MaxSource {
		return nil, nil, Errorf(Invalid, "staff must be 1 to %d characters", MaxSource)
	}
	reason, err := caseText("reason", cmd.Reason, false)
	if err != nil {
		return nil, nil, err
	}
	cmd.Reason = reason // checked once here; the actions that need one see it trimmed
	nc := c.clone()
	if nc.State == "" {
		nc.State = CaseAccepted
	}
	ev := h.event(caseEvents[cmd.Action], now)
	ev.Staff = cmd.Staff
	if caseWide(cmd.Action) {
		err = h.caseWideAction(nc, &cmd, now)
	} else {
		ev.Dept, err = h.partAction(nc, &cmd, now)
	}
	if err != nil {
		return nil, nil, err
	}
	ev.Reason = reason
	ev.Case = nc.clone()
	evs := []Event{ev}
	if nc.State == CaseInProgress && nc.allDecided() {
		done := h.event(CaseReady, now)
		nc.State, nc.ReadyAt = CaseResultReady, now
		if nc.electronicOnly() || nc.RelayedFrom != "" {
			done.Type = CaseDelivered
			nc.State, nc.ClosedAt = CaseClosed, now
			nc.Delivery = &Delivery{Method: DeliverElectronic}
			if nc.RelayedFrom != "" {
				nc.Delivery.Method = DeliverRelay
			}
		}
		done.Staff, done.Case = cmd.Staff, nc.clone()
		evs = append(evs, done)
	}
	return evs, nc, nil
}

// caseWideAction applies a case-wide action to nc: route, or one of the handovers.
func (h *Hall) caseWideAction(nc *Case, cmd *CaseCmd, now time.Time) error {
	to, err := CaseTransition(nc.State, cmd.Action)
	if err != nil {
		return err
	}
	switch cmd.Action {
	case CaseRoute:
		err = h.route(nc)
	default:
		nc.Delivery, err = handover(cmd)
		nc.ClosedAt = now
	}
	if err != nil {
		return err
	}
	nc.State = to
	return nil
}

// route splits an accepted case into its sub-cases: one per department of its item, or
// of the items of its bundle, each routed with the case's promised date.
func (h *Hall) route(nc *Case) error {
	it, ok := h.itemOf(nc.Item)
	if !ok {
		return Errorf(Invalid, "case %s names item %q, which the catalog no longer has", nc.No, nc.Item)
	}
	members := it.Bundle
	if len(members) == 0 {
		members = []string{it.Code}
	}
	for _, code := range members {
		m, ok := h.itemOf(code)
		if !ok {
			return Errorf(Invalid, "bundle %s names item %q, which the catalog does not have", it.Code, code)
		}
		d, ok := h.Catalog.Department(m.Department)
		if !ok {
			return Errorf(Invalid, "item %s: department %q has no department code in the catalog", m.Code, m.Department)
		}
		if p, ok := nc.Part(d.Code); ok {
			p.Items = append(p.Items, m.Code)
			continue
		}
		p := Part{Dept: d.Code, Items: []string{m.Code}, State: PartRouted,
			Days: it.PromisedDays, Natural: it.NaturalDays, Due: nc.Promised}
		if d.Center != "" && d.Center != h.Center {
			p.At, p.RelaySent = d.Center, 1
		}
		nc.Parts = append(nc.Parts, p)
	}
	return nil
}

// handover checks a pickup, proxy pickup or posting and returns its delivery record.
func handover(cmd *CaseCmd) (*Delivery, error) {
	d := &Delivery{Staff: cmd.Staff, Window: cmd.Window}
	if cmd.Window < 0 {
		return nil, Errorf(Invalid, "window must be a window number, got %d", cmd.Window)
	}
	switch cmd.Action {
	case CasePickup:
		d.Method = DeliverApplicant
	case CaseProxyPickup:
		d.Method, d.Authorised = DeliverProxy, true
		if err := checkProxy(cmd.Proxy, cmd.Authorised); err != nil {
			return nil, err
		}
	case CasePost:
		d.Method, d.Window, d.Tracking = DeliverPost, 0, strings.TrimSpace(cmd.Tracking)
		if !trackingNumber(d.Tracking) {
			return nil, Errorf(Invalid, "a tracking number is 6 to 40 letters, digits and hyphens, got %q (请填写邮件单号)", cmd.Tracking)
		}
	}
	return d, nil
}

// checkProxy checks the person picking up for the applicant: a named person with a valid
// ID document, and the applicant's written authorisation seen.
func checkProxy(p *Applicant, authorised bool) error {
	switch {
	case p == nil:
		return Errorf(Invalid, "a proxy pickup needs the proxy's ID document (代领人身份证件)")
	case p.CardType == CardOrg:
		return Errorf(Invalid, "a proxy is a person: an organisation's code is not an ID document")
	case strings.TrimSpace(p.Name) == "":
		return Errorf(Invalid, "a proxy pickup needs the proxy's name (代领人姓名)")
	case !authorised:
		return Errorf(Invalid, "a proxy needs the applicant's written authorisation (授权委托书)")
	}
	if err := p.Validate(); err != nil {
		return Errorf(Invalid, "proxy: %s", ErrorMessage(err))
	}
	return nil
}

// trackingNumber reports whether s looks like a postal tracking number.
func trackingNumber(s string) bool {
	if len(s) < 6 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-') {
			return false
		}
	}
	return true
}

// caseText trims a free text and checks its length and characters; required says it
// may not be empty.
func caseText(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return "", Errorf(Invalid, "%s is required", field)
	case !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxReason:
		return "", Errorf(Invalid, "%s must be text of at most %d characters", field, MaxReason)
	}
	return s, CheckText(field, s, false)
}
