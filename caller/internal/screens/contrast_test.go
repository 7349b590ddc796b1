package screens

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"onedoor/internal/uikit"
)

// paint is what a walk of the canvas found: the fills in the order they are painted,
// and every text, themed icon and outline, each with what lies under it.
type paint struct {
	fills  []fill
	checks []contrastCheck
}

type fill struct {
	r rect
	c color.Color
}

type rect struct{ x0, y0, x1, y1 float32 }

func (r rect) has(x, y float32) bool { return x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1 }

func (r rect) cut(o rect) rect {
	return rect{max(r.x0, o.x0), max(r.y0, o.y0), min(r.x1, o.x1), min(r.y1, o.y1)}
}

// contrastCheck is one colour drawn over what the fills before it composed.
type contrastCheck struct {
	what   string
	fg, bg color.NRGBA
	min    float64
}

// under composes the fills painted so far at (x, y) over the window's background.
func (p *paint) under(x, y float32) color.NRGBA {
	bg := uikit.Over(Theme{}.Color(theme.ColorNameBackground, theme.VariantLight), color.NRGBA{A: 0xff})
	for _, f := range p.fills {
		if f.r.has(x, y) {
			bg = uikit.Over(f.c, bg)
		}
	}
	return bg
}

func (p *paint) check(what string, fg color.Color, x, y float32, min float64) {
	bg := p.under(x, y)
	p.checks = append(p.checks, contrastCheck{what: what, fg: uikit.Over(fg, bg), bg: bg, min: min})
}

func opaque(c color.Color) bool {
	if c == nil {
		return false
	}
	_, _, _, a := c.RGBA()
	return a > 0
}

// backgroundNames are theme colours that icons paint as a surface (a check box's
// inside), not as a mark.
var backgroundNames = map[fyne.ThemeColorName]bool{theme.ColorNameBackground: true, theme.ColorNameInputBackground: true,
	theme.ColorNameOverlayBackground: true, theme.ColorNameButton: true}

// walk visits o and its children in painting order at offset off, inside clip.
func (p *paint) walk(o fyne.CanvasObject, off fyne.Position, clip rect) {
	if o == nil || !o.Visible() {
		return
	}
	pos := off.Add(o.Position())
	sz := o.Size()
	r := rect{pos.X, pos.Y, pos.X + sz.Width, pos.Y + sz.Height}
	cx, cy := pos.X+sz.Width/2, pos.Y+sz.Height/2
	switch v := o.(type) {
	case *canvas.Rectangle:
		if opaque(v.StrokeColor) && v.StrokeWidth > 0 && clip.has(cx, pos.Y+v.StrokeWidth/2) {
			p.check("outline", v.StrokeColor, cx, pos.Y+v.StrokeWidth/2, uikit.ContrastLarge)
		}
		if opaque(v.FillColor) {
			p.fills = append(p.fills, fill{r.cut(clip), v.FillColor})
		}
		return
	case *canvas.Circle:
		if opaque(v.FillColor) {
			p.fills = append(p.fills, fill{r.cut(clip), v.FillColor})
		}
		return
	case *canvas.Text:
		if strings.TrimSpace(v.Text) != "" && clip.has(cx, cy) {
			p.check(fmt.Sprintf("text %q %.0fpx", v.Text, v.TextSize), v.Color, cx, cy, uikit.MinContrast(v.TextSize, v.TextStyle.Bold))
		}
		return
	case *canvas.Image:
		res, ok := v.Resource.(fyne.ThemedResource)
		if !ok {
			return
		}
		c := Theme{}.Color(res.ThemeColorName(), theme.VariantLight)
		if backgroundNames[res.ThemeColorName()] {
			p.fills = append(p.fills, fill{r.cut(clip), c})
			return
		}
		if clip.has(cx, cy) {
			p.check("icon "+string(res.ThemeColorName()), c, cx, cy, uikit.ContrastText)
		}
		return
	case *container.Scroll:
		clip = clip.cut(r)
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			p.walk(c, pos, clip)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			p.walk(c, pos, clip)
		}
	}
}

