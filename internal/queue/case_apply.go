package queue

import (
	"sort"
	"strings"
)

// applyCase applies the case an event carries: an accepted finish opens it (and counts
// it for the day's numbering), a case event replaces it, and a closed case leaves the
// open cases. Every change is kept for TakeDirtyCases.
func (h *Hall) applyCase(ev Event) {
	if ev.Case == nil {
		return
	}
	switch {
	case ev.Type == TicketFinished:
		h.Cases++
	case !strings.HasPrefix(string(ev.Type), "case."):
		return
	}
	c := ev.Case.clone()
	if c.State == "" {
		c.State = CaseAccepted
	}
	if h.OpenCases == nil {
		h.OpenCases = map[string]*Case{}
	}
	if h.dirtyCases == nil {
		h.dirtyCases = map[string]*Case{}
	}
	if c.State == CaseClosed {
		delete(h.OpenCases, c.No)
	} else {
		h.OpenCases[c.No] = c
	}
	h.dirtyCases[c.No] = c
}

// RestoreCase puts back an open case loaded from a projection, with no event.
func (h *Hall) RestoreCase(c *Case) {
	if c.State == CaseClosed {
		return
	}
	if h.OpenCases == nil {
		h.OpenCases = map[string]*Case{}
	}
	h.OpenCases[c.No] = c.clone()
}

// TakeDirtyCases returns the cases changed since the last call, closed ones included, in
// case-number order; the store writes them to its projection.
func (h *Hall) TakeDirtyCases() []*Case {
	out := make([]*Case, 0, len(h.dirtyCases))
	for _, c := range h.dirtyCases {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].No < out[j].No })
	clear(h.dirtyCases)
	return out
}
