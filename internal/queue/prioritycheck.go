package queue

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// A priority group claimed at the kiosk (military, disability, …) is only the citizen's
// word until the clerk has seen the proof: the ticket is called ahead as declared, and the
// clerk confirms the claim or marks it not eligible. Both are recorded and counted.

// PriorityCheck is where a ticket's claimed priority stands with the clerk.
type PriorityCheck string

// The checks of a claimed priority. A ticket with nothing to check (no group, an
// appointment, the elderly group proven by the card's birth date) has none.
const (
	PriorityDeclared  PriorityCheck = "declared"
	PriorityConfirmed PriorityCheck = "confirmed"
	PriorityRefused   PriorityCheck = "refused"
)

// TicketPriorityChecked is the event of a clerk's check of a claimed priority.
const TicketPriorityChecked EventType = "ticket.priority_checked"

// declaredCheck returns the check a new ticket of priority group prio starts with: the
// group was claimed, so the clerk checks it, unless the system itself knows it (an
// appointment's booking, an age the ID card proves).
func (h *Hall) declaredCheck(c IssueCmd, prio string, now time.Time) PriorityCheck {
	switch {
	case prio == PriorityNormal || prio == PriorityAppointment:
		return ""
	case prio == PriorityElderly && h.Policy.ElderlyAge > 0 && !c.Birth.IsZero() && AgeAt(c.Birth, now.In(h.Loc)) >= h.Policy.ElderlyAge:
		return ""
	}
	return PriorityDeclared
}

// CheckPriority decides the clerk's check of the claimed priority of window n's current
// ticket: confirmed when the proof was shown, refused (not eligible) otherwise. The ticket
// must have a claim not yet checked; the reason is free text, recorded.
func (h *Hall) CheckPriority(n int, staff string, confirm bool, reason string, now time.Time) ([]Event, error) {
	w, t, err := h.current(n)
	if err != nil {
		return nil, err
	}
	switch t.PriorityCheck {
	case "":
		return nil, Errorf(Conflict, "ticket %s claims no priority to check (该号未申报优先)", t.Number)
	case PriorityConfirmed, PriorityRefused:
		return nil, Errorf(Conflict, "the priority of ticket %s was already %s (已核验)", t.Number, t.PriorityCheck)
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > MaxReason {
		return nil, Errorf(Invalid, "reason is longer than %d characters", MaxReason)
	}
	nt := *t
	nt.PriorityCheck = PriorityConfirmed
	if !confirm { // not eligible: should the ticket wait again (a transfer), it waits in line
		nt.PriorityCheck, nt.Weight = PriorityRefused, 0
	}
	ev := h.event(TicketPriorityChecked, now)
	ev.Ticket, ev.Window, ev.Staff, ev.Reason = &nt, copyWindow(w), staff, reason
	return []Event{ev}, nil
}

// PriorityTally counts one priority group's claims of the day: declared is every claim,
// of which confirmed and refused were checked by a clerk (the rest were not, yet: still
// waiting, cancelled, or not come).
type PriorityTally struct {
	Group     string `json:"group"`
	Declared  int    `json:"declared"`
	Confirmed int    `json:"confirmed"`
	Refused   int    `json:"refused"`
}

// PriorityTallies counts the day's claimed priorities per group, in the catalog's order.
func (h *Hall) PriorityTallies() []PriorityTally {
	by := map[string]*PriorityTally{}
	for _, t := range h.Tickets {
		if t.PriorityCheck == "" {
			continue
		}
		p := by[t.Priority]
		if p == nil {
			p = &PriorityTally{Group: t.Priority}
			by[t.Priority] = p
		}
		p.Declared++
		switch t.PriorityCheck {
		case PriorityConfirmed:
			p.Confirmed++
		case PriorityRefused:
			p.Refused++
		}
	}
	out := make([]PriorityTally, 0, len(by))
	var groups []PriorityGroup
	if h.Catalog != nil {
		groups = h.Catalog.PriorityGroups
	}
	for _, g := range groups {
		if p := by[g.Code]; p != nil {
			out = append(out, *p)
			delete(by, g.Code)
		}
	}
	rest := len(out) // groups dropped from the catalog since, by code
	for _, p := range by {
		out = append(out, *p)
	}
	sort.Slice(out[rest:], func(i, j int) bool { return out[rest+i].Group < out[rest+j].Group })
	return out
}
