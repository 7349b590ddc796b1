package uikit

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
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
