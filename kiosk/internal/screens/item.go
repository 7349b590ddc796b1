package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
	"onedoor/internal/uikit"
)

// itemScreen shows one item: department, whether it is done on the spot, the promised
// days and the full materials checklist, with "take a ticket" and "back".
type itemScreen struct {
	k    *Kiosk
	item *queue.Item
	take *uikit.BigButton
	back *uikit.BigButton
	// lines are the checklist's rows, for tests.
	lines []*widget.Label
}

func (s *itemScreen) name() string { return "item" }

func (s *itemScreen) build() fyne.CanvasObject {
	k, tr, it := s.k, s.k.tr, s.item
	main, other := tr.Pick(it.NameZh, it.NameEn)
	facts := container.NewVBox(
		uikit.Body(tr.S("department")+"  "+it.Department),
		uikit.Body(s.timing()),
	)
	if it.Fee != "" {
		facts.Add(uikit.Body(tr.S("fee") + "  " + it.Fee))
	}
	list := container.NewVBox(uikit.Heading(tr.S("materials", len(it.Materials)), tr.O("materials", len(it.Materials))))
	s.lines = nil
	for i, m := range it.Materials {
		list.Add(widget.NewSeparator())
		list.Add(s.material(i+1, m))
	}
	s.take = uikit.NewBigButton(tr.S("take_ticket"), tr.O("take_ticket"), k.tap(func() { k.show(&identity{k: k}) }))
	s.take.MinHeight = 100
	s.back = uikit.NewBigButton(tr.S("back"), tr.O("back"), k.tap(func() {
		if c := k.sess.category; c != nil {
			k.openCategory(c)
			return
		}
		k.goHome()
	}))
	s.back.Style = uikit.Secondary
	s.back.MinHeight = 100
	top := container.NewBorder(nil, nil, nil, langButton(k), uikit.Heading(main, other))
	bottom := container.NewBorder(nil, nil, s.back, nil, s.take)
	return container.NewPadded(container.NewBorder(container.NewVBox(top, facts, widget.NewSeparator()), bottom, nil, nil,
		container.NewVScroll(list)))
}

// timing says whether the item is done on the spot, or in how many days.
func (s *itemScreen) timing() string {
	it, tr := s.item, s.k.tr
	switch {
	case it.Immediate || it.PromisedDays == 0:
		return tr.S("immediate")
	case it.NaturalDays:
		return tr.S("promised_days", it.PromisedDays)
	default:
		return tr.S("promised_workdays", it.PromisedDays)
	}
}

// material is one checklist row: number, name in both languages, form and copies,
// required or optional, and the note.
func (s *itemScreen) material(n int, m queue.Material) fyne.CanvasObject {
	tr := s.k.tr
	main, other := tr.Pick(m.NameZh, m.NameEn)
	need := tr.S("required")
	if !m.Required {
		need = tr.S("optional")
	}
	copies := tr.S("copies", m.Copies)
	if m.Copies == 0 {
		copies = tr.S("copies_none")
	}
	name := uikit.Body(fmt.Sprintf("%d. %s", n, main))
	name.TextStyle.Bold = true
	facts := uikit.Body(fmt.Sprintf("【%s】 %s · %s", need, tr.S("form_"+m.Form), copies))
	if m.Required {
		facts.Importance = widget.HighImportance
	}
	rows := container.NewVBox(name, uikit.Caption(other), facts)
	s.lines = append(s.lines, name, facts)
	if m.Note != "" {
		note := uikit.Caption(tr.S("note") + m.Note)
		rows.Add(note)
		s.lines = append(s.lines, note)
	}
	return rows
}
