package screens

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"onedoor/internal/wire"
)

// TestEnterApplicantAtTheWindow: a citizen came without a card the reader takes; the
// clerk enters a passport. A number that fails its type's form is refused in the clerk's
// language and the dialog stays; a good one is sealed, shown masked, and recorded as
// applicant.entered — by keyboard alone.
func TestEnterApplicantAtTheWindow(t *testing.T) {
	for _, tc := range []struct {
		lang              Lang
		passport, refusal string
	}{
		{Zh, "护照", "证件号码不符合"},
		{En, "Passport", "does not fit this document type"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			srv := startServer(t)
			h := newHarness(t, srv, tc.lang)
			m := h.login("demo1", 1)
			if _, err := srv.kiosk.Issue(context.Background(), wire.IssueRequest{Item: "440199-A-001"}, fmt.Sprintf("caller-app-%d", keys.Add(1))); err != nil {
				t.Fatal(err)
			}
			h.key(fyne.KeyF1)
			h.state("called")
			p := m.ticket
			if !p.enter.Visible() || p.reveal.Visible() {
				t.Fatal("a ticket without an applicant offers no entry (or offers a reveal)")
			}
			h.tabTo("workstation", p.enter)
			h.key(fyne.KeyReturn)
			d := m.Applicant
			if m.Popup == nil || h.w.Canvas().Focused() != d.Number {
				t.Fatal("Enter on the entry opened no dialog starting in the number")
			}
			if cycle := h.tabCycle("applicant"); !contains(cycle, d.Number, d.Name, d.Phone, d.OK) || !contains(cycle, d.Type.Buttons[5]) {
				t.Fatalf("Tab in the applicant dialog visits %d widgets, not the type, the fields and OK", len(cycle))
			}
			d.Type.SetSelected(tc.passport)
			h.w.Canvas().Focus(d.Number)
			h.typeText("E12") // too short for a passport
			h.w.Canvas().Focus(d.Name)
			h.typeText("TEST TRAVELLER")
			h.key(fyne.KeyReturn)
			h.wait("the refusal", func() bool { return strings.Contains(d.status.Text, tc.refusal) })
			if m.Popup == nil || len(srv.eventsOf("applicant.entered")) != 0 {
				t.Fatal("a refused number closed the dialog or was recorded")
			}
			d.Number.SetText("E12345678")
			h.w.Canvas().Focus(d.Phone)
			h.typeText("13800000000")
			h.key(fyne.KeyReturn)
			h.wait("the entry", func() bool { return m.Popup == nil && m.cur != nil && m.cur.Applicant != nil })
			if got := p.applicant.Text; !strings.Contains(got, "TEST TRAVELLER") || strings.Contains(got, "E12345678") {
				t.Fatalf("the panel shows %q, want the name with the number masked", got)
			}
			if !p.reveal.Visible() {
				t.Fatal("an entered applicant cannot be revealed")
			}
			if n := len(srv.eventsOf("applicant.entered")); n != 1 {
				t.Fatalf("%d applicant.entered events, want 1", n)
			}
		})
	}
}
