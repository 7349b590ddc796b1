package uikit

import (
	"encoding/binary"
	"image/color"
	"math"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"onedoor/assets"
)

// Sizes of the elderly mode (长辈模式). The MIIT 适老化 rules ask, for a phone held at
// ~30 cm, body text ≥ 18 dp, the largest ≥ 30 dp, line spacing ≥ 1.3 and touch targets
// ≥ 60×60 dp; a kiosk is read at ~60 cm, so it takes about twice that, in pixels of a
// 1080p screen at scale 1.
const (
	ElderlyBody     float32 = 36 // every text, the second language too
	ElderlyButton   float32 = 44 // the main line of a big button
	ElderlyTitle    float32 = 60 // screen titles
	ElderlySubtitle float32 = 36 // the second language's line: body text, not small print
	// ElderlyLineGap is the space Fyne puts between paragraphs.
	ElderlyLineGap float32 = 8
	// ElderlyLineHeight is how far a wrapped line advances, in multiples of the text
	// size: the MIIT rules ask for at least 1.3.
	ElderlyLineHeight = 1.31
	// ElderlyTouch is the smallest side of anything tapped in the elderly mode.
	ElderlyTouch float32 = 120
)

// ElderlyTheme is Theme with the elderly mode's sizes. Its colours are Theme's: every
// pair of them is above 4.5:1 (TestElderlyContrast).
type ElderlyTheme struct{ Theme }

var _ fyne.Theme = ElderlyTheme{}

// Font returns the bundled font with its line gap widened to ElderlyLineHeight: Fyne
// places the wrapped lines of a text at the font's own line height (1.17 times the
// size for WenQuanYi Micro Hei) and adds the theme's line spacing only between
// paragraphs.
func (ElderlyTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	return elderlyFont()
}

// elderlyFont is made once, on the elderly mode's first use.
var elderlyFont = sync.OnceValue(func() fyne.Resource {
	return fyne.NewStaticResource("wqy-microhei-elderly.ttf", withLineHeight(assets.FontTTF, ElderlyLineHeight))
})

// withLineHeight returns a copy of the TrueType font ttf whose line gap (hhea and
// OS/2) makes a line ratio times its size high; a font already that high, or one it
// cannot read, is returned as it is.
func withLineHeight(ttf []byte, ratio float64) []byte {
	tables := map[string][]byte{}
	if len(ttf) < 12 {
		return ttf
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	out := append([]byte(nil), ttf...)
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return ttf
		}
		off, size := binary.BigEndian.Uint32(ttf[rec+8:]), binary.BigEndian.Uint32(ttf[rec+12:])
		if uint64(off)+uint64(size) > uint64(len(ttf)) {
			return ttf
		}
		tables[string(ttf[rec:rec+4])] = out[off : off+size]
	}
	head, hhea := tables["head"], tables["hhea"]
	if len(head) < 20 || len(hhea) < 10 {
		return ttf
	}
	em := float64(binary.BigEndian.Uint16(head[18:]))
	asc := float64(int16(binary.BigEndian.Uint16(hhea[4:])))
	desc := float64(int16(binary.BigEndian.Uint16(hhea[6:])))
	gap := math.Ceil(ratio*em - (asc - desc))
	if gap <= float64(int16(binary.BigEndian.Uint16(hhea[8:]))) || gap > math.MaxInt16 {
		return ttf
	}
	binary.BigEndian.PutUint16(hhea[8:], uint16(int16(gap)))
	if os2 := tables["OS/2"]; len(os2) >= 74 {
		binary.BigEndian.PutUint16(os2[72:], uint16(int16(gap)))
	}
	return out
}

// Size returns the elderly mode's sizes; the rest are Theme's.
func (t ElderlyTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return ElderlyBody
	case theme.SizeNameHeadingText:
		return ElderlyTitle
	case theme.SizeNameSubHeadingText:
		return ElderlyButton
	case theme.SizeNameCaptionText:
		return ElderlySubtitle
	case theme.SizeNameLineSpacing:
		return ElderlyLineGap
	case theme.SizeNamePadding:
		return 10
	case theme.SizeNameInnerPadding:
		return 14
	}
	return t.Theme.Size(n)
}

// Look is the kiosk's one app theme: Theme, or ElderlyTheme while the elderly mode is
// on. It is set on the app once and switched in place, so the bundled font is parsed
// once for the process: a theme per widget (container.ThemeOverride) would keep a
// parsed copy of the 4.6 MB font for each, and setting another app theme makes Fyne
// parse it again. Widgets read the sizes when they are built, so switch, then rebuild
// the screen.
type Look struct {
	elderly atomic.Bool
}

var _ fyne.Theme = (*Look)(nil)

// NewLook returns the standard look.
func NewLook() *Look { return &Look{} }

// SetElderly switches the elderly mode on or off.
func (l *Look) SetElderly(on bool) { l.elderly.Store(on) }

// Elderly reports whether the elderly mode is on.
func (l *Look) Elderly() bool { return l.elderly.Load() }

func (l *Look) current() fyne.Theme {
	if l.Elderly() {
		return ElderlyTheme{}
	}
	return Theme{}
}

// Color returns the current theme's colour.
func (l *Look) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return l.current().Color(n, v)
}

// Font returns the bundled font.
func (l *Look) Font(s fyne.TextStyle) fyne.Resource { return l.current().Font(s) }

// Icon returns the default icons.
func (l *Look) Icon(n fyne.ThemeIconName) fyne.Resource { return l.current().Icon(n) }

// Size returns the current mode's size.
func (l *Look) Size(n fyne.ThemeSizeName) float32 { return l.current().Size(n) }

// wcagContrast is the WCAG 2 contrast ratio of two opaque colours, from 1 to 21.
func wcagContrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG 2's relative luminance.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
