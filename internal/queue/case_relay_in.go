package queue

import "time"

// CaseRelayedIn is the event of a sub-case relayed in from another center (跨层级): it
// opens a case here with that one sub-case routed to its department, with neither an
// applicant nor a ticket. Once decided, the case closes here (DeliverRelay) and the
// decision goes back to the accepting center.
const CaseRelayedIn EventType = "case.relayed_in"

// RelayIn decides the intake of an outbound relay message at the deciding center: the
// department must be one of this center's, and the case new here.
func (h *Hall) RelayIn(m RelayMsg, now time.Time) ([]Event, *Case, error) {
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
	if _, ok := h.OpenCases[m.Case]; ok {
		return nil, nil, Errorf(Conflict, "case %s is here already", m.Case)
	}
	c := &Case{No: m.Case, Item: m.Item, Center: m.From, AcceptedAt: now, Promised: m.Due, Staff: RelayStaff(m.From),
		State: CaseInProgress, RelayedFrom: m.From,
		Parts: []Part{{Dept: m.Dept, Items: []string{m.Item}, State: PartRouted, Days: m.Days, Natural: m.Natural, Due: m.Due, RelayTaken: m.Seq}}}
	ev := h.event(CaseRelayedIn, now)
	ev.Staff, ev.Dept, ev.Case = c.Staff, m.Dept, c.clone()
	return []Event{ev}, c, nil
}
