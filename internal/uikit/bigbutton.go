package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Style picks a big button's colours.
type Style int

// The styles: Primary (white on deep blue) for the way forward, Secondary (dark on
// pale blue) for the choices of a list and the way back, Danger for faults.
const (
	Primary Style = iota
	Secondary
	Danger
)

// BigButton is a large touch target: a main line in the current language, a small line
// in the other, an optional letter badge on the left and an info text on the right
// (a waiting count). Long titles wrap. It is at least MinTouch high.
type BigButton struct {
	widget.BaseWidget
	Title, Subtitle, Badge, Info string
	Style                        Style
	OnTapped                     func()
	// MinHeight raises the minimum height above MinTouch.
	MinHeight float32
	// MinWidth raises the minimum width above MinTouch (the elderly mode's 120 px).
	MinWidth float32
	// Selected marks a choice that is made (a priority group): a tick and a thick
	// border on the button's own colours, so that it does not look like an action.
	Selected bool
	// Centered centres the texts and leaves out the badge and the info (keys); set it
	// before the button is drawn.
	Centered bool
	// InfoBelow puts the info text under the title instead of on the right, leaving
	// the title the tile's width (home's category tiles); set it before it is drawn.
	InfoBelow bool
	disabled  bool
	pressed   bool // a finger is down on it
	// wrap lets long titles wrap (list buttons); the button's minimum size then does
	// not depend on its text, whose wrapped height Fyne only knows once laid out.
	wrap bool
}

// NewBigButton returns a primary button.
func NewBigButton(title, subtitle string, tapped func()) *BigButton {
	b := &BigButton{Title: title, Subtitle: subtitle, OnTapped: tapped}
	b.ExtendBaseWidget(b)
	return b
}

// NewListButton returns a secondary button with a badge, as lists of categories and
// items use.
func NewListButton(badge, title, subtitle string, tapped func()) *BigButton {
	b := &BigButton{Badge: badge, Title: title, Subtitle: subtitle, Style: Secondary, OnTapped: tapped, wrap: true}
	b.ExtendBaseWidget(b)
	return b
}

// Tapped runs OnTapped unless the button is disabled.
func (b *BigButton) Tapped(*fyne.PointEvent) {
	if !b.disabled && b.OnTapped != nil {
		b.OnTapped()
	}
}

// Disable makes the button ignore taps and show it.
func (b *BigButton) Disable() { b.disabled, b.pressed = true, false; b.Refresh() }

// Enable makes the button tappable again.
func (b *BigButton) Enable() { b.disabled = false; b.Refresh() }

// Disabled reports whether taps are ignored.
func (b *BigButton) Disabled() bool { return b.disabled }

// SetInfo changes the right-hand text.
func (b *BigButton) SetInfo(s string) { b.Info = s; b.Refresh() }

// CreateRenderer builds the button's parts. Its texts are drawn in theme colour names
// (ColorNameOnPrimary on a dark button), through the app's one theme.
func (b *BigButton) CreateRenderer() fyne.WidgetRenderer {
	r := &bigButtonRenderer{b: b, bg: canvas.NewRectangle(ColorSecondary)}
	r.bg.CornerRadius = 10
	r.bg.StrokeWidth = 2
	r.badge = canvas.NewText("", ColorText)
	r.badge.TextSize = 52
	r.badge.TextStyle.Bold = true
	wrap := fyne.TextWrapOff
	if b.wrap {
		wrap = fyne.TextWrapWord
	}
	align := fyne.TextAlignLeading
	if b.Centered {
		align = fyne.TextAlignCenter
	}
	r.title = newColourText(theme.SizeNameSubHeadingText, true, wrap, align)
	r.sub = newColourText(theme.SizeNameCaptionText, false, wrap, align)
	r.info = newColourText(theme.SizeNameText, true, fyne.TextWrapOff, fyne.TextAlignLeading)
	badge := container.NewPadded(container.NewCenter(r.badge))
	if b.Centered {
		// A key: its texts centred, with no badge or info beside them to take width.
		r.content = container.NewPadded(container.New(&tightVBox{}, r.title, r.sub))
	} else if b.InfoBelow {
		r.sub.addParagraph(theme.SizeNameText, true)
		texts := container.New(&tightVBox{}, r.title, r.sub)
		r.content = container.NewPadded(container.NewBorder(nil, nil, badge, nil, texts))
	} else {
		texts := container.New(&tightVBox{}, r.title, r.sub)
		r.content = container.NewPadded(
			container.NewBorder(nil, nil, badge, container.NewCenter(r.info), texts))
	}
	r.Refresh()
	return r
}

type bigButtonRenderer struct {
	b                *BigButton
	bg               *canvas.Rectangle
	badge            *canvas.Text
	title, sub, info colourText
	content          *fyne.Container
}

func (r *bigButtonRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.content.Resize(size)
}

func (r *bigButtonRenderer) MinSize() fyne.Size {
	if r.b.wrap {
		// Wrapped texts know their height once they have their width: before the
		// first layout the button asks for MinHeight, after it for what its texts
		// take at its width (Fyne lays the parent out again when that changes).
		h := max(MinTouch, r.b.MinHeight)
		if r.b.Size().Width > 0 {
			h = max(h, r.content.MinSize().Height)
		}
		return fyne.NewSize(max(4*MinTouch, r.b.MinWidth), h)
	}
	m := r.content.MinSize()
	h := max(m.Height, MinTouch, r.b.MinHeight)
	return fyne.NewSize(max(m.Width, MinTouch, r.b.MinWidth), h)
}

func (r *bigButtonRenderer) Refresh() {
	bg, fg, fgName := r.b.colours()
	r.bg.FillColor, r.bg.StrokeColor = bg, ColorPrimary
	r.bg.StrokeWidth = 2
	badge := r.b.Badge
	if r.b.Selected {
		r.bg.StrokeWidth, badge = 6, "✓"
	}
	r.badge.Text, r.badge.Color = badge, fg
	r.badge.Hidden = badge == ""
	r.title.set(r.b.Title, fgName)
	r.sub.set(r.b.Subtitle, fgName)
	r.info.set(r.b.Info, fgName)
	r.sub.Hidden = r.b.Subtitle == ""
	r.info.Hidden = r.b.Info == ""
	if r.sub.more != nil {
		r.sub.setMore(r.b.Info, fgName)
		r.sub.Hidden = r.b.Subtitle == "" && r.b.Info == ""
		r.info.Hidden = true
	}
	r.title.Refresh()
	r.sub.Refresh()
	r.info.Refresh()
	r.bg.Refresh()
	r.badge.Refresh()
}

func (r *bigButtonRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.content}
}

func (r *bigButtonRenderer) Destroy() {}

// tightVBox stacks objects with no padding, for a line and its translation.
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	return s
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	// Wrapped labels know their height only once they have their width: give every
	// object the width first, then measure, then centre the stack vertically.
	total := float32(0)
	heights := make([]float32, len(objs))
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		o.Resize(fyne.NewSize(size.Width, o.Size().Height))
		heights[i] = o.MinSize().Height
		total += heights[i]
	}
	y := max(0, (size.Height-total)/2)
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, heights[i]))
		y += heights[i]
	}
}