// relayout lays every container and widget out again at its size, as the desktop
// driver does before it paints when a shown or hidden object changed a minimum size
// (the test canvas does not).
func relayout(o fyne.CanvasObject) {
	switch v := o.(type) {
	case *fyne.Container:
		if v.Layout != nil {
			v.Layout.Layout(v.Objects, v.Size())
		}
		for _, c := range v.Objects {
			relayout(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(v)
		r.Layout(v.Size())
		for _, c := range r.Objects() {
			relayout(c)
		}
	}
}

// paintOf walks the window's content and its dialogs.
func paintOf(c fyne.Canvas) *paint {
	relayout(c.Content())
	for _, o := range c.Overlays().List() {
		relayout(o)
	}
	p := &paint{}
	all := rect{-1e6, -1e6, 1e6, 1e6}
	p.walk(c.Content(), fyne.Position{}, all)
	for _, o := range c.Overlays().List() {
		p.walk(o, fyne.Position{}, all)
	}
	return p
}

// contrastTally gathers the checks of every screen walked.
type contrastTally struct {
	t      *testing.T
	n      int
	least  map[float64]float64
	pairs  map[[2]color.NRGBA]bool
	failed map[string]bool
}

// walkScreen checks the screen as shown, then with each focusable widget focused in
// turn (Tab), so the focus ring and Fyne's focus tint are measured everywhere.
func (ct *contrastTally) walkScreen(h *harness, name string) {
	ct.t.Helper()
	h.p.run()
	c := h.w.Canvas()
	c.Unfocus()
	ct.add(name, paintOf(c))
	var first fyne.Focusable
	for i := 0; i < 80; i++ {
		c.FocusNext()
		f := c.Focused()
		if f == nil || f == first {
			break
		}
		if first == nil {
			first = f
		}
		ct.add(fmt.Sprintf("%s, focus on %T", name, f), paintOf(c))
	}
	c.Unfocus()
}

func (ct *contrastTally) add(name string, p *paint) {
	ct.t.Helper()
	for _, ch := range p.checks {
		r := uikit.ContrastRatio(ch.fg, ch.bg)
		ct.n++
		ct.pairs[[2]color.NRGBA{ch.fg, ch.bg}] = true
		ct.least[ch.min] = min(ct.least[ch.min], r)
		if r < ch.min {
			key := fmt.Sprintf("%s %v %v", ch.what, ch.fg, ch.bg)
			if !ct.failed[key] {
				ct.failed[key] = true
				ct.t.Errorf("%s: %s: %v on %v is %.2f:1, want ≥ %.1f:1", name, ch.what, ch.fg, ch.bg, r, ch.min)
			}
		}
	}
}

// TestCallerContrast renders every caller screen and dialog, in both languages and
// with each widget focused in turn, walks the drawn objects and checks every text,
// icon and outline against what is painted under it: ≥ 4.5:1 for text and marks
// (3:1 for large text), ≥ 3:1 for outlines and the focus ring.
func TestCallerContrast(t *testing.T) {
	ct := &contrastTally{t: t, least: map[float64]float64{uikit.ContrastText: 21, uikit.ContrastLarge: 21},
		pairs: map[[2]color.NRGBA]bool{}, failed: map[string]bool{}}
	srv := startServer(t)
	for _, lang := range []Lang{Zh, En} {
		walkCaller(t, ct, srv, lang)
	}
	if ct.n < 500 {
		t.Fatalf("only %d checks: the walk misses the screens", ct.n)
	}
	t.Logf("%d checks, %d distinct colour pairs; least contrast of text and marks %.2f:1, of outlines, focus rings and large text %.2f:1",
		ct.n, len(ct.pairs), ct.least[uikit.ContrastText], ct.least[uikit.ContrastLarge])
}

func walkCaller(t *testing.T, ct *contrastTally, srv *server, lang Lang) {
	h := newHarness(t, srv, lang)
	l := h.app.Login
	ct.walkScreen(h, "login")
	l.status.SetText(texts.S(lang, "taken"))
	l.TakeOver.Show()
	l.Submit.Disable()
	ct.walkScreen(h, "login, window taken")
	l.Submit.Enable()
	m := h.login("demo1", 1)
	h.wait("the queue", func() bool { return m.header.Text != "" })
	ct.walkScreen(h, "workstation, nobody waiting")
	srv.issue("440199-A-001")
	srv.issue("440199-A-001")
	srv.issue("440199-A-001")
	h.key(fyne.KeyF1)
	h.state("called")
	ct.walkScreen(h, "workstation, called")
	h.key(fyne.KeyF4)
	ct.walkScreen(h, "no-show confirmation")
	h.key(fyne.KeyReturn)
	h.state("")
	h.key(fyne.KeyF1)
	h.state("called")
	h.key(fyne.KeyF3)
	h.state("serving")
	test.Tap(m.ticket.Checks["m1"])
	ct.walkScreen(h, "workstation, serving")
	m.banner.Show()
	ct.walkScreen(h, "workstation, offline banner")
	m.banner.Hide()
	for _, o := range outcomes {
		h.key(fyne.KeyF6)
		m.Finish.Outcome.SetSelected(texts.S(m.Finish.s.lang, o))
		if o == "rejected" {
			test.Tap(m.Finish.OK) // no reason: the dialog says so
		}
		ct.walkScreen(h, "finish, "+o)
		m.hidePopup()
	}
	h.key(fyne.KeyF5)
	ct.walkScreen(h, "transfer")
	m.hidePopup()
	m.openMissed()
	ct.walkScreen(h, "reinstate")
	m.hidePopup()
	m.openCallTicket()
	ct.walkScreen(h, "call a ticket")
	m.hidePopup()
	test.Tap(m.ticket.Checks["m2"]) // every required material ticked: the server accepts
	test.Tap(m.ticket.Checks["m3"])
	h.key(fyne.KeyF6)
	m.Finish.Outcome.SetSelected(texts.S(m.Finish.s.lang, "accepted"))
	test.Tap(m.Finish.OK)
	h.state("")
	if d := m.Document; d != nil {
		h.wait("the document", func() bool { return d.Ready })
		ct.walkScreen(h, "document")
		m.hidePopup()
	}
	test.Tap(m.Buttons["pause"])
	ct.walkScreen(h, "pause")
	test.Tap(m.Pause.OK)
	h.wait("the window paused", func() bool { return m.winState == "paused" && m.Popup == nil })
	ct.walkScreen(h, "workstation, paused")
	test.Tap(m.Buttons["resume"])
	h.wait("the window open", func() bool { return m.winState == "open" })
	srv.issueClaiming("440199-A-001", "disabled")
	h.key(fyne.KeyF1)
	h.wait("the claimed priority", func() bool { return m.cur != nil && m.ticket.prio.box.Visible() })
	ct.walkScreen(h, "workstation, priority claimed")
	m.openPriorityRefusal()
	ct.walkScreen(h, "priority not eligible")
	m.hidePopup()
	m.openClose()
	ct.walkScreen(h, "close")
	m.hidePopup()
}
