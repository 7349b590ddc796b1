package printer

import (
	"image"
	"strings"

	"golang.org/x/image/font"
)

// Render draws the ticket. From the top: the centre's name, the big number, the item,
// the people ahead and the estimated wait, a QR code of the tracking URL with its quiet
// zone, the time, and the note. Everything is drawn, so any character the font has
// prints, whatever the printer's own fonts.
func (r *Renderer) Render(t Ticket) (*Page, error) {
	if strings.TrimSpace(t.Number) == "" {
		return nil, ErrNoNumber
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	l := &layout{r: r, w: r.width, s: float64(r.width) / Width80mm}
	l.margin = l.px(14)
	l.build(t)
	if err := l.err; err != nil {
		return nil, err
	}
	img := whiteGray(r.width, l.y)
	page := &Page{Image: img, Areas: make(map[string]image.Rectangle)}
	for _, it := range l.items {
		area := it.draw(img)
		if it.name != "" {
			page.Areas[it.name] = page.Areas[it.name].Union(area)
		}
	}
	page.Missing = r.missing(t.Center + t.Number + t.Item + t.Note)
	return page, nil
}

// layout stacks items from top to bottom, measuring as it goes.
type layout struct {
	r      *Renderer
	w      int
	s      float64 // scale: 1 at 80 mm
	margin int
	y      int // the next free row
	items  []item
	err    error
}

type item struct {
	name string
	draw func(img *image.Gray) image.Rectangle
}

// px scales a size given for 80 mm paper.
func (l *layout) px(v float64) int { return int(v*l.s + 0.5) }

func (l *layout) gap(v float64) { l.y += l.px(v) }

// text adds wrapped lines of s at size (for 80 mm), centred or from the left margin.
func (l *layout) text(name, s string, size float64, bold, center bool) {
	face := l.r.face(float64(l.px(size)))
	m := face.Metrics()
	asc, lineH := m.Ascent.Ceil(), (m.Ascent+m.Descent).Ceil()+l.px(size*0.18)
	weight := 0
	if bold {
		weight = max(1, l.px(size)/30)
	}
	for _, line := range wrap(face, s, l.w-2*l.margin) {
		x, y := l.margin, l.y+asc
		if center {
			x = (l.w - width(face, line)) / 2
		}
		l.items = append(l.items, item{name, func(img *image.Gray) image.Rectangle {
			drawString(img, face, x, y, line, weight)
			return image.Rect(x, y-asc, x+width(face, line)+weight, y-asc+lineH)
		}})
		l.y += lineH
	}
}

// number adds the ticket number as large as fits, up to 190 dots high at 80 mm.
func (l *layout) number(s string) {
	size := float64(l.px(200))
	face := l.r.face(size)
	for room := l.w - 2*l.margin - int(size)/24; width(face, s) > room && size > 24; {
		size = float64(int(size * float64(room) / float64(width(face, s)+int(size)/24)))
		face = l.r.face(size)
	}
	weight := int(size) / 24          // a heavy stroke reads from across the hall
	b, _ := font.BoundString(face, s) // the ink, without the font's line gap
	top, bottom := b.Min.Y.Floor(), b.Max.Y.Ceil()
	x, y := (l.w-width(face, s)-weight)/2, l.y-top
	l.items = append(l.items, item{"number", func(img *image.Gray) image.Rectangle {
		drawString(img, face, x, y, s, weight)
		return image.Rect(x, y+top, x+width(face, s)+weight, y+bottom)
	}})
	l.y += bottom - top
}

// rule adds a horizontal line across the printable width.
func (l *layout) rule() {
	y, h := l.y, max(2, l.px(2))
	l.items = append(l.items, item{"", func(img *image.Gray) image.Rectangle {
		r := image.Rect(l.margin, y, l.w-l.margin, y+h)
		for yy := r.Min.Y; yy < r.Max.Y; yy++ {
			row := img.Pix[img.PixOffset(r.Min.X, yy):img.PixOffset(r.Max.X, yy)]
			for i := range row {
				row[i] = 0
			}
		}
		return r
	}})
	l.y += h
}

// qr adds the tracking URL's QR code, centred, with its quiet zone.
func (l *layout) qr(url string) {
	mods, err := qrCode(url)
	if err != nil {
		l.err = err
		return
	}
	scale := qrScale(len(mods), l.px(270))
	side := (len(mods) + 2*qrQuietModules) * scale
	p := image.Pt((l.w-side)/2, l.y)
	l.items = append(l.items, item{"qr", func(img *image.Gray) image.Rectangle {
		return drawQR(img, mods, scale, p)
	}})
	l.y += side
}

// build lays the ticket out.
func (l *layout) build(t Ticket) {
	l.gap(18)
	if t.Center != "" {
		l.text("center", t.Center, 36, true, true)
	}
	l.text("", "排队取号凭条  Queue ticket", 20, false, true)
	l.gap(6)
	l.rule()
	l.gap(14)
	l.text("", "您的号码  Your number", 24, false, true)
	l.gap(4)
	l.number(t.Number)
	l.gap(16)
	if t.Item != "" {
		l.text("item", t.Item, 40, true, true)
		l.gap(6)
	}
	zh, en := t.aheadLines()
	l.text("ahead", zh, 28, true, true)
	l.text("ahead", en, 20, false, true)
	l.gap(10)
	l.rule()
	if t.TrackURL != "" {
		l.gap(4)
		l.qr(t.TrackURL)
		l.text("", "扫码查看排队进度  Scan to follow your turn", 22, false, true)
	}
	l.gap(8)
	if !t.Issued.IsZero() {
		l.text("issued", "取号时间  "+t.Issued.Format("2006-01-02 15:04"), 24, false, true)
	}
	if t.Note != "" {
		l.gap(10)
		l.text("note", t.Note, 24, false, false)
	}
	l.gap(24)
}
