package screens

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// focusRing is what every focusable widget of the caller is: one of the Key widgets.
type focusRing interface {
	fyne.Focusable
	HasFocus() bool
}

// tabCycle tabs from nothing focused until the focus comes back round and returns the
// widgets in the order Tab visits them. Each must be a caller key widget whose ring
// shows, and, with a dialog open, inside the dialog.
func (h *harness) tabCycle(where string) []fyne.Focusable {
	h.t.Helper()
	c := h.w.Canvas()
	c.Unfocus()
	var inside []fyne.CanvasObject
	if m := h.app.Main; m != nil && m.Popup != nil {
		inside = test.LaidOutObjects(m.Popup)
	}
	var seen []fyne.Focusable
	for range 60 {
		h.key(fyne.KeyTab)
		f := c.Focused()
		if f == nil {
			h.t.Fatalf("%s: Tab focused nothing", where)
		}
		if len(seen) > 0 && f == seen[0] {
			return seen
		}
		r, ok := f.(focusRing)
		if !ok {
			h.t.Fatalf("%s: Tab reached a %T, which neither passes keys on nor draws the ring", where, f)
		}
		rr, ok := test.WidgetRenderer(f.(fyne.Widget)).(*ringRenderer)
		if !r.HasFocus() || !ok || !rr.ring.Visible() {
			h.t.Fatalf("%s: the focused %T shows no focus ring", where, f)
		}
		if inside != nil && !slices.Contains(inside, f.(fyne.CanvasObject)) {
			h.t.Fatalf("%s: Tab left the dialog for a %T behind it", where, f)
		}
		seen = append(seen, f)
	}
	h.t.Fatalf("%s: Tab never came back round", where)
	return nil
}

// tabTo tabs until want has the focus.
func (h *harness) tabTo(where string, want fyne.Focusable) {
	h.t.Helper()
	c := h.w.Canvas()
	for range 60 {
		if c.Focused() == want {
			return
		}
		h.key(fyne.KeyTab)
	}
	h.t.Fatalf("%s: Tab never reached the %T", where, want)
}

// typeText types s into the focused widget.
func (h *harness) typeText(s string) {
	for _, r := range s {
		h.w.Canvas().Focused().TypedRune(r)
	}
}

// space presses Space as the desktop driver delivers it: a key, then a rune.
func (h *harness) space() {
	h.key(fyne.KeySpace)
	if f := h.w.Canvas().Focused(); f != nil {
		f.TypedRune(' ')
	}
}

func contains(fs []fyne.Focusable, want ...fyne.Focusable) bool {
	for _, w := range want {
		if !slices.Contains(fs, w) {
			return false
		}
	}
	return true
}

// TestLoginFocus checks the login starts in its first empty field (the server when
// every field is filled) and that Enter there logs in.
func TestLoginFocus(t *testing.T) {
	srv := startServer(t)
	h := newHarness(t, srv, Zh)
	if f := h.w.Canvas().Focused(); f != h.app.Login.Server {
		t.Fatalf("with every field filled the login starts on %T, want the server", f)
	}
	h.app.opts.Defaults.PIN = ""
	h.app.Start()
	l := h.app.Login
	if f := h.w.Canvas().Focused(); f != l.PIN {
		t.Fatalf("without a PIN the login starts on %v, want the PIN", f)
	}
	if cycle := h.tabCycle("login"); !contains(cycle, l.Server, l.Staff, l.PIN, l.Window, l.Submit) {
		t.Fatalf("Tab on the login visits %d widgets, not every field and the button", len(cycle))
	}
	h.w.Canvas().Focus(l.PIN)
	h.typeText("123456")
	h.key(fyne.KeyReturn)
	h.wait("the workstation", func() bool { return h.app.Main != nil })
}

// TestKeysAfterTab checks F1-F6 still act with a button or a check focused (Fyne gives
// the keys to the focused widget, which passes them on).
func TestKeysAfterTab(t *testing.T) {
	srv, h, m := atDesk(t)
	srv.issue("440199-A-001")
	h.tabTo("workstation", m.Buttons["pause"])
	h.key(fyne.KeyF1)
	h.state("called")
	c := h.w.Canvas()
	c.Focus(m.ticket.Checks["m1"])
	h.space()
	if !m.ticked["m1"] || c.Focused() != m.ticket.Checks["m1"] {
		t.Fatal("Space on a focused material did not tick it, or the focus left")
	}
	h.key(fyne.KeyF3)
	h.state("serving")
	h.key(fyne.KeyF6)
	if m.Finish == nil || m.Popup == nil {
		t.Fatal("F6 with a material focused opened no outcome dialog")
	}
	h.key(fyne.KeyEscape)
	if m.Popup != nil {
		t.Fatal("Escape did not close the outcome dialog")
	}
}

