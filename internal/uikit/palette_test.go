package uikit

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// pair is a colour drawn on another, with the least contrast it needs.
type pair struct {
	what   string
	fg, bg color.Color
	min    float64
}

// kioskPairs lists every foreground the kiosk's theme and big buttons draw on every
// background they draw it on: theme text on theme surfaces, the buttons' states, Fyne's
// buttons of each importance, and the focus colour as Fyne blends it over a button.
func kioskPairs() []pair {
	th := Theme{}
	c := func(n fyne.ThemeColorName) color.Color {
		return Over(th.Color(n, theme.VariantLight), ColorBackground)
	}
	on := func(n fyne.ThemeColorName, bg color.Color) color.Color {
		return Over(th.Color(n, theme.VariantLight), bg)
	}
	fg := theme.ColorNameForeground
	var ps []pair
	add := func(what string, f, b color.Color, min float64) { ps = append(ps, pair{what, f, b, min}) }
	for _, bg := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground,
		theme.ColorNameMenuBackground, theme.ColorNameHeaderBackground, theme.ColorNameButton} {
		b := c(bg)
		add("foreground on "+string(bg), c(fg), b, ContrastText)
		add("foreground on hovered "+string(bg), c(fg), on(theme.ColorNameHover, b), ContrastText)
		add("foreground on pressed "+string(bg), c(fg), on(theme.ColorNamePressed, b), ContrastText)
		add("foreground on focused "+string(bg), c(fg), on(theme.ColorNameFocus, b), ContrastText)
		add("foreground on selected "+string(bg), c(fg), on(theme.ColorNameSelection, b), ContrastText)
		add("muted on "+string(bg), c(ColorNameMuted), b, ContrastText)
		add("primary text on "+string(bg), c(theme.ColorNamePrimary), b, ContrastText)
		add("error text on "+string(bg), c(theme.ColorNameError), b, ContrastText)
		add("hyperlink on "+string(bg), c(theme.ColorNameHyperlink), b, ContrastText)
		add("focus on "+string(bg), on(theme.ColorNameFocus, b), b, ContrastLarge)
		add("input border on "+string(bg), c(theme.ColorNameInputBorder), b, ContrastLarge)
	}
	add("placeholder on input", c(theme.ColorNamePlaceHolder), c(theme.ColorNameInputBackground), ContrastText)
	add("disabled on disabled button", c(theme.ColorNameDisabled), c(theme.ColorNameDisabledButton), ContrastText)
	add("disabled on background", c(theme.ColorNameDisabled), c(theme.ColorNameBackground), ContrastText)
	for _, imp := range []struct{ fg, bg fyne.ThemeColorName }{
		{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
		{theme.ColorNameForegroundOnError, theme.ColorNameError},
		{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess},
		{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning},
		{ColorNameOnPrimary, theme.ColorNamePrimary},
	} {
		b := c(imp.bg)
		add(string(imp.fg)+" on "+string(imp.bg), c(imp.fg), b, ContrastText)
		add(string(imp.fg)+" on focused "+string(imp.bg), c(imp.fg), on(theme.ColorNameFocus, b), ContrastText)
		add(string(imp.fg)+" on hovered "+string(imp.bg), c(imp.fg), on(theme.ColorNameHover, b), ContrastText)
	}
	// The big buttons and banners, in each style and state.
	for _, st := range []Style{Primary, Secondary, Danger} {
		for _, state := range []string{"", "pressed", "disabled"} {
			b := &BigButton{Style: st, pressed: state == "pressed", disabled: state == "disabled"}
			bg, f, name := b.colours()
			add("big button "+string(name)+" "+state, f, bg, ContrastText)
			add("big button theme "+string(name)+" "+state, c(name), bg, ContrastText)
		}
	}
	for _, bg := range []color.Color{ColorPrimary, ColorDanger, ColorOK} {
		add("banner text", c(ColorNameOnPrimary), bg, ContrastText)
	}
	add("text on secondary panel", ColorText, ColorSecondary, ContrastText)
	add("primary on secondary panel", ColorPrimary, ColorSecondary, ContrastText)
	return ps
}

// TestKioskPalette fails when a colour pair of the kiosk's theme is below WCAG AA:
// 4.5:1 for text, 3:1 for the focus colour and input borders against what they sit on.
func TestKioskPalette(t *testing.T) {
	ps := kioskPairs()
	least := map[float64]float64{ContrastText: 21, ContrastLarge: 21}
	for _, p := range ps {
		r := ContrastRatio(p.fg, p.bg)
		least[p.min] = min(least[p.min], r)
		if r < p.min {
			t.Errorf("%s: %v on %v is %.2f:1, want ≥ %.1f:1", p.what, p.fg, p.bg, r, p.min)
		}
	}
	t.Logf("%d colour pairs; least contrast of text %.2f:1, of focus and borders %.2f:1", len(ps), least[ContrastText], least[ContrastLarge])
}
