package printer

import (
	"errors"
	"fmt"
	"image"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// Paper widths in dots at 203 dpi: 58 mm and 80 mm rolls.
const (
	Width58mm = 384
	Width80mm = 576
)

// ErrNoNumber: a ticket without a number is not printed.
var ErrNoNumber = errors.New("printer: ticket has no number")

// Page is a rendered ticket.
type Page struct {
	// Image is the ticket in grayscale, black on white, as wide as the paper.
	Image *image.Gray
	// Areas locates the parts of the ticket by name (center, number, item, ahead,
	// qr, issued, note), for tests and previews.
	Areas map[string]image.Rectangle
	// Missing lists characters the font has no glyph for (they print as boxes).
	Missing []rune
}

// Renderer draws tickets with one font at one paper width. Font faces keep scratch
// buffers, so a Renderer draws one ticket at a time; it is safe for concurrent use.
type Renderer struct {
	width int
	font  *opentype.Font

	mu    sync.Mutex
	faces map[float64]font.Face
	buf   sfnt.Buffer
}

// NewRenderer parses a TrueType/OpenType font (not a collection) for drawing tickets
// width dots wide (Width58mm or Width80mm, or any width from 200 dots).
func NewRenderer(width int, ttf []byte) (*Renderer, error) {
	if width < 200 || width > 2048 {
		return nil, fmt.Errorf("new renderer: width %d dots out of range", width)
	}
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("new renderer: parse font: %w", err)
	}
	return &Renderer{width: width, font: f, faces: make(map[float64]font.Face)}, nil
}

// Width returns the paper width in dots.
func (r *Renderer) Width() int { return r.width }

// face returns the font at size px (cached; the caller holds r.mu).
func (r *Renderer) face(size float64) font.Face {
	if f, ok := r.faces[size]; ok {
		return f
	}
	f, err := opentype.NewFace(r.font, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil { // only for invalid sizes, which the layout never asks for
		panic(fmt.Sprintf("printer: face at %.1f px: %v", size, err))
	}
	r.faces[size] = f
	return f
}

// missing returns the runes of s that the font lacks (the caller holds r.mu).
func (r *Renderer) missing(s string) []rune {
	var out []rune
	for _, c := range s {
		if c < ' ' {
			continue
		}
		if i, err := r.font.GlyphIndex(&r.buf, c); err != nil || i == 0 {
			out = append(out, c)
		}
	}
	return out
}