// TestKeyboardWalk goes through every dialog with the keyboard alone: Tab visits each
// control inside the dialog with its ring shown, Escape cancels from an entry or a
// button, Enter confirms (a focused button takes its own Enter).
func TestKeyboardWalk(t *testing.T) {
	srv, h, m := atDesk(t)
	tk := srv.issue("440199-A-001")
	srv.issue("440199-A-001")
	srv.issue("440199-A-001")
	b := m.Buttons
	if cycle := h.tabCycle("workstation"); len(cycle) != 5 || !contains(cycle, b["call"], b["pause"], b["close"], b["reinstate"], b["lang"]) {
		t.Fatalf("Tab on the idle workstation visits %d widgets, want the 5 enabled buttons", len(cycle))
	}
	h.w.Canvas().Unfocus()
	h.key(fyne.KeyF1)
	h.state("called")

	// The no-show confirmation: Enter on a focused Cancel cancels, Escape cancels,
	// Enter confirms.
	h.key(fyne.KeyF4)
	d := m.Confirm
	if cycle := h.tabCycle("confirmation"); !contains(cycle, d.OK, d.Cancel, d.Reason.Text) || !contains(cycle, focusables(d.Reason.List.Buttons)...) || len(cycle) != 3+len(d.Reason.List.Buttons) {
		t.Fatalf("Tab in the confirmation visits %d widgets (%v), want the reasons, the note, Cancel and OK", len(cycle), describe(cycle))
	}
	h.tabTo("confirmation", d.Cancel)
	h.key(fyne.KeyReturn)
	if m.Popup != nil || m.cur == nil {
		t.Fatal("Enter on Cancel did not cancel the no-show")
	}
	h.key(fyne.KeyF4)
	h.tabTo("confirmation", m.Confirm.OK)
	h.key(fyne.KeyEscape)
	if m.Popup != nil || m.cur == nil || len(srv.eventsOf("ticket.no_show")) != 0 {
		t.Fatal("Escape did not cancel the no-show")
	}
	h.key(fyne.KeyF4)
	h.key(fyne.KeyReturn)
	h.state("")
	h.wait("the missed list", func() bool { return len(m.live.Missed()) == 1 })

	// Reinstate, reached by Tab and Enter: Enter on the missed ticket picks it and
	// confirms.
	h.tabTo("workstation", m.Buttons["reinstate"])
	h.key(fyne.KeyReturn)
	md := m.Missed
	if md == nil || m.Popup == nil || h.w.Canvas().Focused() != md.ID {
		t.Fatal("Enter on the reinstate button opened no dialog starting in the ticket field")
	}
	if cycle := h.tabCycle("reinstate"); !contains(cycle, md.List.Buttons[0], md.ID, md.OK) {
		t.Fatalf("Tab in the reinstate dialog visits %d widgets (%v), not the list, the field and OK", len(cycle), describe(cycle))
	}
	h.w.Canvas().Focus(md.ID)
	h.key(fyne.KeyEscape)
	if m.Popup != nil {
		t.Fatal("Escape in the ticket field did not close the reinstate dialog")
	}
	h.tabTo("workstation", m.Buttons["reinstate"])
	h.key(fyne.KeyReturn)
	md = m.Missed
	h.tabTo("reinstate", md.List.Buttons[0])
	h.key(fyne.KeyReturn)
	h.wait("the reinstatement", func() bool { return len(srv.eventsOf("ticket.reinstated")) == 1 })
	h.wait("the dialog closed", func() bool { return m.Popup == nil })
	if md.ID.Text != tk.ID {
		t.Fatalf("the reinstated ticket is %q, want %s", md.ID.Text, tk.ID)
	}

	// Pause: the reason has the keys; Escape cancels, Enter pauses.
	h.w.Canvas().Unfocus()
	h.tabTo("workstation", m.Buttons["pause"])
	h.space()
	if m.Pause == nil || h.w.Canvas().Focused() != m.Pause.Reason {
		t.Fatal("Space on pause opened no dialog starting in the reason")
	}
	h.tabCycle("pause")
	h.w.Canvas().Focus(m.Pause.Reason)
	h.key(fyne.KeyEscape)
	if m.Popup != nil || m.winState != "open" {
		t.Fatal("Escape did not cancel the pause")
	}
	test.Tap(m.Buttons["pause"])
	h.key(fyne.KeyReturn)
	h.wait("the window paused", func() bool { return m.winState == "paused" && m.Popup == nil })
	h.w.Canvas().Unfocus()
	h.tabTo("workstation", m.Buttons["resume"])
	h.key(fyne.KeyReturn)
	h.wait("the window open", func() bool { return m.winState == "open" })

	// Transfer: the window number is typed and Enter hands the ticket on (to an open window).
	srv.openWindow("demo2", 2)
	h.w.Canvas().Unfocus()
	h.key(fyne.KeyF1)
	h.state("called")
	h.key(fyne.KeyF3)
	h.state("serving")
	h.key(fyne.KeyF5)
	td := m.Transfer
	if h.w.Canvas().Focused() != td.Window {
		t.Fatal("the transfer dialog does not start in the window field")
	}
	if cycle := h.tabCycle("transfer"); !contains(cycle, td.Window, td.Category, td.OK) {
		t.Fatalf("Tab in the transfer dialog visits %d widgets, not the window, the category and OK", len(cycle))
	}
	h.w.Canvas().Focus(td.Category)
	h.key(fyne.KeyEscape)
	if m.Popup != nil {
		t.Fatal("Escape on the category did not close the transfer dialog")
	}
	h.key(fyne.KeyF5)
	h.typeText("2")
	h.key(fyne.KeyReturn)
	h.wait("the transfer", func() bool { return len(srv.eventsOf("ticket.transferred")) == 1 })
	h.state("")

	// Finish: Enter on an outcome picks it and confirms; a rejection without a reason
	// stays open; Ctrl+Enter in the reason confirms; Enter closes the document.
	h.key(fyne.KeyF1)
	h.state("called")
	h.key(fyne.KeyF3)
	h.state("serving")
	h.key(fyne.KeyF6)
	f := m.Finish
	if cycle := h.tabCycle("finish"); !contains(cycle, f.Outcome.Buttons[0], f.OK, f.Cancel) || contains(cycle, f.Reason) {
		t.Fatalf("Tab in the outcome dialog visits %d widgets, not the outcomes and buttons (and no hidden reason)", len(cycle))
	}
	h.tabTo("finish", f.Outcome.Buttons[2])
	h.key(fyne.KeyReturn)
	if f.Chosen() != "rejected" || m.Popup == nil || !strings.Contains(f.status.Text, "法定情形") {
		t.Fatalf("Enter on 'rejected' chose %q and did not ask for the legal ground: %q", f.Chosen(), f.status.Text)
	}
	other := f.Ground.Buttons[len(f.Ground.Buttons)-1] // a basis typed: Enter picks it and asks for the reason
	h.tabTo("finish", other)
	h.key(fyne.KeyReturn)
	if m.Popup == nil || !strings.Contains(f.status.Text, "理由") {
		t.Fatalf("Enter on 'other' did not ask for the reason: %q", f.status.Text)
	}
	h.tabTo("finish", f.Reason)
	h.typeText("不属于本中心受理范围")
	h.key(fyne.KeyReturn) // a new line in the reason, not a confirmation
	if m.Popup == nil || len(srv.eventsOf("ticket.finished")) != 0 {
		t.Fatal("Enter in the reason confirmed the dialog")
	}
	f.Reason.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierControl})
	if m.Popup == nil || !strings.Contains(f.status.Text, "法律依据") || len(srv.eventsOf("ticket.finished")) != 0 {
		t.Fatalf("Ctrl+Enter without a legal basis was not stopped: %q", f.status.Text)
	}
	h.tabTo("finish", f.Basis)
	h.typeText("《中华人民共和国行政许可法》第三十二条")
	h.key(fyne.KeyReturn) // one line: Enter confirms
	h.wait("the rejection", func() bool { return len(srv.eventsOf("ticket.finished")) == 1 })
	h.wait("the document", func() bool { return m.Document != nil && m.Document.Ready })
	dd := m.Document
	if cycle := h.tabCycle("document"); !contains(cycle, dd.Folder, dd.Save, dd.Close) {
		t.Fatalf("Tab in the document dialog visits %d widgets, not the folder, save and close", len(cycle))
	}
	h.w.Canvas().Unfocus()
	if dd.Print.Disabled() {
		h.key(fyne.KeyReturn) // no printer here: Enter closes
	} else {
		h.key(fyne.KeyEscape)
	}
	if m.Popup != nil {
		t.Fatal("the document dialog did not close from the keyboard")
	}
}

