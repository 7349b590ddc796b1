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
	k, tr, it, m := s.k, s.k.tr, s.item, s.k.m()
	main, other := tr.Pick(it.NameZh, it.NameEn)
	dept, _ := tr.Pick(it.Department, it.DepartmentEn)
	facts := container.NewVBox(
		uikit.Body(tr.S("department")+"  "+dept),
		uikit.Body(s.timing()),
	)
	if it.Fee != "" {
		facts.Add(uikit.Body(tr.S("fee") + "  " + it.Fee))
	}
	n := len(it.Materials)
	grid := container.NewGridWithColumns(m.matCols)
	s.lines = nil
	for i, mat := range it.Materials {
		grid.Add(uikit.Panel(uikit.ColorSecondary, s.material(i+1, mat)))
	}
	list := container.NewVBox(uikit.Heading(tr.S("materials", n), tr.O("materials", n)), grid)
	head := container.NewVBox(facts, widget.NewSeparator())
	if k.elderly() {
		// Large type leaves little room below the title: the facts scroll with the
		// checklist, so that it gets the screen.
		list.Objects = append([]fyne.CanvasObject{facts, widget.NewSeparator()}, list.Objects...)
		head = container.NewVBox()
	}
	s.take = k.action("take_ticket", uikit.Primary, func() { k.show(&identity{k: k}) })
	s.back = k.action("back", uikit.Secondary, func() {
		if c := k.sess.category; c != nil {
			k.openCategory(c)
			return
		}
		k.goHome()
	})
	top := container.NewBorder(nil, nil, nil, langButton(k), uikit.Heading(main, other))
	bottom := container.NewBorder(nil, nil, s.back, nil, s.take)
	// The checklist says how long it is, and that there is more below, whenever it
	// may not fit: a thin scroll bar is no hint to a citizen.
	if n > 2*m.matCols {
		bottom = container.NewVBox(k.scrollHint("more_materials", n), bottom)
	}
	return container.NewPadded(container.NewBorder(container.NewVBox(top, head), bottom, nil, nil,
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
// required or optional, and the note in the current language when the catalog has it.
func (s *itemScreen) material(n int, m queue.Material) fyne.CanvasObject {
	tr := s.k.tr
	main, other := tr.Pick(m.NameZh, m.NameEn)
	need := tr.S("required")
	if !m.Required {
		need = tr.S("optional")
	}
	var copies string
	switch m.Copies {
	case 0:
		copies = tr.S("copies_none")
	case 1:
		copies = tr.S("copies_one")
	default:
		copies = tr.S("copies", m.Copies)
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
		text, _ := tr.Pick(m.Note, m.NoteEn)
		note := uikit.Caption(tr.S("note") + text)
		rows.Add(note)
		s.lines = append(s.lines, note)
	}
	return rows
}
