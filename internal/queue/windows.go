package queue

import (
	"strings"
	"time"
	"unicode/utf8"
)

// The commands that make, open, pause and close a window.

// CreateWindow decides adding a window; it starts closed.
func (h *Hall) CreateWindow(w Window, now time.Time) ([]Event, error) {
	if w.Number < 1 || w.Number > 999 {
		return nil, Errorf(Invalid, "window number must be 1 to 999")
	}
	if _, ok := h.Windows[w.Number]; ok {
		return nil, Errorf(Conflict, "window %d exists", w.Number)
	}
	switch w.Kind {
	case Comprehensive, Pickup, Special:
	default:
		return nil, Errorf(Invalid, "unknown window kind %q", w.Kind)
	}
	for _, c := range w.Categories {
		if _, ok := h.Catalog.Category(c); !ok {
			return nil, Errorf(Invalid, "unknown category %q", c)
		}
	}
	nw := w
	nw.State, nw.Current, nw.Staff = WinClosed, "", ""
	ev := h.event(WindowCreated, now)
	ev.Window = &nw
	return []Event{ev}, nil
}

// OpenWindow decides opening (or resuming) window n for staff.
func (h *Hall) OpenWindow(n int, staff string, now time.Time) ([]Event, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, err
	}
	if w.State == WinOpen && w.Staff == staff {
		return nil, Errorf(Conflict, "window %d is open already", n)
	}
	nw := *w
	nw.State, nw.Reason, nw.Staff = WinOpen, "", staff
	ev := h.event(WindowOpened, now)
	ev.Window, ev.Staff = &nw, staff
	return []Event{ev}, nil
}

// PauseWindow decides pausing window n with a reason shown on its display.
func (h *Hall) PauseWindow(n int, staff, reason string, now time.Time) ([]Event, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, err
	}
	if w.State != WinOpen {
		return nil, Errorf(Conflict, "window %d is %s, not open", n, w.State)
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > MaxReason {
		return nil, Errorf(Invalid, "reason is longer than %d characters", MaxReason)
	}
	nw := *w
	nw.State, nw.Reason = WinPaused, reason
	ev := h.event(WindowPaused, now)
	ev.Window, ev.Staff, ev.Reason = &nw, staff, reason
	return []Event{ev}, nil
}

// CloseWindow decides closing window n; its current ticket must be finished first.
func (h *Hall) CloseWindow(n int, staff string, now time.Time) ([]Event, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, err
	}
	if w.State == WinClosed {
		return nil, Errorf(Conflict, "window %d is closed already", n)
	}
	if t, ok := h.Tickets[w.Current]; ok && w.Current != "" {
		return nil, Errorf(Conflict, "window %d still has ticket %s: finish it first", n, t.Number)
	}
	nw := *w
	nw.State, nw.Reason, nw.Staff, nw.Current = WinClosed, "", "", ""
	ev := h.event(WindowClosed, now)
	ev.Window, ev.Staff = &nw, staff
	return []Event{ev}, nil
}

func copyWindow(w *Window) *Window {
	c := *w
	return &c
}
