package screens

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// sidePanel shows the live queue per category and the window's tally for the day.
type sidePanel struct {
	s     *MainScreen
	queue *widget.Label
	tally *widget.Label
	box   *fyne.Container
}

func (p *sidePanel) build() fyne.CanvasObject {
	l := p.s.lang
	p.queue = widget.NewLabel("")
	p.tally = widget.NewLabel("")
	p.tally.Wrapping = fyne.TextWrapWord
	bold := fyne.TextStyle{Bold: true}
	p.box = container.NewBorder(nil,
		container.NewVBox(widget.NewSeparator(), widget.NewLabelWithStyle(texts.S(l, "tally"), fyne.TextAlignLeading, bold), p.tally,
			&widget.Label{Text: texts.S(l, "shortcuts"), Wrapping: fyne.TextWrapWord}),
		nil, nil,
		container.NewBorder(widget.NewLabelWithStyle(texts.S(l, "queue"), fyne.TextAlignLeading, bold), nil, nil, nil, container.NewVScroll(p.queue)))
	return p.box
}

func (p *sidePanel) update() {
	if p.queue == nil {
		return
	}
	s, l := p.s, p.s.lang
	var b strings.Builder
	for _, c := range s.q.Categories {
		if c.Waiting == 0 {
			continue
		}
		name := c.Name
		if l == En {
			name = c.NameEn
		}
		fmt.Fprintf(&b, "%s  %s\n    %s · %s\n", c.Prefix, name, texts.S(l, "waiting_n", c.Waiting), texts.S(l, "longest", c.LongestWaitS/60))
	}
	if b.Len() == 0 {
		b.WriteString(texts.S(l, "nobody"))
	}
	p.queue.SetText(strings.TrimRight(b.String(), "\n"))
	served := 0
	for _, w := range s.q.Windows {
		if w.Number == s.d.Window {
			served = w.Served
		}
	}
	var t strings.Builder
	t.WriteString(texts.S(l, "served", served))
	if s.live != nil {
		ty := s.live.Tally()
		for i, o := range []string{"accepted", "supplement", "rejected", "completed", "consulted"} {
			sep := " · "
			if i%3 == 0 {
				sep = "\n"
			}
			fmt.Fprintf(&t, "%s%s %d", sep, texts.S(l, o), ty.Outcomes[o])
		}
		t.WriteString(" · " + texts.S(l, "no_shows", ty.NoShows))
	}
	p.tally.SetText(t.String())
	p.box.Refresh() // the texts' heights changed: lay the panel out again
}
