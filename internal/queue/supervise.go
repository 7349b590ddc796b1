package queue

import (
	"slices"
	"time"
)

// A supervisor's changes to the hall from the console: the categories a window serves,
// and moving a ticket still waiting to another window or category (a clerk transfers
// only the ticket at their own window: Hall.Transfer).
const (
	WindowCategoriesSet EventType = "window.categories"
	TicketMoved         EventType = "ticket.moved"
)

// SetWindowCategories decides the categories window n serves, by code or prefix
// letter; none means every category. The same set again is a Conflict.
func (h *Hall) SetWindowCategories(n int, cats []string, staff string, now time.Time) ([]Event, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, c := range cats {
		cat, ok := h.Catalog.Category(c)
		if !ok {
			return nil, Errorf(Invalid, "unknown category %q", c)
		}
		if slices.Contains(codes, cat.Code) {
			return nil, Errorf(Invalid, "category %s named twice", cat.Code)
		}
		codes = append(codes, cat.Code)
	}
	slices.Sort(codes)
	old := slices.Clone(w.Categories)
	slices.Sort(old)
	if slices.Equal(old, codes) {
		return nil, Errorf(Conflict, "window %d serves those categories already", n)
	}
	nw := *w
	nw.Categories = codes
	ev := h.event(WindowCategoriesSet, now)
	ev.Window, ev.Staff = &nw, staff
	return []Event{ev}, nil
}

// MoveWaiting decides moving the waiting ticket id to window toWindow (which must be
// open; only it then calls the ticket) or to category toCategory (code or prefix), not
// both. The ticket keeps its place by issue time; moving it where it is already is a
// Conflict, a ticket not waiting too.
func (h *Hall) MoveWaiting(id string, toWindow int, toCategory, staff string, now time.Time) ([]Event, error) {
	t, ok := h.Tickets[id]
	if !ok {
		return nil, Errorf(NotFound, "no ticket %s today", id)
	}
	if t.State != Waiting {
		return nil, Errorf(Conflict, "ticket %s is %s, not waiting: only a waiting ticket is moved", t.Number, t.State)
	}
	nt := *t
	switch {
	case toWindow != 0 && toCategory != "":
		return nil, Errorf(Invalid, "move to a window or a category, not both")
	case toWindow != 0:
		if err := h.transferWindow(0, toWindow); err != nil {
			return nil, err
		}
		if t.Designated == toWindow {
			return nil, Errorf(Conflict, "ticket %s is for window %d already", t.Number, toWindow)
		}
		nt.Designated = toWindow
	case toCategory != "":
		cat, ok := h.Catalog.Category(toCategory)
		if !ok {
			return nil, Errorf(Invalid, "unknown category %q", toCategory)
		}
		if cat.Code == t.Category && t.Designated == 0 {
			return nil, Errorf(Conflict, "ticket %s is in %s already", t.Number, cat.Code)
		}
		nt.Category, nt.Designated = cat.Code, 0
	default:
		return nil, Errorf(Invalid, "move needs a window or a category")
	}
	ev := h.event(TicketMoved, now)
	ev.Ticket, ev.Staff = &nt, staff
	return []Event{ev}, nil
}