// focusables turns buttons into focusables for contains.
func focusables(bs []*KeyButton) []fyne.Focusable {
	out := make([]fyne.Focusable, len(bs))
	for i, b := range bs {
		out[i] = b
	}
	return out
}

// describe names focusable widgets for a failure message.
func describe(fs []fyne.Focusable) []string {
	var out []string
	for _, f := range fs {
		switch v := f.(type) {
		case *KeyButton:
			out = append(out, "button "+v.Text)
		case *KeyEntry:
			out = append(out, "entry "+v.Text)
		default:
			out = append(out, fmt.Sprintf("%T", f))
		}
	}
	return out
}

// TestKeyboardCallTicket calls a ticket out of order by keyboard alone, as a
// supervisor: Tab to the button, Enter, type the ticket's id, Enter.
func TestKeyboardCallTicket(t *testing.T) {
	srv := startServer(t)
	srv.issue("440199-A-001")
	second := srv.issue("440199-A-001")
	h := newHarness(t, srv, Zh)
	m := h.login("super", 3)
	h.tabTo("workstation", m.Buttons["call_ticket"])
	h.key(fyne.KeyReturn)
	if m.Missed == nil || m.Popup == nil || h.w.Canvas().Focused() != m.Missed.ID {
		t.Fatal("Enter on call a ticket opened no dialog starting in the ticket field")
	}
	h.tabCycle("call a ticket")
	h.w.Canvas().Focus(m.Missed.ID)
	h.typeText(second.ID)
	h.key(fyne.KeyReturn)
	h.state("called")
	// The stream's call may arrive before the command's answer, which closes the dialog.
	h.wait("the dialog to close", func() bool { return m.Popup == nil })
	if m.cur.ID != second.ID {
		t.Fatalf("called %s, want %s out of order", m.cur.Number, second.Number)
	}
}
