package uikit

import (
	"image/color"
	"math"
	"testing"
)

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// TestContrastRatio checks the helper against ratios published by WCAG and common
// checkers (WebAIM's, rounded to two places).
func TestContrastRatio(t *testing.T) {
	cases := []struct {
		a, b uint32
		want float64
	}{
		{0x000000, 0xffffff, 21},
		{0xffffff, 0x000000, 21},
		{0xffffff, 0xffffff, 1},
		{0x777777, 0xffffff, 4.48}, // the classic just-fails grey
		{0x767676, 0xffffff, 4.54}, // the lightest grey that passes on white
		{0x0000ff, 0xffffff, 8.59},
		{0xff0000, 0xffffff, 4.00},
		{0x00ff00, 0x000000, 15.30},
		{0x43f436, 0xffffff, 1.48}, // Fyne's light success green under white text
		{0xff9800, 0xffffff, 2.16}, // Fyne's light warning orange under white text
		{0xe3e3e3, 0xf5f5f5, 1.18}, // Fyne's light disabled text on a disabled button
	}
	for _, c := range cases {
		got := ContrastRatio(rgb(c.a), rgb(c.b))
		if math.Abs(got-c.want) > 0.006 {
			t.Errorf("ContrastRatio(#%06x, #%06x) = %.3f, want %.2f", c.a, c.b, got, c.want)
		}
	}
}

func TestRelativeLuminance(t *testing.T) {
	cases := []struct {
		c    uint32
		want float64
	}{
		{0x000000, 0}, {0xffffff, 1}, {0xff0000, 0.2126}, {0x00ff00, 0.7152}, {0x0000ff, 0.0722},
		{0x808080, 0.2159},
	}
	for _, c := range cases {
		if got := RelativeLuminance(rgb(c.c)); math.Abs(got-c.want) > 0.0005 {
			t.Errorf("RelativeLuminance(#%06x) = %.4f, want %.4f", c.c, got, c.want)
		}
	}
}

func TestOver(t *testing.T) {
	white := rgb(0xffffff)
	if got := Over(color.NRGBA{A: 0x80}, white); got != (color.NRGBA{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff}) {
		t.Errorf("half black over white = %v", got)
	}
	if got := Over(rgb(0x123456), white); got != rgb(0x123456) {
		t.Errorf("opaque over white = %v", got)
	}
	if got := Over(color.NRGBA{}, rgb(0x123456)); got != rgb(0x123456) {
		t.Errorf("transparent over a colour = %v", got)
	}
}

func TestMinContrast(t *testing.T) {
	cases := []struct {
		size float32
		bold bool
		want float64
	}{
		{15, false, 4.5}, {15, true, 4.5}, {18.66, false, 4.5}, {18.66, true, 3}, {23.9, false, 4.5}, {24, false, 3}, {88, false, 3},
	}
	for _, c := range cases {
		if got := MinContrast(c.size, c.bold); got != c.want {
			t.Errorf("MinContrast(%v, %v) = %v, want %v", c.size, c.bold, got, c.want)
		}
	}
}
