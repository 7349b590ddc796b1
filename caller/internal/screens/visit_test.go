package screens

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// TestWholeVisitForEachOutcome drives a visit per outcome through the screens with the
// keys F1, F3 and F6, ticking the materials handed over, and checks the log and the PDF.
func TestWholeVisitForEachOutcome(t *testing.T) {
	srv, h, m := atDesk(t)
	tests := []struct {
		outcome string
		ticks   []string
		reason  string
		doc     bool
		want    []string // in the PDF besides the item's name
	}{
		{"accepted", []string{"m1", "m2", "m3"}, "", true, []string{"受理回执"}},
		{"supplement", []string{"m1"}, "", true, []string{"材料补正通知书"}},
		{"rejected", []string{"m1"}, "申请事项不属于本中心", true, []string{"不予受理决定通知书", "申请事项不属于本中心", "行政复议"}},
		{"completed", []string{"m1", "m2", "m3"}, "", false, nil},
		{"consulted", nil, "", false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.outcome, func(t *testing.T) {
			h.t = t
			tk := srv.issue("440199-A-001")
			h.key(fyne.KeyF1)
			h.state("called")
			if m.cur.ID != tk.ID {
				t.Fatalf("called %s, want %s", m.cur.Number, tk.Number)
			}
			h.key(fyne.KeyF3)
			h.state("serving")
			for _, code := range tc.ticks {
				test.Tap(m.ticket.Checks[code])
			}
			h.key(fyne.KeyF6)
			f := m.Finish
			if f == nil || m.Popup == nil {
				t.Fatal("F6 opened no outcome dialog")
			}
			if len(tc.ticks) < 3 && f.Chosen() != "supplement" {
				t.Errorf("with required materials unticked the dialog proposes %q, want supplement", f.Chosen())
			}
			f.Outcome.SetSelected(texts.S(f.s.lang, tc.outcome))
			if tc.outcome == "supplement" {
				if lines := strings.Count(f.Missing.Text, "•"); lines != 2 {
					t.Errorf("the notice to supplement is prefilled with %d materials, want 2: %q", lines, f.Missing.Text)
				}
			}
			if tc.outcome == "rejected" {
				test.Tap(f.OK) // no legal ground yet: refused on the spot
				if m.Popup == nil || !strings.Contains(f.status.Text, "法定情形") {
					t.Fatalf("a rejection without a ground was not stopped: %q", f.status.Text)
				}
				f.PickGround("") // a basis typed instead of the item's ground
				test.Tap(f.OK)   // no reason yet: refused on the spot
				if m.Popup == nil || !strings.Contains(f.status.Text, "理由") {
					t.Fatalf("a rejection without a reason was not stopped: %q", f.status.Text)
				}
				f.Reason.SetText(tc.reason)
				test.Tap(f.OK) // no legal basis yet: refused on the spot
				if m.Popup == nil || !strings.Contains(f.status.Text, "法律依据") {
					t.Fatalf("a rejection without a legal basis was not stopped: %q", f.status.Text)
				}
				f.Basis.SetText("《中华人民共和国行政许可法》第三十二条第一款第（二）项")
			}
			test.Tap(f.OK)
			h.state("")
			evs := srv.eventsOf("ticket.finished")
			ev := evs[len(evs)-1]
			if ev.Ticket.ID != tk.ID || ev.Outcome != tc.outcome || ev.Staff != "demo1" {
				t.Fatalf("finish event %+v, want %s by demo1 for %s", ev, tc.outcome, tk.ID)
			}
			if !slices.Equal(ev.Received, tc.ticks) {
				t.Errorf("received %v, want %v", ev.Received, tc.ticks)
			}
			if tc.outcome == "rejected" && (ev.Reason != tc.reason || !strings.Contains(ev.Basis, "第三十二条")) {
				t.Errorf("reason %q, basis %q, want %q and the basis typed", ev.Reason, ev.Basis, tc.reason)
			}
			if !tc.doc {
				if m.Popup != nil {
					t.Fatalf("a %s visit showed a document", tc.outcome)
				}
				return
			}
			d := m.Document
			h.wait("the document's page", func() bool { return d.Ready })
			if d.Page.Image == nil || d.PDF == nil {
				t.Fatalf("no page shown: %s", d.status.Text)
			}
			text := testkit.PDFText(t, d.PDF)
			want := append([]string{"个体工商户设立登记", tk.Number}, tc.want...)
			if tc.outcome == "accepted" {
				want = append(want, d.doc.CaseNo)
			}
			if tc.outcome == "supplement" {
				if len(d.doc.Missing) != 2 {
					t.Errorf("the notice names %d missing materials, want 2", len(d.doc.Missing))
				}
				for _, mat := range d.doc.Missing {
					want = append(want, mat.Name)
				}
			}
			for _, w := range want {
				if w == "" || !strings.Contains(text, strings.Join(strings.Fields(w), "")) {
					t.Errorf("the PDF lacks %q", w)
				}
			}
			tap(d.Save)
			h.wait("the saved file", func() bool { return strings.Contains(d.status.Text, ".pdf") })
			if !slices.ContainsFunc(srv.eventsOf("document.issued"), func(e wire.Event) bool { return e.Staff == "demo1" }) {
				t.Error("fetching the document left no document.issued event")
			}
			tap(d.Close)
			if m.Popup != nil {
				t.Fatal("the document did not close")
			}
		})
	}
	h.t = t
	if got := m.live.Tally().Outcomes; len(got) != 5 {
		h.wait("the tally of five outcomes", func() bool { return len(m.live.Tally().Outcomes) == 5 })
	}
	h.wait("the tally's text", func() bool { return strings.Contains(m.side.tally.Text, "已办 5") })
}
