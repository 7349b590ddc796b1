package uikit

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestElderlyContrast computes the contrast of every pair of colours the elderly mode
// draws text with: ≥ 4.5:1 each (the MIIT and WCAG AA threshold for body text).
func TestElderlyContrast(t *testing.T) {
	th := ElderlyTheme{}
	c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, theme.VariantLight) }
	for _, p := range []struct {
		what   string
		fg, bg color.Color
	}{
		{"text on the background", c(theme.ColorNameForeground), c(theme.ColorNameBackground)},
		{"text on a secondary button", c(theme.ColorNameForeground), c(theme.ColorNameButton)},
		{"a disabled button's text", c(ColorNameMuted), c(theme.ColorNameButton)},
		{"placeholder text", c(theme.ColorNamePlaceHolder), c(theme.ColorNameInputBackground)},
		{"white on a primary button", c(ColorNameOnPrimary), c(theme.ColorNamePrimary)},
		{"white on a fault", c(ColorNameOnPrimary), ColorDanger},
		{"white on printed", c(ColorNameOnPrimary), ColorOK},
		{"the ticket number", ColorPrimary, c(theme.ColorNameBackground)},
		{"text on a panel", ColorText, ColorSecondary},
	} {
		if r := wcagContrast(p.fg, p.bg); r < 4.5 {
			t.Errorf("%s: contrast %.2f:1, want ≥ 4.5:1", p.what, r)
		}
	}
	// The measure itself: black on white is 21:1, a colour on itself 1:1.
	if r := wcagContrast(color.Black, color.White); r < 20.9 || r > 21.1 {
		t.Errorf("black on white: %.2f:1, want 21:1", r)
	}
	if r := wcagContrast(ColorPrimary, ColorPrimary); r != 1 {
		t.Errorf("a colour on itself: %.2f:1, want 1:1", r)
	}
}

// TestElderlyLineSpacing lays out a wrapped label in the elderly theme and measures
// the advance from one line to the next: at least 1.3 times the text size.
func TestElderlyLineSpacing(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	look := NewLook()
	look.SetElderly(true)
	a.Settings().SetTheme(look)
	for _, size := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameSubHeadingText} {
		l := widget.NewLabel("请携带身份证原件和复印件到窗口办理业务,材料不齐全的请先补齐再来取号办理")
		l.SizeName = size
		l.Wrapping = fyne.TextWrapWord
		w := test.NewWindow(l)
		w.Resize(fyne.NewSize(400, 800))
		var ys []float32
		for _, o := range test.WidgetRenderer(l).Objects() {
			if rt, ok := o.(*widget.RichText); ok {
				for _, line := range test.WidgetRenderer(rt).Objects() {
					ys = append(ys, line.Position().Y)
				}
			}
		}
		if len(ys) < 3 {
			t.Fatalf("%s: %d lines, want the text wrapped on several", size, len(ys))
		}
		px := look.Size(size)
		for i := 1; i < len(ys); i++ {
			if adv := ys[i] - ys[i-1]; adv < 1.3*px {
				t.Errorf("%s (%.0f px): line %d advances %.1f px = %.2f×, want ≥ 1.3×", size, px, i, adv, adv/px)
			}
		}
		w.Close()
	}
}

// TestElderlyLookSwitchesInPlace checks that the one app theme answers the elderly
// sizes while the mode is on and the standard ones after, without being replaced.
func TestElderlyLookSwitchesInPlace(t *testing.T) {
	l := NewLook()
	if got := l.Size(theme.SizeNameText); got != SizeBody {
		t.Fatalf("standard body %v, want %v", got, SizeBody)
	}
	l.SetElderly(true)
	if got := l.Size(theme.SizeNameText); got < 36 {
		t.Errorf("elderly body %v px, want ≥ 36", got)
	}
	if got := l.Size(theme.SizeNameHeadingText); got < 60 {
		t.Errorf("elderly title %v px, want ≥ 60", got)
	}
	l.SetElderly(false)
	if got := l.Size(theme.SizeNameText); got != SizeBody {
		t.Errorf("back to standard: body %v, want %v", got, SizeBody)
	}
}

// TestLineHeightLeavesWhatItCannotRead hands withLineHeight bytes that are no font, or
// a font cut short: it returns them unchanged rather than failing or reading beyond.
func TestLineHeightLeavesWhatItCannotRead(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("not a font"), Font.StaticContent[:4096]} {
		if got := withLineHeight(b, 1.3); len(got) != len(b) || (len(b) > 0 && &got[0] != &b[0]) {
			t.Errorf("withLineHeight changed %d unreadable bytes", len(b))
		}
	}
}
