package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
	"onedoor/internal/uikit"
)

// items lists the items of a category (or of the whole catalog when category is nil,
// for appointment check-in) as large buttons, with a search box and an on-screen
// keyboard for pinyin initials.
type items struct {
	k        *Kiosk
	category *queue.Category

	search  *widget.Entry
	list    *fyne.Container
	buttons map[string]*uikit.BigButton // by item code, as listed now
	keys    map[rune]*uikit.BigButton
	none    *widget.Label
	body    *fyne.Container // the list and "no match", laid out again when they change
}

func (s *items) name() string { return "items" }

func (s *items) build() fyne.CanvasObject {
	k, tr, m := s.k, s.k.tr, s.k.m()
	s.list = container.NewGridWithColumns(m.itemCols)
	s.none = uikit.Body(tr.S("no_match"))
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(tr.S("search_hint"))
	s.search.OnChanged = func(string) { k.touch(); s.fill() }
	s.fill()

	main, other := tr.Pick(s.category.NameZh, s.category.NameEn)
	head := uikit.Heading(s.category.PrefixLetter+"  "+main, other)
	back := k.action("back", uikit.Secondary, k.goHome)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(langButton(k)), head)
	s.body = container.NewVBox(s.list, s.none)
	var side fyne.CanvasObject
	if m.keyboard {
		side = container.NewVBox(uikit.Heading(tr.S("search"), tr.O("search")), s.search, s.keyboard())
	}
	var hint fyne.CanvasObject = layout.NewSpacer()
	if n := len(k.itemsOf(s.category.Code)); n > m.itemCols*4 || (k.elderly() && n > 3) {
		hint = k.scrollHint("more_items", n)
	}
	body := container.NewBorder(nil, nil, nil, side, container.NewVScroll(s.body))
	return container.NewPadded(container.NewBorder(container.NewVBox(top, widget.NewSeparator()),
		container.NewBorder(nil, nil, back, nil, hint), nil, nil, body))
}

// fill lists the category's items, or the search's matches across the catalog.
func (s *items) fill() {
	k := s.k
	var list []*queue.Item
	if q := s.search.Text; q != "" {
		list = k.search.find(q)
	} else {
		list = k.itemsOf(s.category.Code)
	}
	s.buttons = map[string]*uikit.BigButton{}
	s.list.RemoveAll()
	for _, it := range list {
		main, other := k.tr.Pick(it.NameZh, it.NameEn)
		b := uikit.NewListButton("", main, other, k.tap(func() { k.openItem(it) }))
		b.MinHeight = k.m().itemTile
		s.buttons[it.Code] = b
		s.list.Add(b)
	}
	s.none.Hidden = len(list) > 0
	s.none.Refresh()
	s.list.Refresh()
	if s.body != nil {
		s.body.Refresh()
	}
}

// keyboard is an on-screen keyboard for pinyin initials, for kiosks with no keyboard.
func (s *items) keyboard() fyne.CanvasObject {
	s.keys = map[rune]*uikit.BigButton{}
	rows := container.NewVBox()
	for _, row := range []string{"QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"} {
		line := container.NewGridWithColumns(10)
		for _, r := range row {
			b := uikit.NewBigButton(string(r), "", s.k.tap(func() { s.search.SetText(s.search.Text + string(r+'a'-'A')) }))
			b.Style = uikit.Secondary
			b.Centered = true
			s.keys[r] = b
			line.Add(b)
		}
		rows.Add(line)
	}
	del := uikit.NewBigButton(s.k.tr.S("delete"), s.k.tr.O("delete"), s.k.tap(func() {
		if t := []rune(s.search.Text); len(t) > 0 {
			s.search.SetText(string(t[:len(t)-1]))
		}
	}))
	del.Style = uikit.Secondary
	clr := uikit.NewBigButton(s.k.tr.S("clear"), s.k.tr.O("clear"), s.k.tap(func() { s.search.SetText("") }))
	clr.Style = uikit.Secondary
	rows.Add(container.NewGridWithColumns(2, del, clr))
	return rows
}

// openItem shows one item with its checklist.
func (k *Kiosk) openItem(it *queue.Item) {
	k.sess.item = it
	if c, ok := k.cat.Category(it.Category); ok {
		k.sess.category = c
	}
	k.show(&itemScreen{k: k, item: it})
}
