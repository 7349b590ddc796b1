package screens

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
	"onedoor/internal/uikit"
	"onedoor/internal/wire"
	"onedoor/kiosk/internal/idcard"
	"onedoor/kiosk/internal/printer"
)

// misfit is a text drawn outside the box that holds it: cut off, or printed over
// whatever lies beyond (Fyne does not clip, except in scroll containers).
type misfit struct {
	text   string
	holder string // the type of the box it leaves
	by     fyne.Size
}

func (m misfit) String() string {
	return fmt.Sprintf("%q leaves its %s by %.0f×%.0f px", m.text, m.holder, m.by.Width, m.by.Height)
}

// box is an object's rectangle in window coordinates.
type box struct {
	pos  fyne.Position
	size fyne.Size
	kind string
	// vscroll: what lies inside may run below the box (it scrolls).
	vscroll bool
}

// misfits walks what is drawn under root, laid out at its current size, and lists
// every text whose rectangle (or, for a bare canvas.Text, its minimum size) does not
// fit in every box it is drawn in: the window of size win (a full-screen kiosk's),
// the tiles, the labels, down to itself. Inside a vertical scroll a text may run
// below the scroll's box, never beside it. (Fyne's test window grows to its
// content's minimum size, which a real full-screen window cannot: a screen whose
// minimum is larger than win is a misfit too.)
func misfits(root fyne.CanvasObject, win fyne.Size) []misfit {
	var out []misfit
	if m := root.MinSize(); m.Width > win.Width+1 || m.Height > win.Height+1 {
		out = append(out, misfit{text: "(the whole screen)", holder: "window",
			by: fyne.NewSize(max(0, m.Width-win.Width), max(0, m.Height-win.Height))})
	}
	var walk func(o fyne.CanvasObject, origin fyne.Position, holders []box)
	walk = func(o fyne.CanvasObject, origin fyne.Position, holders []box) {
		if !o.Visible() {
			return
		}
		pos := origin.Add(o.Position())
		size := o.Size()
		if t, ok := o.(*canvas.Text); ok {
			if t.Text == "" {
				return
			}
			min := t.MinSize()
			var by fyne.Size
			by.Width = max(0, min.Width-size.Width)
			by.Height = max(0, min.Height-size.Height)
			holder := "own box"
			for i := len(holders) - 1; i >= 0; i-- {
				h := holders[i]
				right := pos.X + max(size.Width, min.Width) - (h.pos.X + h.size.Width)
				left := h.pos.X - pos.X
				if w := max(right, left); w > by.Width {
					by.Width, holder = w, h.kind
				}
				if h.vscroll {
					break
				}
				below := pos.Y + max(size.Height, min.Height) - (h.pos.Y + h.size.Height)
				above := h.pos.Y - pos.Y
				if v := max(below, above); v > by.Height {
					by.Height, holder = v, h.kind
				}
			}
			if by.Width > 1 || by.Height > 1 {
				out = append(out, misfit{text: t.Text, holder: holder, by: by})
			}
			if lonePunctuation(t.Text) {
				out = append(out, misfit{text: t.Text, holder: "line of its own (a wrap left it alone)"})
			}
			return
		}
		var children []fyne.CanvasObject
		here := box{pos: pos, size: size, kind: fmt.Sprintf("%T", o)}
		switch v := o.(type) {
		case *container.Scroll:
			here.vscroll = v.Direction == container.ScrollVerticalOnly
			children = []fyne.CanvasObject{v.Content} // moved by -Offset already
		case fyne.Widget:
			children = test.WidgetRenderer(v).Objects()
		case *fyne.Container:
			children = v.Objects
		}
		holders = append(holders[:len(holders):len(holders)], here)
		for _, c := range children {
			walk(c, pos, holders)
		}
	}
	walk(root, fyne.NewPos(0, 0), []box{{size: win, kind: "window"}})
	return out
}

// hiddenRows tells whether a vertical scroll under root holds more than it shows
// while no "▼ … scroll for more" band (scrollHint) is on the screen: rows below the
// fold that a citizen has no reason to look for. by is how much is hidden.
func hiddenRows(root fyne.CanvasObject) (by fyne.Size, hidden bool) {
	hint := false
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *canvas.Text:
			hint = hint || strings.Contains(v.Text, "▼")
		case *container.Scroll:
			if h := v.Content.MinSize().Height - v.Size().Height; v.Direction == container.ScrollVerticalOnly && h > 1 {
				by.Height, hidden = max(by.Height, h), true
			}
			walk(v.Content)
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(root)
	return by, hidden && !hint
}

