package screens

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// ticketPanel shows the current ticket large, the applicant and the checklist.
type ticketPanel struct {
	s         *MainScreen
	number    *canvas.Text
	item      *widget.Label
	meta      *widget.Label
	applicant *widget.Label
	reveal    *KeyButton
	enter     *KeyButton
	checks    *fyne.Container
	who       *fyne.Container
	prio      *priorityBox
	handover  *handoverBox
	head      *fyne.Container
	frame     *fyne.Container // the head over the checklist
	// Checks are the checklist's boxes by material code.
	Checks  map[string]*KeyCheck
	shownID string
}

func (p *ticketPanel) build() fyne.CanvasObject {
	l := p.s.lang
	p.number = canvas.NewText("", colorPrimary)
	p.number.TextSize = 88
	p.item = widget.NewLabel("")
	p.item.Wrapping = fyne.TextWrapWord
	p.item.TextStyle.Bold = true
	p.meta = widget.NewLabel("")
	p.applicant = widget.NewLabel("")
	p.reveal = newKeyButton(texts.S(l, "reveal"), widget.MediumImportance, p.doReveal, p.s.app.routeKey)
	p.enter = newKeyButton(texts.S(l, "app_enter"), widget.MediumImportance, p.s.openApplicant, p.s.app.routeKey)
	p.checks = container.NewVBox()
	p.Checks = map[string]*KeyCheck{}
	p.shownID = "-"
	p.who = container.NewHBox(widget.NewLabel(texts.S(l, "applicant")+":"), p.applicant, p.reveal, p.enter, layout.NewSpacer())
	p.prio = &priorityBox{s: p.s}
	p.handover = &handoverBox{s: p.s}
	p.head = container.NewVBox(p.number, p.item, p.meta, p.prio.build(), p.handover.build(), p.who)
	head := p.head
	list := container.NewBorder(widget.NewLabelWithStyle(texts.S(l, "checklist"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil,
		container.NewVScroll(container.NewPadded(p.checks))) // padded: the focus ring shows whole
	bg := canvas.NewRectangle(colorPanel)
	p.frame = container.NewBorder(head, nil, nil, nil, list)
	return container.NewStack(bg, container.NewPadded(p.frame))
}

// update shows the current ticket; the checklist is rebuilt only for a new ticket.
func (p *ticketPanel) update() {
	s, l := p.s, p.s.lang
	t := s.cur
	if t == nil {
		p.number.Text = "—"
		p.number.Refresh()
		p.item.SetText(texts.S(l, "no_ticket"))
		p.meta.SetText("")
		p.applicant.SetText("")
		p.reveal.Hide()
		p.enter.Hide()
		p.prio.update(nil)
		p.handover.update(nil)
		p.setChecklist(nil)
		p.who.Refresh()
		p.head.Refresh()
		p.frame.Refresh()
		return
	}
	p.number.Text = t.Number
	p.number.Refresh()
	name := t.ItemName
	if l == En {
		name = t.ItemNameEn
	}
	p.item.SetText(name + "  (" + t.Item + ")")
	prio := texts.S(l, "normal")
	if t.Priority != "normal" {
		name := t.Priority
		if g, ok := s.d.Catalog.Group(t.Priority); ok {
			name = g.NameZh
			if l == En {
				name = g.NameEn
			}
		}
		prio = texts.S(l, "priority") + " · " + name
		if t.PriorityCheck == string(queue.PriorityConfirmed) || t.PriorityCheck == string(queue.PriorityRefused) {
			prio += " (" + texts.S(l, "prio_"+t.PriorityCheck) + ")"
		}
	}
	p.prio.update(t)
	p.handover.update(t)
	p.meta.SetText(fmt.Sprintf("%s · %s · %s", texts.S(l, "state_"+t.State), prio, texts.S(l, "waited", t.WaitedS/60)))
	p.reveal.Hide()
	p.enter.Show()
	switch {
	case s.revealed != nil:
		p.applicant.SetText(s.revealed.Name + "  " + s.revealed.IDNumber)
	case t.Applicant != nil:
		p.applicant.SetText(t.Applicant.Name + "  " + t.Applicant.IDNumber)
		p.reveal.Show()
	default:
		p.applicant.SetText(texts.S(l, "no_applicant"))
	}
	p.setChecklist(t)
	p.who.Refresh()   // the name's width changed: lay the row out again
	p.head.Refresh()  // the priority's box may have come or gone:
	p.frame.Refresh() // the checklist moves up or down
}

func (p *ticketPanel) setChecklist(t *wire.StaffTicket) {
	id := ""
	if t != nil {
		id = t.ID
	}
	if id == p.shownID {
		return
	}
	p.shownID = id
	p.checks.RemoveAll()
	p.Checks = map[string]*KeyCheck{}
	if t == nil {
		return
	}
	it, ok := p.s.d.Item(t.Item)
	if !ok {
		return
	}
	for _, m := range it.Materials {
		name := m.NameZh
		if p.s.lang == En {
			name = m.NameEn
		}
		if m.Required {
			name += " *" + texts.S(p.s.lang, "required")
		}
		code := m.Code
		// A tapped check takes the keyboard focus; it passes F1–F6 on to the window.
		c := newKeyCheck(name, func(on bool) { p.s.tick(code, on) }, p.s.app.routeKey)
		c.Checked = p.s.ticked[code]
		p.Checks[code] = c
		p.checks.Add(c)
	}
	p.checks.Refresh()
}

// doReveal shows the applicant's full ID number; the server records that it was shown.
func (p *ticketPanel) doReveal() {
	s := p.s
	var a wire.Applicant
	s.app.task(func(ctx context.Context) error {
		var err error
		a, err = s.d.Reveal(ctx)
		return err
	}, func(err error) {
		if err == nil {
			s.revealed = &a
		}
		s.done("reveal", err)
	})
}

// tick records a material ticked or unticked on the checklist; the outcome dialog's
// finding follows (unticking a defective material leaves it defective).
func (s *MainScreen) tick(code string, on bool) {
	s.ticked[code] = on
	mk := s.marks[code]
	switch {
	case mk == nil:
	case on:
		mk.state = queue.MatReceived
	case mk.state == queue.MatReceived:
		mk.state = queue.MatMissing
	}
}
