package queue

import (
	"fmt"
	"time"
)

// Desk controls: the rules that keep a window's commands honest (where a ticket may be
// transferred, which reasons a clerk may give).

// transferWindow returns the window a ticket may be transferred to by number: it must
// exist, not be the sending window, and be open (a closed or paused window would leave the
// citizen waiting for nobody). A transfer to a category is always allowed.
func (h *Hall) transferWindow(from, to int) error {
	if to == from {
		return Errorf(Invalid, "cannot transfer a ticket to its own window")
	}
	w, ok := h.Windows[to]
	if !ok {
		return Errorf(Invalid, "no window %d to transfer to", to)
	}
	if w.State != WinOpen {
		return Errorf(Conflict, "window %d is %s: transfer to an open window or to a category (窗口%d%s, 请转至开放窗口或业务类别)", to, w.State, to, stateZh(w.State))
	}
	return nil
}

// stateZh is the Chinese name of a window state.
func stateZh(s WindowState) string {
	switch s {
	case WinClosed:
		return "已关闭"
	case WinPaused:
		return "已暂停"
	}
	return "开放中"
}

// LeaveWindow decides what follows when the clerk holding window n logs in at window to:
// a clerk holds one window at a time, so window n loses its clerk and, if open, is paused
// with a reason its display shows (a ticket it has stays, for the next clerk to finish).
// It returns no events when staff does not hold window n.
func (h *Hall) LeaveWindow(n int, staff string, to int, now time.Time) []Event {
	w, ok := h.Windows[n]
	if !ok || w.Staff != staff || w.State == WinClosed {
		return nil
	}
	nw := *w
	nw.State, nw.Staff = WinPaused, ""
	nw.Reason = fmt.Sprintf("窗口员已转至%d号窗口 / clerk moved to window %d", to, to)
	ev := h.event(WindowPaused, now)
	ev.Window, ev.Staff, ev.Reason = &nw, staff, nw.Reason
	return []Event{ev}
}
