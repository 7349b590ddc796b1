// Package screens is the caller's user interface: one file per screen or dialog, each
// a small struct with a build method, over the session in caller/internal/desk. It does
// not import fyne/v2/app, so its tests run headless with fyne/v2/test.
package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"onedoor/internal/uikit"
)

// Colours of the workstation: the kiosk's blue, red and green, and its own greys.
var (
	colorPrimary = uikit.ColorPrimary
	colorDanger  = uikit.ColorDanger
	colorOK      = uikit.ColorOK
	colorPanel   = color.NRGBA{R: 0xf0, G: 0xf3, B: 0xf8, A: 0xff}
	colorMuted   = color.NRGBA{R: 0x50, G: 0x50, B: 0x50, A: 0xff}
	colorWarn    = color.NRGBA{R: 0xa8, G: 0x5a, B: 0x00, A: 0xff}
	colorWhite   = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// Theme is Fyne's light theme with the bundled CJK font (so Chinese names render the
// same on every desk) and the center's blue, in a desk's sizes rather than the kiosk's.
type Theme struct{}

var _ fyne.Theme = Theme{}

// Color returns the light theme's colours with the primary blue.
func (Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if n == theme.ColorNamePrimary || n == theme.ColorNameFocus {
		return colorPrimary
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Font returns the bundled font for every style (it has no bold or italic face).
func (Theme) Font(fyne.TextStyle) fyne.Resource { return uikit.Font }

// Icon returns the default icons.
func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size returns the default sizes, the text a little larger for reading at arm's length.
func (Theme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return 15
	}
	return theme.DefaultTheme().Size(n)
}
