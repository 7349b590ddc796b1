package desk

import (
	"bytes"
	"fmt"
	"image"
	"strings"
	"testing"
)

// encodePPM writes img as the P6 pdftoppm writes.
func encodePPM(img *image.RGBA) []byte {
	r := img.Bounds()
	var b bytes.Buffer
	fmt.Fprintf(&b, "P6\n%d %d\n255\n", r.Dx(), r.Dy())
	for i := 0; i < len(img.Pix); i += 4 {
		b.Write(img.Pix[i : i+3])
	}
	return b.Bytes()
}

func TestDecodePPM(t *testing.T) {
	two := []byte("P6\n2 1\n255\n\x01\x02\x03\xfa\xfb\xfc")
	img, err := DecodePPM(two)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 2, 1) || !bytes.Equal(img.Pix, []byte{1, 2, 3, 255, 0xfa, 0xfb, 0xfc, 255}) {
		t.Fatalf("decoded %v %v", img.Bounds(), img.Pix)
	}
	if _, err := DecodePPM([]byte("P6 2\t1\r255 \x01\x02\x03\x04\x05\x06")); err != nil {
		t.Fatalf("other whitespace: %v", err)
	}
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "not a binary PPM"},
		{"ascii ppm", "P3\n1 1\n255\n1 2 3", "not a binary PPM"},
		{"no space after magic", "P61 1\n255\n\x01\x02\x03", "width"},
		{"letters", "P6\nx 1\n255\n\x01\x02\x03", "width"},
		{"negative", "P6\n-1 1\n255\n\x01\x02\x03", "width"},
		{"seven digits", "P6\n1000000 1\n255\n\x01\x02\x03", "width"},
		{"zero width", "P6\n0 1\n255\n", "out of range"},
		{"huge", "P6\n999999 999999\n255\n", "out of range"},
		{"sixteen bit", "P6\n1 1\n65535\n\x01\x02\x03\x04\x05\x06", "maxval"},
		{"comment", "P6\n# pdftoppm\n1 1\n255\n\x01\x02\x03", "width"},
		{"no space before pixels", "P6\n1 1\n255", "no whitespace"},
		{"short", "P6\n2 1\n255\n\x01\x02\x03", "bytes of pixels"},
		{"long", "P6\n1 1\n255\n\x01\x02\x03\x04", "bytes of pixels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, err := DecodePPM([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("DecodePPM(%q) = %v, %v; want an error with %q", tc.in, img, err, tc.want)
			}
		})
	}
}

// FuzzDecodePPM: whatever the bytes, DecodePPM refuses them or gives an opaque image
// of the size its header says, which encodes and decodes back to itself.
func FuzzDecodePPM(f *testing.F) {
	f.Add([]byte("P6\n2 1\n255\n\x01\x02\x03\xfa\xfb\xfc"))
	f.Add([]byte("P6 1 1 255 abc"))
	f.Add([]byte("P6\n0 0\n255\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := DecodePPM(b)
		if err != nil {
			return
		}
		r := img.Bounds()
		rgb := encodePPM(img)
		rgb = rgb[len(rgb)-r.Dx()*r.Dy()*3:]
		if !bytes.HasSuffix(b, rgb) {
			t.Fatalf("the %v image's pixels are not the input's last %d bytes", r, len(rgb))
		}
		for i := 3; i < len(img.Pix); i += 4 {
			if img.Pix[i] != 0xff {
				t.Fatalf("alpha %d at %d", img.Pix[i], i)
			}
		}
		again, err := DecodePPM(encodePPM(img))
		if err != nil || !bytes.Equal(again.Pix, img.Pix) || again.Bounds() != r {
			t.Fatalf("round trip: %v", err)
		}
	})
}
