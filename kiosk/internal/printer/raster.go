package printer

import (
	"image"
	"image/color"
)

// Bitmap is a 1-bit image as printers take it: rows of Stride bytes, the most
// significant bit the leftmost dot, 1 for black. A width that is not a multiple of 8 is
// padded with white dots, never cut.
type Bitmap struct {
	Width, Height, Stride int
	Pix                   []byte
}

// NewBitmap returns an all-white bitmap.
func NewBitmap(width, height int) *Bitmap {
	stride := (width + 7) / 8
	return &Bitmap{Width: width, Height: height, Stride: stride, Pix: make([]byte, stride*height)}
}

// Black reports whether the dot at (x, y) is black.
func (b *Bitmap) Black(x, y int) bool {
	return b.Pix[y*b.Stride+x/8]&(0x80>>(x%8)) != 0
}

// SetBlack makes the dot at (x, y) black.
func (b *Bitmap) SetBlack(x, y int) { b.Pix[y*b.Stride+x/8] |= 0x80 >> (x % 8) }

// FromGray turns a grayscale image into dots: black where the luminance is below
// threshold (128 is a good choice for text drawn black on white).
func FromGray(img *image.Gray, threshold uint8) *Bitmap {
	r := img.Bounds()
	b := NewBitmap(r.Dx(), r.Dy())
	for y := 0; y < b.Height; y++ {
		src := img.Pix[(y)*img.Stride : y*img.Stride+b.Width]
		dst := b.Pix[y*b.Stride : (y+1)*b.Stride]
		for x, v := range src {
			if v < threshold {
				dst[x>>3] |= 0x80 >> (x & 7)
			}
		}
	}
	return b
}

// Gray returns the bitmap as a black-and-white grayscale image.
func (b *Bitmap) Gray() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, b.Width, b.Height))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := 0; y < b.Height; y++ {
		for x := 0; x < b.Width; x++ {
			if b.Black(x, y) {
				img.SetGray(x, y, color.Gray{})
			}
		}
	}
	return img
}

// DefaultBandRows is the tallest GS v 0 band sent: some printers cap the row count
// at 256 (yH ≤ 1), and 576 dots × 256 rows is 18 KiB, small for any buffer.
const DefaultBandRows = 256

// Raster appends the bitmap as GS v 0 images of at most bandRows rows each (normal
// density, m = 0). Bands print one under the other with no gap.
func (e *Encoder) Raster(b *Bitmap, bandRows int) {
	if bandRows <= 0 {
		bandRows = DefaultBandRows
	}
	if b.Stride > 0xFFFF || b.Width == 0 {
		e.fail("raster of width %d", b.Width)
		return
	}
	for y := 0; y < b.Height; y += bandRows {
		rows := min(bandRows, b.Height-y)
		e.buf = append(e.buf, gs, 'v', '0', 0,
			byte(b.Stride), byte(b.Stride>>8), byte(rows), byte(rows>>8))
		e.buf = append(e.buf, b.Pix[y*b.Stride:(y+rows)*b.Stride]...)
	}
}