// lonePunctuation tells whether a drawn line is only closing punctuation: a wrap
// that cut it off the word it closes ("…(虚构示例" above a lone ")").
func lonePunctuation(line string) bool {
	line = strings.TrimSpace(line)
	return line != "" && strings.Trim(line, ")）]】」』,，.。;；:：!！?？、") == ""
}

// TestMisfitsFindsOverflow plants texts that cannot fit, and one that does, to show
// that misfits catches a line wider than its tile, a second line below a tile too low
// for it, and a text running out of the window — and does not cry wolf.
func TestMisfitsFindsOverflow(t *testing.T) {
	k := offlineKiosk(t, nil)
	long := widget.NewLabel("Household registration and ID documents, a line far too long for its tile")
	tile := container.NewGridWrap(fyne.NewSize(200, 60), long)
	two := container.NewGridWrap(fyne.NewSize(400, 50),
		container.NewVBox(widget.NewLabel("户政与身份证件"), widget.NewLabel("Second line")))
	fits := container.NewGridWrap(fyne.NewSize(600, 80), widget.NewLabel("Fits"))
	wide := canvas.NewText(strings.Repeat("Wide ", 200), nil)
	k.win.SetContent(container.NewVBox(tile, two, fits, container.NewHBox(wide)))
	got := map[string]bool{}
	for _, m := range misfits(k.win.Canvas().Content(), fyne.NewSize(1920, 1080)) {
		t.Log(m)
		got[m.text] = true
	}
	for _, want := range []string{long.Text, "Second line", wide.Text} {
		if !got[want] {
			t.Errorf("the planted overflow %q was not found", want)
		}
	}
	if got["Fits"] || got["户政与身份证件"] {
		t.Error("a text that fits was reported")
	}
}

// shownScreen is a screen as the fit tests build it, and how to name it in a failure.
type shownScreen struct {
	what string
	s    screen
	// before sets the kiosk's state the screen shows (a reader fault, a ticket).
	before func()
}

// everyScreen lists every screen of the kiosk in every state with other texts: home,
// each category's items and a search, each item's checklist, the identity screen
// ready, faulty and failed, the ticket printing and not printed, check-in and out of
// service.
func everyScreen(k *Kiosk) []shownScreen {
	var out []shownScreen
	out = append(out, shownScreen{what: "home", s: &home{k: k}})
	for i := range k.cat.Categories {
		c := &k.cat.Categories[i]
		out = append(out, shownScreen{what: "items " + c.PrefixLetter, s: &items{k: k, category: c}})
	}
	search := &items{k: k, category: &k.cat.Categories[0]}
	out = append(out, shownScreen{what: "items search", s: search, before: func() {}})
	for i := range k.cat.Items {
		it := &k.cat.Items[i]
		out = append(out, shownScreen{what: "item " + it.Code, s: &itemScreen{k: k, item: it},
			before: func() { k.sess.item = it }})
	}
	needsID, optional := &k.cat.Items[0], &k.cat.Items[0]
	for i := range k.cat.Items {
		if k.cat.Items[i].NeedsID {
			needsID = &k.cat.Items[i]
		} else {
			optional = &k.cat.Items[i]
		}
	}
	for _, st := range []struct {
		what  string
		item  *queue.Item
		fault error
		msg   string
	}{
		{"ready, card needed", needsID, nil, ""},
		{"ready, card optional", optional, nil, ""},
		{"reader fault", needsID, os.ErrClosed, ""},
		{"card unreadable", optional, nil, "card_unreadable"},
		{"issue failed", needsID, nil, "issue_failed"},
		{"item full", needsID, nil, "item_full"},
	} {
		id := &identity{k: k, msg: st.msg}
		out = append(out, shownScreen{what: "identity " + st.what, s: id, before: func() {
			k.sess.item, k.readerErr, k.sess.group = st.item, st.fault, "disabled"
			k.d.Reader = idleReader{}
		}})
	}
	t := wire.Ticket{Number: "A001", Category: "SSDJ", Item: k.cat.Items[0].Code, ItemName: k.cat.Items[0].NameZh,
		ItemNameEn: k.cat.Items[0].NameEn, Priority: "elderly", Ahead: 12, EstimatedWaitS: 1500,
		EstimatedWaitMinS: 1200, EstimatedWaitMaxS: 1900,
		TrackURL: "http://127.0.0.1:8080/t/0123456789abcdef"}
	out = append(out,
		shownScreen{what: "ticket printing", s: &ticketScreen{k: k, t: t}},
		shownScreen{what: "ticket printed", s: &ticketScreen{k: k, t: t, printed: true}},
		shownScreen{what: "ticket not printed", s: &ticketScreen{k: k, t: t, printErr: os.ErrClosed}},
		shownScreen{what: "checkin", s: &checkin{k: k, typed: "202601"}},
		shownScreen{what: "out of service", s: &outOfService{k: k}},
		// Last: the printer's notice stays for the screens after it.
		shownScreen{what: "home, paper out", s: &home{k: k}, before: func() { k.setPrinterNotice(printer.ErrPaperOut) }},
	)
	return out
}

