package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"onedoor/internal/testkit"
)

// TestDocumentOpensWithItsPage: the document's dialog appears with its page already
// in it, so the window draws it once (the page rendered later was a second full
// draw ~100 ms after the first), and the main screen under it is up to date.
func TestDocumentOpensWithItsPage(t *testing.T) {
	testkit.NeedTool(t, "pdftoppm", "poppler-utils")
	srv, h, m := atDesk(t)
	tk := srv.issue("440199-A-001")
	h.serve("m1", "m2", "m3")
	f := m.Finish
	f.Outcome.SetSelected(texts.S(f.s.lang, "accepted"))
	test.Tap(f.OK)
	h.waitEach("the document", func() bool { return m.Document != nil })
	d := m.Document
	if !d.Ready || d.Page.Image == nil || d.PDF == nil {
		t.Fatalf("the document's dialog opened before its page (ready %v): %s", d.Ready, d.status.Text)
	}
	if m.cur != nil || m.Popup != d.popup {
		t.Fatalf("under the document the window still shows ticket %v", m.cur)
	}
	if evs := srv.eventsOf("ticket.finished"); len(evs) != 1 || evs[0].Ticket.ID != tk.ID {
		t.Fatalf("finish events %+v", evs)
	}
	// The stream's updates, held while the finish waited for the page, are drawn again.
	nobody := texts.S(m.lang, "nobody")
	next := srv.issue("440199-A-001")
	h.wait("the new ticket in the queue panel", func() bool {
		return m.side.queue.Text != nobody && strings.Contains(m.side.queue.Text, next.Number[:1])
	})
}

// TestLoginOpensTheDeskFilled: the workstation's first draw already shows the hall's
// state (center, queue, the ticket at the window), loaded with the login, rather than
// an empty screen filled in a moment later.
func TestLoginOpensTheDeskFilled(t *testing.T) {
	srv := startServer(t)
	srv.issue("440199-A-001")
	h := newHarness(t, srv, Zh)
	l := h.app.Login
	l.Staff.SetText("demo1")
	l.Window.SetText("1")
	test.Tap(l.Submit)
	h.waitEach("the workstation", func() bool { return h.app.Main != nil })
	m := h.app.Main
	if m.q.CenterName == "" || !strings.Contains(m.header.Text, m.q.CenterName) {
		t.Fatalf("the workstation opened without the hall's state: header %q", m.header.Text)
	}
	waiting := 0
	for _, c := range m.q.Categories {
		waiting += c.Waiting
	}
	if waiting != 1 {
		t.Fatalf("the workstation opened with %d waiting, want 1", waiting)
	}
}
