package printer

import (
	"image"
	"strings"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// drawString draws s in black onto dst with its baseline at (x, y), darkening the
// pixels under each glyph's coverage. weight > 0 draws each glyph again 1…weight dots
// to the right: the font has a single weight, and thermal heads need thick strokes.
func drawString(dst *image.Gray, face font.Face, x, y int, s string, weight int) {
	dot := fixed.P(x, y)
	prev := rune(-1)
	for _, c := range s {
		if prev >= 0 {
			dot.X += face.Kern(prev, c)
		}
		dr, mask, mp, adv, ok := face.Glyph(dot, c)
		if ok {
			for dx := 0; dx <= weight; dx++ {
				blit(dst, dr.Add(image.Pt(dx, 0)), mask, mp)
			}
		}
		dot.X += adv
		prev = c
	}
}

// blit darkens dst by the mask's coverage over dr.
func blit(dst *image.Gray, dr image.Rectangle, mask image.Image, mp image.Point) {
	clip := dr.Intersect(dst.Rect)
	if clip.Empty() {
		return
	}
	alpha, fast := mask.(*image.Alpha)
	for y := clip.Min.Y; y < clip.Max.Y; y++ {
		row := dst.Pix[dst.PixOffset(clip.Min.X, y):]
		my := mp.Y + y - dr.Min.Y
		for x := clip.Min.X; x < clip.Max.X; x++ {
			mx := mp.X + x - dr.Min.X
			var m uint32
			if fast {
				m = uint32(alpha.Pix[alpha.PixOffset(mx, my)])
			} else {
				_, _, _, a := mask.At(mx, my).RGBA()
				m = a >> 8
			}
			if m != 0 {
				p := &row[x-clip.Min.X]
				*p = uint8(uint32(*p) * (255 - m) / 255)
			}
		}
	}
}

// width returns the advance of s in whole dots, rounded up.
func width(face font.Face, s string) int { return font.MeasureString(face, s).Ceil() }

// noLineStart are characters that must not begin a line (Chinese line-breaking rules).
const noLineStart = "，。、；：！？）》」』】,.;:!?)%"

// wrap breaks s into lines no wider than max dots. Chinese breaks between any two
// characters; a Latin word moves whole to the next line when it fits there; closing
// punctuation stays at the end of the line before. Newlines in s are kept.
func wrap(face font.Face, s string, max int) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, wrapLine(face, para, max)...)
	}
	return lines
}

func wrapLine(face font.Face, s string, max int) []string {
	var lines []string
	line := []rune{}
	for _, c := range s {
		next := append(line, c)
		if len(line) == 0 || width(face, string(next)) <= max || strings.ContainsRune(noLineStart, c) {
			line = next
			continue
		}
		cut := len(line)
		if isWordRune(c) { // move a partial Latin word to the next line
			for i := len(line) - 1; i > 0; i-- {
				if line[i] == ' ' {
					cut = i + 1
					break
				}
				if !isWordRune(line[i]) {
					break
				}
			}
		}
		lines = append(lines, strings.TrimRight(string(line[:cut]), " "))
		line = append(append([]rune{}, line[cut:]...), c)
	}
	if len(line) > 0 || len(lines) == 0 {
		lines = append(lines, strings.TrimRight(string(line), " "))
	}
	return lines
}

func isWordRune(c rune) bool {
	return c < 0x2E80 && (unicode.IsLetter(c) || unicode.IsDigit(c))
}
