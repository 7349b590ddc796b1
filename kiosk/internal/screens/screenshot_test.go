package screens

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onedoor/internal/uikit"
)

// TestScreenshots renders every screen in Chinese, English and the elderly mode
// (长辈模式, in Chinese and in English) to PNG files in the directory named by KIOSK_SCREENSHOTS (make
// screenshots-kiosk), with Fyne's software painter: no display is needed.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("KIOSK_SCREENSHOTS")
	if dir == "" {
		t.Skip("KIOSK_SCREENSHOTS is not set")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"zh", "en", "elderly", "elderly-en"} {
		lang, elderly := uikit.Zh, strings.HasPrefix(mode, "elderly")
		if mode == "en" || mode == "elderly-en" {
			lang = uikit.En
		}
		r := newRig(t, rigOptions{lang: lang, paperOut: lang == uikit.En})
		shot := func(name string) {
			t.Helper()
			r.saveShot(filepath.Join(dir, "kiosk-"+name+"-"+mode+".png"))
		}
		if lang == uikit.En {
			r.waitFor("the paper-out notice", func() bool { return r.k.ops.printerErr != nil })
			shot("home-paper-out")
		}
		// Two tickets already waiting in A, so that home shows counts.
		for range 2 {
			id := r.takeTicket(r.goToItem("A", "440199-A-003"))
			r.tap(id.skip)
			r.tap(r.ticket().done)
			r.waitScreen("home")
		}
		r.waitFor("the counts", func() bool { return r.k.waiting["A"] == 2 })
		var h *home
		r.ui.sync(func() { h = r.k.current.(*home) })
		if elderly {
			r.tap(h.elderly)
			r.ui.sync(func() { h = r.k.current.(*home) })
		}
		shot("home")
		r.tap(h.cats["A"])
		r.waitScreen("items")
		shot("items")
		var s *items
		r.ui.sync(func() { s = r.k.current.(*items) })
		if !elderly { // the elderly mode lists the items, with no keyboard
			for _, k := range "GTGSH" {
				r.tap(s.keys[k])
			}
			shot("search")
		}
		r.tap(s.buttons["440199-A-001"])
		r.waitScreen("item")
		shot("item")
		r.ui.sync(func() { r.k.showCountdown(10) })
		shot("countdown")
		r.ui.sync(r.k.touch)
		var it *itemScreen
		r.ui.sync(func() { it = r.k.current.(*itemScreen) })
		id := r.takeTicket(it)
		r.waitFor("the reader", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
		r.tap(id.groups["disabled"])
		shot("identity")
		r.ui.sync(func() {
			r.k.readerErr = os.ErrClosed
			id.onReaderHealth()
		})
		shot("reader-fault")
		r.ui.sync(func() {
			r.k.readerErr = nil
			r.k.sess.group = ""
			id.showGroups()
			id.onReaderHealth()
		})
		if err := r.cards.Place("elder"); err != nil {
			t.Fatal(err)
		}
		ts := r.ticket()
		if lang == uikit.En {
			r.waitFor("the print failure", func() bool { return ts.printErr != nil })
			shot("ticket-paper-out")
		} else {
			r.waitFor("the print", func() bool { return ts.printed })
			shot("ticket")
		}
		r.tap(ts.done)
		r.waitScreen("home")
		r.ui.sync(func() { h = r.k.current.(*home) })
		if elderly {
			r.tap(h.elderly)
			r.ui.sync(func() { h = r.k.current.(*home) })
		}
		r.tap(h.checkin)
		r.waitScreen("checkin")
		var c *checkin
		r.ui.sync(func() { c = r.k.current.(*checkin) })
		for _, k := range []string{"2", "0", "2", "6", "0", "1"} {
			r.tap(c.keys[k])
		}
		shot("checkin")
		if elderly {
			continue // out of service has one look
		}
		shotsAway(t, r, shot)
	}
}

// saveShot writes the kiosk's window, settled, as a PNG file at path.
func (r *rig) saveShot(path string) {
	r.t.Helper()
	r.ui.sync(func() {
		settle(r.win.Canvas())
		f, err := os.Create(path)
		if err != nil {
			r.t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, r.win.Canvas().Capture()); err != nil {
			r.t.Fatal(err)
		}
	})
}
