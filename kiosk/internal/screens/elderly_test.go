package screens

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"onedoor/internal/uikit"
)

// drawn walks what is drawn under o: every visible text and every big button.
func drawn(o fyne.CanvasObject, texts *[]*canvas.Text, buttons *[]*uikit.BigButton) {
	if !o.Visible() {
		return
	}
	switch v := o.(type) {
	case *canvas.Text:
		if strings.TrimSpace(v.Text) != "" {
			*texts = append(*texts, v)
		}
		return
	case *uikit.BigButton:
		*buttons = append(*buttons, v)
	}
	switch v := o.(type) {
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			drawn(c, texts, buttons)
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			drawn(c, texts, buttons)
		}
	}
}

// TestElderlySizes shows every screen in the elderly mode, in both languages, and
// measures what is drawn: every text ≥ 36 px, the largest ≥ 60 px, every button at
// least 120×120 px.
func TestElderlySizes(t *testing.T) {
	for _, lang := range []uikit.Lang{uikit.Zh, uikit.En} {
		k := offlineKiosk(t, nil)
		k.tr.SetLang(lang)
		k.setElderly(true)
		for _, sc := range everyScreen(k) {
			var texts []*canvas.Text
			var buttons []*uikit.BigButton
			drawn(showForTest(k, sc), &texts, &buttons)
			largest := float32(0)
			for _, x := range texts {
				largest = max(largest, x.TextSize)
				if x.TextSize < uikit.ElderlyBody {
					t.Errorf("%s %s: %q is %.0f px, want ≥ %.0f", lang, sc.what, x.Text, x.TextSize, uikit.ElderlyBody)
				}
			}
			if largest < 60 {
				t.Errorf("%s %s: the largest text is %.0f px, want ≥ 60", lang, sc.what, largest)
			}
			for _, b := range buttons {
				if s := b.Size(); s.Width < uikit.ElderlyTouch || s.Height < uikit.ElderlyTouch {
					t.Errorf("%s %s: button %q is %.0f×%.0f px, want ≥ 120×120", lang, sc.what, b.Title, s.Width, s.Height)
				}
			}
		}
	}
}

// TestElderlyModeByButton taps home's elderly-mode button: home comes back in large
// type with the button now offering the way back, and a second tap returns to the
// standard mode.
func TestElderlyModeByButton(t *testing.T) {
	k := offlineKiosk(t, nil)
	k.cfg.TapGuard = -1
	k.show(&home{k: k})
	h := k.current.(*home)
	test.Tap(h.elderly)
	if !k.elderly() {
		t.Fatal("the elderly mode is not on after its button")
	}
	h = k.current.(*home)
	if h.elderly.Title != k.tr.S("elderly_off") {
		t.Errorf("the button says %q, want %q", h.elderly.Title, k.tr.S("elderly_off"))
	}
	var texts []*canvas.Text
	var buttons []*uikit.BigButton
	settle(k.win.Canvas())
	drawn(k.win.Canvas().Content(), &texts, &buttons)
	for _, x := range texts {
		if x.TextSize < uikit.ElderlyBody {
			t.Errorf("home in the elderly mode draws %q at %.0f px", x.Text, x.TextSize)
		}
	}
	test.Tap(h.elderly)
	if k.elderly() {
		t.Error("a second tap did not leave the elderly mode")
	}
	if h := k.current.(*home); h.elderly.Title != k.tr.S("elderly_on") {
		t.Errorf("back in the standard mode the button says %q", h.elderly.Title)
	}
}

// TestElderlyModeByCard places an elderly citizen's card (born 1950) on the simulated
// reader: the ticket comes in the elderly mode, and the next citizen finds home in
// the standard one. A younger citizen's card leaves the mode off.
func TestElderlyModeByCard(t *testing.T) {
	r := newRig(t, rigOptions{})
	id := r.takeTicket(r.goToItem("C", "440199-C-001"))
	r.waitFor("the reader", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	if err := r.cards.Place("resident"); err != nil {
		t.Fatal(err)
	}
	ts := r.ticket()
	r.ui.sync(func() {
		if r.k.elderly() {
			t.Error("a card born 1990 switched the elderly mode on")
		}
	})
	r.tap(ts.done)
	r.waitScreen("home")
	id = r.takeTicket(r.goToItem("C", "440199-C-001"))
	r.waitFor("the reader", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	if err := r.cards.Place("elder"); err != nil {
		t.Fatal(err)
	}
	ts = r.ticket()
	r.ui.sync(func() {
		if !r.k.elderly() {
			t.Error("an elderly citizen's card did not switch the elderly mode on")
		}
		var texts []*canvas.Text
		var buttons []*uikit.BigButton
		drawn(r.win.Canvas().Content(), &texts, &buttons)
		for _, x := range texts {
			if x.TextSize < uikit.ElderlyBody {
				t.Errorf("the elderly citizen's ticket draws %q at %.0f px", x.Text, x.TextSize)
			}
		}
	})
	r.tap(ts.done)
	r.waitScreen("home")
	r.ui.sync(func() {
		if r.k.elderly() {
			t.Error("the elderly mode outlived the visit")
		}
	})
}

// TestElderlyToggleKeepsNoMemory switches the elderly mode 50 times with home's
// button: the one app theme is switched in place (Fyne drops the parsed font of the
// mode left) and home is kept per mode, so nothing (no parsed copy of the 4.6 MB font
// per switch, no home per switch) stays behind. (Screens built anew are left out: Fyne's test driver, unlike the real one,
// never drops the renderers of widgets no longer shown.)
func TestElderlyToggleKeepsNoMemory(t *testing.T) {
	k := offlineKiosk(t, nil)
	k.cfg.TapGuard = -1
	k.show(&home{k: k})
	cycle := func() {
		for range 2 {
			test.Tap(k.current.(*home).elderly)
			_ = k.win.Canvas().Content().MinSize()
		}
	}
	for range 3 {
		cycle()
	}
	before := heapInUse()
	for range 25 {
		cycle()
	}
	after := heapInUse()
	kept := int64(after) - int64(before)
	t.Logf("elderly mode switched 50 times: heap in use %.1f → %.1f MiB (kept %.2f MiB)",
		float64(before)/(1<<20), float64(after)/(1<<20), float64(kept)/(1<<20))
	// One parsed copy of the font kept is ~18.5 MiB. Alone the test keeps ~1 MiB; after
	// the package's other kiosks, whose Fyne caches expire meanwhile, up to ~6 MiB.
	if kept > 8<<20 {
		t.Errorf("switching the elderly mode kept %.1f MiB; want ≤ 8 MiB", float64(kept)/(1<<20))
	}
}

// TestEveryKeyTranslated fails on a string key with no English (or no Chinese), and on
// a key the screens ask for that the table does not have: it would show as itself.
func TestEveryKeyTranslated(t *testing.T) {
	for _, fault := range texts.Untranslated() {
		t.Error(fault)
	}
	used := regexp.MustCompile(`(?:\.S|\.O|\.Text|action|scrollHint|setState\([^,]+,|msg =) ?\(?"([a-z][a-z_]*[a-z])"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			n++
			if _, ok := texts[m[1]]; !ok {
				t.Errorf("%s asks for %q, which the string table does not have", f, m[1])
			}
		}
	}
	for _, form := range []string{"original", "copy", "original_and_copy", "electronic"} {
		if _, ok := texts["form_"+form]; !ok {
			t.Errorf("no text for the material form %q", form)
		}
	}
	if n < 50 {
		t.Errorf("found only %d uses of string keys in the sources: the pattern no longer matches them", n)
	}
}
