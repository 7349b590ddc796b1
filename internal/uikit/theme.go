package uikit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"onedoor/assets"
)

// MinTouch is the smallest side of anything a citizen taps (≈17 mm at scale 1).
const MinTouch float32 = 64

// Text sizes of the kiosk's large type.
const (
	SizeBody     float32 = 24  // checklists, notes
	SizeButton   float32 = 30  // the main line of a big button
	SizeTitle    float32 = 40  // screen titles
	SizeSubtitle float32 = 20  // the second language's line
	SizeGiant    float32 = 160 // the ticket number
)

// Colours: dark text on white and white text on a deep blue, both above 7:1 contrast
// (WCAG AAA), and a dark red that keeps white text readable for faults.
var (
	ColorBackground = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	ColorText       = color.NRGBA{R: 0x10, G: 0x10, B: 0x10, A: 0xff}
	ColorMuted      = color.NRGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xff}
	ColorPrimary    = color.NRGBA{R: 0x0b, G: 0x3d, B: 0x91, A: 0xff}
	ColorSecondary  = color.NRGBA{R: 0xe8, G: 0xee, B: 0xf7, A: 0xff}
	ColorDanger     = color.NRGBA{R: 0x9b, G: 0x10, B: 0x10, A: 0xff}
	ColorDisabled   = color.NRGBA{R: 0xc8, G: 0xc8, B: 0xc8, A: 0xff}
	ColorOK         = color.NRGBA{R: 0x0a, G: 0x5c, B: 0x2a, A: 0xff}
	ColorOnPrimary  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	// ColorWarning is a dark amber that keeps white text at 6.9:1 (Fyne's orange: 2.2:1).
	ColorWarning = color.NRGBA{R: 0x8a, G: 0x4a, B: 0x00, A: 0xff}
	// ColorFocus is the primary blue at 60 %: blended over white or a pale button it
	// stands out at ≥ 3.2:1 and keeps dark text at ≥ 5:1 (the opaque blue left 1.9:1).
	ColorFocus = color.NRGBA{R: 0x0b, G: 0x3d, B: 0x91, A: 0x98}
)

// Font is the bundled CJK font as a Fyne resource.
var Font = fyne.NewStaticResource("wqy-microhei.ttf", assets.FontTTF)

// Theme is the kiosk's theme: Fyne's light theme with the bundled font for every
// style, large type and high-contrast colours.
type Theme struct{}

var _ fyne.Theme = Theme{}

// Color returns the high-contrast palette; what it does not name comes from the light theme.
func (Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground:
		return ColorBackground
	case theme.ColorNameForeground:
		return ColorText
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return ColorPrimary
	case theme.ColorNameFocus:
		return ColorFocus
	case theme.ColorNameSuccess:
		return ColorOK
	case theme.ColorNameWarning:
		return ColorWarning
	case theme.ColorNameButton:
		return ColorSecondary
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return ColorMuted
	case theme.ColorNameError:
		return ColorDanger
	case theme.ColorNameInputBorder:
		return ColorText
	case ColorNameOnPrimary:
		return ColorOnPrimary
	case ColorNameMuted:
		return ColorMuted
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Font returns the bundled font for every style: it has one weight, and Fyne emboldens
// it for bold text.
func (Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	return Font
}

// Icon returns the default icons.
func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size makes text and padding large enough to read at arm's length.
func (Theme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return SizeBody
	case theme.SizeNameHeadingText:
		return SizeTitle
	case theme.SizeNameSubHeadingText:
		return SizeButton
	case theme.SizeNameCaptionText:
		return SizeSubtitle
	case theme.SizeNamePadding:
		return 8
	case theme.SizeNameInnerPadding:
		return 12
	case theme.SizeNameScrollBar:
		return 24
	case theme.SizeNameInputBorder:
		return 3
	}
	return theme.DefaultTheme().Size(n)
}
