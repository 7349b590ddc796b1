package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestKeyboardFinishMaterials marks a material defective with the keyboard alone: Tab
// reaches each material's three states, Space on 有误 opens its problem and fix (which
// Tab then visits), and Enter on an outcome picks it and confirms.
func TestKeyboardFinishMaterials(t *testing.T) {
	srv, h, m := atDesk(t)
	srv.issue("440199-A-001")
	f := h.serve()
	cycle := h.tabCycle("finish")
	for _, code := range []string{"m1", "m2", "m3", "m4", "m5"} {
		if !contains(cycle, focusables(f.Rows[code].State.Buttons)...) || contains(cycle, f.Rows[code].Problem) {
			t.Fatalf("Tab in the outcome dialog misses %s's states or visits its hidden problem: %v", code, describe(cycle))
		}
	}
	bad := f.Rows["m2"].State.Buttons[2]
	h.tabTo("finish", bad)
	h.space()
	if f.Rows["m2"].mark.state != "defective" || !f.Rows["m2"].Problem.Visible() {
		t.Fatal("Space on 有误 did not mark m2 defective and show its problem")
	}
	h.tabTo("finish", f.Rows["m2"].Problem)
	h.typeText("复印件不清晰")
	h.key(fyne.KeyTab)
	if h.w.Canvas().Focused() != f.Rows["m2"].Fix {
		t.Fatal("Tab from the problem does not go to the fix")
	}
	h.typeText("重新复印")
	h.tabTo("finish", f.Outcome.Buttons[1]) // 补正材料: Enter picks it and confirms
	h.key(fyne.KeyReturn)
	h.wait("the notice", func() bool { return len(srv.eventsOf("ticket.finished")) == 1 })
	h.wait("the document", func() bool { return m.Document != nil })
	if d := m.Document.doc.Defective; len(d) != 1 || d[0].Problem != "复印件不清晰" || d[0].Fix != "重新复印" {
		t.Fatalf("the notice's defective materials %+v", d)
	}
}

// TestKeyboardClose closes the window by keyboard: Tab to the button, Enter, Tab visits
// the reasons and the note, Enter on a reason picks it and closes; Enter on resume opens.
func TestKeyboardClose(t *testing.T) {
	srv, h, m := atDesk(t)
	h.tabTo("workstation", m.Buttons["close"])
	h.key(fyne.KeyReturn)
	d := m.Close
	if d == nil || m.Popup == nil {
		t.Fatal("Enter on close opened no dialog")
	}
	cycle := h.tabCycle("close")
	if !contains(cycle, focusables(d.Reason.List.Buttons)...) || !contains(cycle, d.Reason.Text, d.OK) {
		t.Fatalf("Tab in the close dialog visits %v, not the reasons, the note and OK", describe(cycle))
	}
	h.w.Canvas().Focus(d.Reason.Text)
	h.key(fyne.KeyEscape)
	if m.Popup != nil || m.winState != "open" {
		t.Fatal("Escape in the note did not cancel the close")
	}
	h.tabTo("workstation", m.Buttons["close"])
	h.key(fyne.KeyReturn)
	d = m.Close
	h.tabTo("close", d.Reason.List.Buttons[0])
	h.key(fyne.KeyReturn)
	h.wait("the window closed", func() bool { return m.winState == "closed" && m.Popup == nil })
	if evs := srv.eventsOf("window.closed"); len(evs) != 1 || !strings.Contains(evs[0].Reason, "END_OF_DAY") {
		t.Fatalf("close events %+v", evs)
	}
	h.w.Canvas().Unfocus()
	h.tabTo("workstation", m.Buttons["resume"])
	h.key(fyne.KeyReturn)
	h.wait("the window open", func() bool { return m.winState == "open" })
}
