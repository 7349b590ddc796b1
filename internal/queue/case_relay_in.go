package queue

import "time"

// CaseRelayedIn is the event of a sub-case relayed in from another center (跨层级): it
// opens a case here with that sub-case routed to its department, with neither an
// applicant nor a ticket, or adds the sub-case to the case of the same number relayed
// in before (a bundle, 一件事, with two departments at this center). Once every sub-case
// is decided, the case closes here (DeliverRelay) and each decision goes back to the
// accepting center.
const CaseRelayedIn EventType = "case.relayed_in"

// RelayIn decides the intake of an outbound relay message at the deciding center: the
// department must be one of this center's. here is the case of the message's number
// this center holds already (open or closed), nil if none. The sub-case is new: it
// opens the case, or joins here as another part, the case reopened if its other parts
// were decided and it had closed (a sub-case relayed later than its sibling); one this
// case holds already (relayed as the department) was taken before: no events, no error.
func (h *Hall) RelayIn(m RelayMsg, here *Case, now time.Time) ([]Event, *Case, error) {
	if err := m.Check(); err != nil {
		return nil, nil, err
	}
	if m.Hop != HopOut || m.Step != "" {
		return nil, nil, Errorf(Invalid, "only an outbound relay's sub-case opens a case here, not %q %q", m.Hop, m.Step)
	}
	d, ok := h.Catalog.Department(m.Dept)
	if !ok || d.Code != m.Dept || (d.Center != "" && d.Center != m.To) {
		return nil, nil, Errorf(Invalid, "department %q does not sit at this center", m.Dept)
	}
	part := Part{Dept: m.Dept, Items: []string{m.Item}, State: PartRouted, Days: m.Days, Natural: m.Natural, Due: m.Due, RelayTaken: m.Seq}
	c := &Case{No: m.Case, Item: m.Item, Center: m.From, AcceptedAt: now, Promised: m.Due, Staff: RelayStaff(m.From),
		State: CaseInProgress, RelayedFrom: m.From}
	if here != nil {
		if _, ok := here.RelayPart(m.Dept); ok && here.RelayedFrom == m.From {
			return nil, here, nil
		}
		if err := joinable(here, m); err != nil {
			return nil, nil, err
		}
		c = here.clone()
		c.State, c.ReadyAt, c.ClosedAt, c.Delivery = CaseInProgress, time.Time{}, time.Time{}, nil
		if m.Due > c.Promised {
			c.Promised = m.Due
		}
	}
	c.Parts = append(c.Parts, part)
	ev := h.event(CaseRelayedIn, now)
	ev.Staff, ev.Dept, ev.Case = c.Staff, m.Dept, c.clone()
	return []Event{ev}, c, nil
}

// joinable refuses a sub-case that cannot join the case here: one accepted here or
// relayed from another center under the same number, or one whose department already
// holds another of its sub-cases (moved there by a transfer).
func joinable(here *Case, m RelayMsg) error {
	if here.RelayedFrom != m.From {
		return Errorf(Conflict, "case %s is here already, not relayed from center %s", m.Case, m.From)
	}
	if _, dup := here.Part(m.Dept); dup {
		return Errorf(Conflict, "case %s already has a sub-case at department %s (transferred there)", m.Case, m.Dept)
	}
	return nil
}

// RelayPart returns the sub-case a relay message for dept is for: at the accepting
// center the sub-case of that department, at the deciding center the one relayed in as
// it, even after a transfer within the center moved it to another department.
func (c *Case) RelayPart(dept string) (*Part, bool) {
	for i := range c.Parts {
		if relayedAs(&c.Parts[i]) == dept {
			return &c.Parts[i], true
		}
	}
	return nil, false
}
