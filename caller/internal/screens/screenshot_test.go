package screens

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/internal/queue"
)

// TestScreenshots writes the caller's screens in zh and en, and the three documents
// as PNG, to $ONEDOOR_SCREENSHOTS (make screenshots-caller).
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("ONEDOOR_SCREENSHOTS")
	if dir == "" {
		t.Skip("set ONEDOOR_SCREENSHOTS to a folder")
	}
	for _, lang := range []Lang{Zh, En} {
		t.Run(string(lang), func(t *testing.T) { screenshots(t, dir, lang) })
	}
}

func capture(t *testing.T, h *harness, dir, name string) {
	t.Helper()
	h.w.Canvas().Unfocus()
	captureFocused(t, h, dir, name)
}

// captureFocused writes the window as it is, focus and all.
func captureFocused(t *testing.T, h *harness, dir, name string) {
	t.Helper()
	h.p.run()
	img := h.w.Canvas().Capture()
	f, err := os.Create(filepath.Join(dir, "caller-"+name+"-"+string(h.app.lang)+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func screenshots(t *testing.T, dir string, lang Lang) {
	srv := startServer(t)
	h := newHarness(t, srv, lang)
	capture(t, h, dir, "login")
	m := h.login("demo1", 1)
	// A priority group claimed at the kiosk, for the clerk to check.
	srv.issueClaiming("440199-A-001", "disabled")
	h.key(fyne.KeyF1)
	h.state("called")
	capture(t, h, dir, "priority")
	test.Tap(m.ticket.prio.Confirm)
	h.wait("the check", func() bool { return !m.ticket.prio.box.Visible() })
	// The applicant entered at the window: a passport number refused, then taken.
	test.Tap(m.ticket.enter)
	a := m.Applicant
	a.Type.SetSelected(map[Lang]string{Zh: "护照", En: "Passport"}[lang])
	a.Number.SetText("E12")
	a.Name.SetText("TEST TRAVELLER")
	a.Phone.SetText("13800000000")
	test.Tap(a.OK)
	h.wait("the refusal", func() bool { return a.status.Text != "" })
	capture(t, h, dir, "applicant")
	a.Number.SetText("E12345678")
	test.Tap(a.OK)
	h.wait("the entry", func() bool { return m.Popup == nil })
	h.key(fyne.KeyF3)
	h.state("serving")
	h.key(fyne.KeyF6)
	m.Finish.Outcome.SetSelected(texts.S(lang, "consulted"))
	test.Tap(m.Finish.OK)
	h.state("")
	for _, item := range []string{"440199-A-001", "440199-A-003", "440199-A-001", "440199-F-001", "440199-C-001", "440199-A-001"} {
		srv.issue(item)
	}
	// Two visits for the tally, then the third mid-visit.
	for _, o := range []string{"accepted", "completed"} {
		h.serve("m1", "m2", "m3")
		m.Finish.Outcome.SetSelected(texts.S(m.Finish.s.lang, o))
		test.Tap(m.Finish.OK)
		h.state("")
		if m.Document != nil {
			h.wait("the document", func() bool { return m.Document.Ready })
			if o == "accepted" {
				capture(t, h, dir, "document")
			}
			m.hidePopup()
		}
	}
	h.key(fyne.KeyF1)
	h.state("called")
	h.key(fyne.KeyF4) // the no-show is asked first; Escape keeps the citizen
	capture(t, h, dir, "confirm-no-show")
	h.key(fyne.KeyEscape)
	h.key(fyne.KeyF3)
	h.state("serving")
	test.Tap(m.ticket.Checks["m1"])
	test.Tap(m.ticket.Checks["m2"])
	h.wait("the tally", func() bool { return m.live.Tally().Outcomes["completed"] == 1 })
	h.p.run()
	m.refresh()
	capture(t, h, dir, "main")
	// The focus ring, on the third material after two Tabs from the first.
	h.w.Canvas().Focus(m.ticket.Checks["m1"])
	h.key(fyne.KeyTab)
	h.key(fyne.KeyTab)
	captureFocused(t, h, dir, "main-focus")
	h.w.Canvas().Unfocus()
	for _, o := range outcomes {
		h.key(fyne.KeyF6)
		f := m.Finish
		f.Outcome.SetSelected(texts.S(f.s.lang, o))
		switch o {
		case "accepted": // m3 missing: the server refuses, and the dialog says why
			test.Tap(f.OK)
			h.wait("the refusal", func() bool { return f.status.Text != "" })
		case "supplement": // one material handed in but defective
			f.Mark("m5", queue.MatDefective)
			f.Rows["m5"].Problem.SetText(map[Lang]string{Zh: "委托书未签名", En: "not signed"}[lang])
		case "rejected":
			f.PickGround("not-ours")
		}
		capture(t, h, dir, "finish-"+o)
		f.Mark("m5", queue.MatMissing)
		m.hidePopup()
	}
	// The desk's other dialogs, each with its reasons: a transfer refused by a closed window.
	h.key(fyne.KeyF5)
	m.Transfer.Window.SetText("2")
	test.Tap(m.Transfer.OK)
	h.wait("the transfer's refusal", func() bool { return m.Transfer.status.Text != "" })
	capture(t, h, dir, "transfer-refused")
	m.hidePopup()
	m.openMissed()
	capture(t, h, dir, "reinstate")
	m.hidePopup()
	if lang != Zh {
		m.openClose()
		capture(t, h, dir, "close")
		m.hidePopup()
		return
	}
	// The three documents, rendered as a printer would see them.
	for _, o := range []string{"accepted", "supplement", "rejected"} {
		h.key(fyne.KeyF6)
		m.Finish.Outcome.SetSelected(texts.S(m.Finish.s.lang, o))
		if o == "accepted" { // the server accepts only with every required material
			m.hidePopup()
			for _, c := range []string{"m1", "m2", "m3"} {
				if !m.ticked[c] {
					test.Tap(m.ticket.Checks[c])
				}
			}
			h.key(fyne.KeyF6)
			m.Finish.Outcome.SetSelected(texts.S(m.Finish.s.lang, o))
		}
		if o == "rejected" && !m.Finish.PickGround("not-ours") { // an item without grounds: typed
			m.Finish.Reason.SetText("申请事项不属于本中心受理范围,请向市级政务服务中心申请")
			m.Finish.Basis.SetText("《中华人民共和国行政许可法》第三十二条第一款第(二)项")
		}
		test.Tap(m.Finish.OK)
		h.state("")
		d := m.Document
		h.wait("the document", func() bool { return d.Ready })
		pdf := filepath.Join(t.TempDir(), "doc.pdf")
		if err := os.WriteFile(pdf, d.PDF, 0o600); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "doc-"+d.doc.Kind)
		if b, err := exec.Command("pdftoppm", "-png", "-r", "100", "-singlefile", pdf, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, b)
		}
		m.hidePopup()
		if o != "rejected" {
			h.key(fyne.KeyF1)
			h.state("called")
			h.key(fyne.KeyF3)
			h.state("serving")
			test.Tap(m.ticket.Checks["m1"])
		}
	}
	m.openClose()
	capture(t, h, dir, "close")
	m.hidePopup()
}
