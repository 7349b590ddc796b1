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

// Colours of the workstation: uikit's palette, the kiosk's, under the names the
// screens use; only the focus tint and ring are the caller's own (a desk is driven by
// keyboard, so its focus must show on every widget).
var (
	colorPrimary = uikit.ColorPrimary
	colorDanger  = uikit.ColorDanger
	colorOK      = uikit.ColorOK
	colorPanel   = uikit.ColorSecondary
	colorMuted   = uikit.ColorMuted
	colorWarn    = uikit.ColorWarning
	colorWhite   = uikit.ColorOnPrimary
	colorText    = uikit.ColorText
	// colorDisabled is a disabled button's or check's text and mark: uikit's muted grey,
	// readable on the disabled button's grey (Fyne's light grey gave 1.18:1).
	colorDisabled = uikit.ColorMuted
	// colorBorder outlines entries and the checklist's boxes, as uikit's theme does
	// (Fyne's gave 1.08:1).
	colorBorder = uikit.ColorText
	// colorFocusTint is what Fyne blends over a focused button or check: a light blue
	// that keeps its text readable; the ring (colorFocusRing) is what shows the focus.
	colorFocusTint = color.NRGBA{R: 0x0b, G: 0x3d, B: 0x91, A: 0x24}
	// colorFocusRing is the focus ring: the primary blue, ≥ 8:1 on white and the panel.
	colorFocusRing = colorPrimary
)

// colorNameFocusRing names the focus ring's colour in the theme.
const colorNameFocusRing fyne.ThemeColorName = "onedoor-focus-ring"

// Theme is Fyne's light theme with the bundled CJK font (so Chinese names render the
// same on every desk) and the center's blue, in a desk's sizes rather than the kiosk's.
type Theme struct{}

var _ fyne.Theme = Theme{}

// Color returns the light theme's colours with the primary blue, and darker text,
// greys, green, orange and red wherever Fyne's fall below WCAG AA (4.5:1 for text,
// 3:1 for borders and focus): TestCallerContrast measures every pair drawn.
func (Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return colorPrimary
	case theme.ColorNameFocus:
		return colorFocusTint
	case colorNameFocusRing:
		return colorFocusRing
	case theme.ColorNameForeground:
		return colorText
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return colorDisabled
	case theme.ColorNameInputBorder:
		return colorBorder
	case theme.ColorNameSuccess:
		return colorOK
	case theme.ColorNameWarning:
		return colorWarn
	case theme.ColorNameError:
		return colorDanger
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
