package xsoak

import (
	"fmt"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Target is where to tap: a point on the screen and the shadow's object there.
type Target struct {
	X, Y int
	// Obj is the shadow's object, to tap it too (test.Tap) and keep it in step.
	Obj fyne.Tappable
}

// texts gathers every text drawn inside o: canvas texts, labels, rich text, entries'
// contents, with no spaces or line breaks (a wrapped label is several lines).
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range test.LaidOutObjects(o) {
		switch t := c.(type) {
		case *canvas.Text:
			b.WriteString(t.Text)
		case *widget.Label:
			b.WriteString(t.Text)
		}
		b.WriteByte('\x00')
	}
	return squeeze(b.String())
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// Find looks in the shadow's canvas for the visible tappable object whose texts
// contain label and returns its centre on the real screen, whose window content
// starts at (ox, oy). When several match, the one with the least text around the
// label wins (a button, not the scroll that holds it). An overlay (a dialog) is
// searched first.
func Find(c fyne.Canvas, ox, oy int, label string) (Target, error) {
	want := squeeze(label)
	roots := append([]fyne.CanvasObject(nil), c.Overlays().List()...)
	for i, j := 0, len(roots)-1; i < j; i, j = i+1, j-1 {
		roots[i], roots[j] = roots[j], roots[i]
	}
	roots = append(roots, c.Content())
	for _, root := range roots {
		var best fyne.CanvasObject
		bestLen := -1
		for _, o := range test.LaidOutObjects(root) {
			tap, ok := o.(fyne.Tappable)
			if !ok || !visible(o) {
				continue
			}
			if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
				continue
			}
			t := texts(o)
			if !strings.Contains(strings.ReplaceAll(t, "\x00", ""), want) {
				continue
			}
			if bestLen < 0 || len(t) < bestLen {
				best, bestLen = o, len(t)
			}
			_ = tap
		}
		if best != nil {
			return Center(ox, oy, best), nil
		}
	}
	return Target{}, fmt.Errorf("no button %q on the screen", label)
}

// visible reports whether o and (as far as the canvas knows) its parents are shown.
func visible(o fyne.CanvasObject) bool {
	return o.Visible() && o.Size().Width > 0 && o.Size().Height > 0
}

// Center is the real screen's point at the centre of the shadow's object o, for a
// window whose content starts at (ox, oy).
func Center(ox, oy int, o fyne.CanvasObject) Target {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	size := o.Size()
	if _, ok := o.(interface{ SetChecked(bool) }); ok {
		// A check (Fyne's, or one that embeds it) takes taps only on its box and label,
		// not on the rest of its row.
		size.Width = min(size.Width, o.MinSize().Width)
	}
	t := Target{X: ox + int(pos.X+size.Width/2), Y: oy + int(pos.Y+size.Height/2)}
	t.Obj, _ = o.(fyne.Tappable)
	return t
}

// Bounds is the real screen's rectangle of the first text in the shadow's canvas that
// matches re (a clock, to mask), grown by a few pixels.
func Bounds(c fyne.Canvas, ox, oy int, re *regexp.Regexp) (Rect, bool) {
	for _, o := range test.LaidOutObjects(c.Content()) {
		var s string
		switch t := o.(type) {
		case *canvas.Text:
			s = t.Text
		case *widget.Label:
			s = t.Text
		default:
			continue
		}
		if !re.MatchString(s) {
			continue
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
		size := o.Size()
		const grow = 6
		return Rect{X0: ox + int(pos.X) - grow, Y0: oy + int(pos.Y) - grow,
			X1: ox + int(pos.X+size.Width) + grow, Y1: oy + int(pos.Y+size.Height) + grow}, true
	}
	return Rect{}, false
}
