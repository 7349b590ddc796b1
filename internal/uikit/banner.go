package uikit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Banner is a state line in white on a coloured band: the reader's state, a printer
// fault. The main line is large, the other language's below it.
type Banner struct {
	widget.BaseWidget
	bg          *canvas.Rectangle
	main, other colourText
	content     fyne.CanvasObject
}

// NewBanner returns an empty banner on bg.
func NewBanner(bg color.Color) *Banner {
	b := &Banner{bg: canvas.NewRectangle(bg)}
	b.bg.CornerRadius = 10
	b.main = newColourText(theme.SizeNameSubHeadingText, true, fyne.TextWrapWord, fyne.TextAlignCenter)
	b.other = newColourText(theme.SizeNameText, false, fyne.TextWrapWord, fyne.TextAlignCenter)
	b.main.set("", ColorNameOnPrimary)
	b.other.set("", ColorNameOnPrimary)
	b.content = container.NewStack(b.bg, container.NewPadded(container.NewVBox(b.main, b.other)))
	b.ExtendBaseWidget(b)
	return b
}

// Set changes the texts and the colour.
func (b *Banner) Set(bg color.Color, main, other string) {
	b.bg.FillColor = bg
	b.main.set(main, ColorNameOnPrimary)
	b.other.set(other, ColorNameOnPrimary)
	b.other.Hidden = other == ""
	b.Refresh()
	b.bg.Refresh()
	b.main.Refresh()
	b.other.Refresh()
}

// Text returns the main line.
func (b *Banner) Text() string { return b.main.text() }

// Background returns the band's colour (for tests that check what a message looks like).
func (b *Banner) Background() color.Color { return b.bg.FillColor }

// CreateRenderer draws the band.
func (b *Banner) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(b.content) }
