package uikit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// Pressed colours: each style's background one step darker while a finger (or the
// mouse) is down on the button, so that a citizen sees the tap was taken.
var (
	ColorPrimaryPressed   = color.NRGBA{R: 0x06, G: 0x25, B: 0x5a, A: 0xff}
	ColorSecondaryPressed = color.NRGBA{R: 0xb9, G: 0xca, B: 0xe6, A: 0xff}
	ColorDangerPressed    = color.NRGBA{R: 0x66, G: 0x08, B: 0x08, A: 0xff}
)

var _ desktop.Mouseable = (*BigButton)(nil)

// MouseDown shows the pressed state (a touch screen's touch arrives as a mouse press).
func (b *BigButton) MouseDown(*desktop.MouseEvent) {
	if b.disabled {
		return
	}
	b.pressed = true
	b.Refresh()
}

// MouseUp ends the pressed state.
func (b *BigButton) MouseUp(*desktop.MouseEvent) {
	if !b.pressed {
		return
	}
	b.pressed = false
	b.Refresh()
}

// Release ends the pressed state without a tap, for a button shown again after its
// screen went away while it was held.
func (b *BigButton) Release() { b.MouseUp(nil) }

// Pressed reports whether the button is drawn pressed.
func (b *BigButton) Pressed() bool { return b.pressed }

// Background returns the button's background colour as drawn now (for tests and
// screenshots that check the pressed and disabled states).
func (b *BigButton) Background() color.Color {
	bg, _, _ := b.colours()
	return bg
}

// colours returns the background, the text colour and the text's theme colour name
// for the button's style and state.
func (b *BigButton) colours() (bg, fg color.Color, fgName fyne.ThemeColorName) {
	bg, fg, fgName = ColorSecondary, ColorText, theme.ColorNameForeground
	pressed := ColorSecondaryPressed
	switch b.Style {
	case Primary:
		bg, fg, fgName, pressed = ColorPrimary, ColorOnPrimary, ColorNameOnPrimary, ColorPrimaryPressed
	case Danger:
		bg, fg, fgName, pressed = ColorDanger, ColorOnPrimary, ColorNameOnPrimary, ColorDangerPressed
	}
	switch {
	case b.disabled:
		return ColorDisabled, ColorMuted, ColorNameMuted
	case b.pressed:
		return pressed, fg, fgName
	}
	return bg, fg, fgName
}
