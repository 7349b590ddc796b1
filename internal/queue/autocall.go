package queue

import (
	"sort"
	"time"
)

// Auto-call mode: a window in auto mode has the next ticket called for it by the server
// when it is free, a pause (Policy.AutoPause) after its last visit ended, so citizens
// are sent to windows without a clerk pressing call. The choice is the call policy's,
// as for a clerk's call.

// DefaultAutoPause is the pause an auto window rests after a visit by default.
const DefaultAutoPause = 10 * time.Second

// SetWindowMode decides switching window n's auto-call mode on or off.
func (h *Hall) SetWindowMode(n int, auto bool, staff string, now time.Time) ([]Event, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, err
	}
	if w.Auto == auto {
		return nil, Errorf(Conflict, "window %d is in %s mode already", n, modeName(auto))
	}
	nw := *w
	nw.Auto = auto
	ev := h.event(WindowModeSet, now)
	ev.Window, ev.Staff = &nw, staff
	return []Event{ev}, nil
}

func modeName(auto bool) string {
	if auto {
		return "auto"
	}
	return "manual"
}

// autoReady reports whether window w is an auto window that may be called for at now:
// open, free and rested.
func (h *Hall) autoReady(w *Window, now time.Time) bool {
	return w.Auto && w.State == WinOpen && w.Current == "" && !now.Before(w.FreeSince.Add(h.Policy.AutoPause))
}

// AutoCall decides the next automatic call: of the auto windows ready at now, the one
// free the longest (then the lowest number) that has a ticket to call gets the call
// policy's choice. It returns no events when no auto window has anyone to call. Apply
// its events and ask again until it returns none: one call at a time, so no ticket is
// called to two windows.
func (h *Hall) AutoCall(now time.Time) []Event {
	var ready []*Window
	for _, w := range h.Windows {
		if h.autoReady(w, now) {
			ready = append(ready, w)
		}
	}
	sort.Slice(ready, func(i, j int) bool {
		if !ready[i].FreeSince.Equal(ready[j].FreeSince) {
			return ready[i].FreeSince.Before(ready[j].FreeSince)
		}
		return ready[i].Number < ready[j].Number
	})
	for _, w := range ready {
		if t, reason := h.Queue.Next(w, now, h.Policy); t != nil {
			evs := h.callEvents(w, t, w.Staff, reason, now)
			evs[0].Auto = true
			return evs
		}
	}
	return nil
}

// NextAutoCall returns when the server must ask AutoCall again: now, when a call is due
// already (a pause that ended while the server was down, or between a batch's last
// AutoCall and this question); else the earliest time after now at which an auto
// window's pause ends, when one is resting.
func (h *Hall) NextAutoCall(now time.Time) (time.Time, bool) {
	var next time.Time
	rested := false
	for _, w := range h.Windows {
		if !w.Auto || w.State != WinOpen || w.Current != "" {
			continue
		}
		at := w.FreeSince.Add(h.Policy.AutoPause)
		switch {
		case !at.After(now):
			rested = true
		case next.IsZero() || at.Before(next):
			next = at
		}
	}
	if rested && len(h.AutoCall(now)) > 0 { // only a rested window can be due
		return now, true
	}
	return next, !next.IsZero()
}

// noteFree sets w.FreeSince, as an event brings window w: the time its visit ended when
// it has just let its current ticket go, else what it was.
func (h *Hall) noteFree(w *Window, at time.Time) {
	old, ok := h.Windows[w.Number]
	if !ok {
		return
	}
	w.FreeSince = old.FreeSince
	if old.Current != "" && w.Current == "" {
		w.FreeSince = at
	}
}
