package uikit

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

// Heading is a screen title: the main language large and bold, the other below it.
func Heading(main, other string) fyne.CanvasObject {
	t := widget.NewLabel(main)
	t.SizeName = theme.SizeNameHeadingText
	t.TextStyle.Bold = true
	t.Wrapping = fyne.TextWrapWord
	o := Caption(other)
	return container.New(&tightVBox{}, t, o)
}

// Caption is a small line, for the other language.
func Caption(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	l.Hidden = s == ""
	return l
}

// Body is wrapped body text.
func Body(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// Big is a single line of large text in colour c, for numbers.
func Big(s string, size float32, c color.Color) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.TextStyle.Bold = true
	t.Alignment = fyne.TextAlignCenter
	return t
}

// Panel puts content on a coloured background with padding.
func Panel(bg color.Color, content fyne.CanvasObject) fyne.CanvasObject {
	r := canvas.NewRectangle(bg)
	r.CornerRadius = 10
	return container.NewStack(r, container.NewPadded(content))
}

// QR returns the QR code of text as an image side units wide, with the four-module
// quiet zone scanners need.
func QR(text string, side float32) (*canvas.Image, error) {
	code, err := qr.Encode(text, qr.M, qr.Unicode)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	n := code.Bounds().Dx()
	scaled, err := barcode.Scale(code, n*8, n*8)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	img := canvas.NewImageFromImage(quietZone(scaled, 4*8))
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScalePixels
	img.SetMinSize(fyne.NewSize(side, side))
	return img, nil
}

// quietZone returns img on a white margin of m pixels.
func quietZone(img image.Image, m int) image.Image {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()+2*m, b.Dy()+2*m))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(out, b.Add(image.Pt(m, m)).Sub(b.Min), img, b.Min, draw.Src)
	return out
}
