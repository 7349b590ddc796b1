package printer

import (
	"fmt"
	"image"
	"image/color"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

// qrQuietModules is the white margin a QR code needs on every side for scanners to
// find it; boombuler/barcode adds none.
const qrQuietModules = 4

// qrCode encodes text at level M and returns its modules (true = dark).
func qrCode(text string) ([][]bool, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("QR code: %w", err)
	}
	return modules(code), nil
}

func modules(code barcode.Barcode) [][]bool {
	b := code.Bounds()
	out := make([][]bool, b.Dy())
	for y := range out {
		out[y] = make([]bool, b.Dx())
		for x := range out[y] {
			out[y][x] = color.GrayModel.Convert(code.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y < 128
		}
	}
	return out
}

// qrScale picks the module size in dots so that the code with its quiet zone is at
// most maxSide dots; at least 3 dots a module, which 203 dpi heads print cleanly.
func qrScale(n, maxSide int) int {
	return max(3, maxSide/(n+2*qrQuietModules))
}

// drawQR draws the modules at scale dots each, with the quiet zone, its top-left
// corner (the quiet zone's) at p; the area is assumed white already.
func drawQR(dst *image.Gray, mods [][]bool, scale int, p image.Point) image.Rectangle {
	n := len(mods)
	origin := p.Add(image.Pt(qrQuietModules*scale, qrQuietModules*scale))
	for y, row := range mods {
		for x, dark := range row {
			if !dark {
				continue
			}
			r := image.Rect(0, 0, scale, scale).Add(origin.Add(image.Pt(x*scale, y*scale))).Intersect(dst.Rect)
			for yy := r.Min.Y; yy < r.Max.Y; yy++ {
				row := dst.Pix[dst.PixOffset(r.Min.X, yy):dst.PixOffset(r.Max.X, yy)]
				for i := range row {
					row[i] = 0
				}
			}
		}
	}
	side := (n + 2*qrQuietModules) * scale
	return image.Rect(p.X, p.Y, p.X+side, p.Y+side)
}
