package uikit

import (
	"image/color"
	"math"
)

// WCAG 2.x contrast thresholds.
const (
	// ContrastText is the least contrast of normal text on its background (WCAG 1.4.3, AA).
	ContrastText = 4.5
	// ContrastLarge is the least contrast of large text (24 px, or 18.66 px bold) and of
	// the parts of a control that show its state or focus (WCAG 1.4.3 and 1.4.11).
	ContrastLarge = 3.0
)

// RelativeLuminance is the WCAG relative luminance of c (0 for black, 1 for white),
// ignoring its alpha: blend a translucent colour over its background first (Over).
func RelativeLuminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

// ContrastRatio is the WCAG contrast ratio of two opaque colours, from 1 (the same) to
// 21 (black and white); the order does not matter.
func ContrastRatio(a, b color.Color) float64 {
	la, lb := RelativeLuminance(a), RelativeLuminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Over is fg drawn over bg with fg's alpha (the "over" operator); the result is opaque
// when bg is. A background that is itself translucent is taken as it is.
func Over(fg, bg color.Color) color.NRGBA {
	f := color.NRGBAModel.Convert(fg).(color.NRGBA)
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(f.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	outA := f.A
	if b.A > outA {
		outA = uint8(math.Round(float64(f.A) + float64(b.A)*(1-a)))
	}
	return color.NRGBA{R: mix(f.R, b.R), G: mix(f.G, b.G), B: mix(f.B, b.B), A: outA}
}

// LargeText reports whether text of size px (at scale 1), bold or not, counts as large
// for WCAG: 18 pt (24 px), or 14 pt (18.66 px) when bold.
func LargeText(size float32, bold bool) bool {
	return size >= 24 || (bold && size >= 18.66)
}

// MinContrast is the least contrast WCAG asks of text of size px, bold or not.
func MinContrast(size float32, bold bool) float64 {
	if LargeText(size, bold) {
		return ContrastLarge
	}
	return ContrastText
}
