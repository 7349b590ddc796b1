package desk

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"strconv"
)

// maxPagePixels bounds the page DecodePPM accepts: an A4 page at 300 dpi is 8.7
// million pixels; the dialog asks for far fewer.
const maxPagePixels = 16 << 20

// DecodePPM decodes a binary PPM (P6, maxval 255), the page pdftoppm writes, into an
// opaque RGBA image. Anything else — another magic, a maxval other than 255, a comment,
// a size of zero or past maxPagePixels, pixels missing or left over — is refused.
func DecodePPM(b []byte) (*image.RGBA, error) {
	rest, ok := bytes.CutPrefix(b, []byte("P6"))
	if !ok {
		return nil, errors.New("ppm: not a binary PPM (P6)")
	}
	var w, h, maxval int
	var err error
	for _, f := range []struct {
		name string
		v    *int
	}{{"width", &w}, {"height", &h}, {"maxval", &maxval}} {
		if *f.v, rest, err = ppmNumber(rest); err != nil {
			return nil, fmt.Errorf("ppm: %s: %w", f.name, err)
		}
	}
	if maxval != 255 {
		return nil, fmt.Errorf("ppm: maxval %d, want 255", maxval)
	}
	if w <= 0 || h <= 0 || w > maxPagePixels/h {
		return nil, fmt.Errorf("ppm: size %dx%d out of range", w, h)
	}
	if len(rest) == 0 || !ppmSpace(rest[0]) {
		return nil, errors.New("ppm: no whitespace before the pixels")
	}
	px := rest[1:]
	if len(px) != w*h*3 {
		return nil, fmt.Errorf("ppm: %d bytes of pixels, want %d", len(px), w*h*3)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, j := 0, 0; i < len(px); i, j = i+3, j+4 {
		img.Pix[j], img.Pix[j+1], img.Pix[j+2], img.Pix[j+3] = px[i], px[i+1], px[i+2], 0xff
	}
	return img, nil
}

// ppmNumber reads the whitespace before a header number and its decimal digits.
func ppmNumber(b []byte) (int, []byte, error) {
	i := 0
	for i < len(b) && ppmSpace(b[i]) {
		i++
	}
	if i == 0 {
		return 0, nil, errors.New("no whitespace before it")
	}
	j := i
	for j < len(b) && b[j] >= '0' && b[j] <= '9' && j-i < 6 {
		j++
	}
	if j == i || (j < len(b) && b[j] >= '0' && b[j] <= '9') {
		return 0, nil, errors.New("not a number of 1 to 6 digits")
	}
	n, err := strconv.Atoi(string(b[i:j]))
	return n, b[j:], err
}

func ppmSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