// idleReader is a card reader on which no card is ever placed.
type idleReader struct{}

func (idleReader) Next(ctx context.Context) (*idcard.Card, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// showForTest puts a screen in the window as show does, without its card reading and
// idle timer, and lays it out at the window's size.
func showForTest(k *Kiosk, sc shownScreen) fyne.CanvasObject {
	k.readerErr, k.d.Reader, k.sess.group = nil, nil, ""
	if sc.before != nil {
		sc.before()
	}
	k.current = sc.s
	k.win.SetContent(sc.s.build())
	if s, ok := sc.s.(*items); ok && sc.what == "items search" {
		s.search.SetText("zm")
	}
	settle(k.win.Canvas())
	return k.win.Canvas().Content()
}

// TestScreensFit builds every screen in every state, in Chinese and English, in the
// standard and the elderly mode, at 1920×1080, and fails on any text that leaves its
// tile, its label or the window: a cut second line, an English name printed over
// the next row.
func TestScreensFit(t *testing.T) {
	for _, mode := range fitModes {
		t.Run(mode.name, func(t *testing.T) {
			k := offlineKiosk(t, nil)
			mode.set(k)
			for _, sc := range everyScreen(k) {
				shown := showForTest(k, sc)
				for _, m := range misfits(shown, fyne.NewSize(1920, 1080)) {
					t.Errorf("%s: %s", sc.what, m)
				}
				// Home's tiles must all be in view, or a band must say there are more.
				// (Not yet judged elsewhere: some checklists run 6–58 px below their
				// scroll in standard mode with no band.)
				if _, ok := sc.s.(*home); ok {
					if by, hidden := hiddenRows(shown); hidden {
						t.Errorf("%s: tiles %.0f px below the fold with no \"scroll for more\" band", sc.what, by.Height)
					}
				}
			}
		})
	}
}

// fitModes are the language and size modes a screen must fit in.
var fitModes = []struct {
	name string
	set  func(k *Kiosk)
}{
	{"zh", func(k *Kiosk) { k.tr.SetLang(uikit.Zh) }},
	{"en", func(k *Kiosk) { k.tr.SetLang(uikit.En) }},
	{"elderly-zh", func(k *Kiosk) { k.tr.SetLang(uikit.Zh); k.setElderly(true) }},
	{"elderly-en", func(k *Kiosk) { k.tr.SetLang(uikit.En); k.setElderly(true) }},
}

// settle lays the window's content out again until the wrapped texts' heights, known
// only once they have their widths, are in their tiles: what the real driver does on
// each frame, and Fyne's test canvas does not.
func settle(c fyne.Canvas) {
	for range 3 {
		relayout(c.Content())
	}
}

func relayout(o fyne.CanvasObject) {
	switch v := o.(type) {
	case *container.Scroll:
		min := v.Content.MinSize()
		size := v.Size()
		if v.Direction == container.ScrollVerticalOnly {
			v.Content.Resize(fyne.NewSize(size.Width, max(size.Height, min.Height)))
		} else {
			v.Content.Resize(min.Max(size))
		}
		relayout(v.Content)
		v.Refresh()
	case fyne.Widget:
		r := test.WidgetRenderer(v)
		r.Layout(v.Size())
		for _, c := range r.Objects() {
			relayout(c)
		}
	case *fyne.Container:
		if v.Layout != nil {
			v.Layout.Layout(v.Objects, v.Size())
		}
		for _, c := range v.Objects {
			relayout(c)
		}
	}
}

func TestWrapBeforeBracket(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"广州市示例区政务服务中心(虚构示例)", "广州市示例区政务服务中心 (虚构示例)"},
		{"中心（示例）", "中心 （示例）"},
		{"Centre (sample)", "Centre (sample)"},
		{"(示例)", "(示例)"},
		{"", ""},
	} {
		if got := wrapBeforeBracket(c.in); got != c.want {
			t.Errorf("wrapBeforeBracket(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
