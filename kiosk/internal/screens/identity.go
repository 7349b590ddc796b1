package screens

import (
	"errors"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
	"onedoor/internal/uikit"
	"onedoor/kiosk/internal/idcard"
)

// identity asks for the ID card: "place your ID card on the reader" with the reader's
// live state, the priority groups a citizen may claim, and a way on without a card for
// items that do not need one — or for any item when the reader is out of order, so a
// reader fault never leaves a dead screen. A card read issues the ticket at once.
type identity struct {
	k *Kiosk
	// title and other ask for the card, or say the reader is out of order.
	title, other *widget.Label
	state        *uikit.Banner
	groups       map[string]*uikit.BigButton
	skip         *uikit.BigButton
	back         *uikit.BigButton
	msg          string // a card error or an issue error to show, by string key
	noteZh       string // said under msg instead of its usual detail (a pickup's pending cases)
	noteEn       string
	busy         bool // a ticket is being issued
}

func (s *identity) name() string { return "identity" }

func (s *identity) build() fyne.CanvasObject {
	k, tr, m := s.k, s.k.tr, s.k.m()
	if k.sess.key == "" {
		k.sess.key = newKey(k.cfg.KioskID)
	}
	s.state = uikit.NewBanner(uikit.ColorPrimary)
	status := s.state
	s.groups = map[string]*uikit.BigButton{}
	grid := container.NewGridWithColumns(m.groupCols)
	for i := range k.cat.PriorityGroups {
		g := &k.cat.PriorityGroups[i]
		if g.Code == "elderly" || g.Code == queue.PriorityAppointment {
			continue // elderly comes from the card, appointments from check-in
		}
		main, other := tr.Pick(g.NameZh, g.NameEn)
		b := uikit.NewListButton("", main, other, k.tap(func() { s.toggle(g.Code) }))
		b.MinHeight = m.groupTile
		s.groups[g.Code] = b
		grid.Add(b)
	}
	s.skip = k.action("skip_id", uikit.Primary, func() { s.issue(nil) })
	s.back = k.action("back", uikit.Secondary, func() { k.openItem(k.sess.item) })
	s.title = widget.NewLabel("")
	s.title.SizeName = theme.SizeNameHeadingText
	s.title.TextStyle.Bold = true
	s.title.Wrapping = fyne.TextWrapWord
	s.other = uikit.Caption(" ") // shown: Caption hides an empty line
	s.onReaderHealth()
	s.showGroups()
	main, other := tr.Pick(k.sess.item.NameZh, k.sess.item.NameEn)
	head := container.NewVBox(
		container.NewBorder(nil, nil, nil, langButton(k), container.NewVBox(s.title, s.other)),
		uikit.Body(main+"  "+other))
	groups := container.NewVBox(uikit.Heading(tr.S("priority_groups"), tr.O("priority_groups")), grid)
	var bottom fyne.CanvasObject = container.NewBorder(nil, nil, s.back, nil, s.skip)
	if k.elderly() {
		// Large type leaves the groups below the fold: say that they are there.
		bottom = container.NewVBox(k.scrollHint("more_groups", len(s.groups)), bottom)
	}
	return container.NewPadded(container.NewBorder(head, bottom, nil, nil,
		container.NewVScroll(container.NewVBox(status, widget.NewSeparator(), groups))))
}

// onReaderHealth shows the reader's state and offers the way on without a card when
// the item allows it or the reader is out of order.
func (s *identity) onReaderHealth() {
	k, tr := s.k, s.k.tr
	fault := k.d.Reader == nil || k.readerErr != nil
	// Above a faulty reader's red banner, the title must not still ask for the card.
	ask := "place_card"
	if fault {
		ask = "no_card_needed"
	}
	s.title.SetText(tr.S(ask))
	s.other.SetText(tr.O(ask))
	switch {
	case s.busy && k.ops.awaitServer:
		s.setState(uikit.ColorDanger, "server_wait", "server_wait_detail")
	case s.busy:
		s.setState(uikit.ColorPrimary, "issuing", "")
	case fault:
		s.setState(uikit.ColorDanger, "reader_fault", "reader_fallback")
	case s.msg != "" && s.noteZh != "":
		first, second := s.noteZh, s.noteEn
		if tr.Lang() == uikit.En {
			first, second = second, first
		}
		s.state.Set(uikit.ColorWarning, tr.S(s.msg), tr.O(s.msg)+"\n"+first+"\n"+second)
	case s.msg == "pickup_none": // nothing to collect is news, not a fault
		s.setState(uikit.ColorWarning, s.msg, msgDetail(s.msg))
	case s.msg != "":
		s.setState(uikit.ColorDanger, s.msg, msgDetail(s.msg))
	case k.sess.item.NeedsID:
		s.setState(uikit.ColorPrimary, "reader_ready", "needs_id")
	default:
		s.setState(uikit.ColorPrimary, "reader_ready", "id_optional")
	}
	s.skip.Hidden = k.sess.item.NeedsID && !fault
	s.skip.Title, s.skip.Subtitle = tr.S("skip_id"), tr.O("skip_id")
	if fault && k.sess.item.NeedsID {
		s.skip.Title, s.skip.Subtitle = tr.S("skip_fault"), tr.O("skip_fault")
	}
	if s.busy {
		s.skip.Disable()
	} else {
		s.skip.Enable()
	}
	s.skip.Refresh()
}

func (s *identity) setState(bg color.Color, key, detail string) {
	tr := s.k.tr
	other := tr.O(key)
	if detail != "" {
		other += "\n" + tr.S(detail) + "\n" + tr.O(detail)
	}
	s.state.Set(bg, tr.S(key), other)
}

// toggle chooses a priority group, or drops it when tapped again.
func (s *identity) toggle(code string) {
	if s.k.sess.group == code {
		s.k.sess.group = ""
	} else {
		s.k.sess.group = code
	}
	s.showGroups()
}

// showGroups marks the chosen group with a tick and a thick border: a choice made,
// not a button that acts.
func (s *identity) showGroups() {
	for code, b := range s.groups {
		b.Selected = code == s.k.sess.group
		b.Refresh()
	}
}

// onCard issues the ticket for the card's holder.
func (s *identity) onCard(c *cardData) {
	if s.busy {
		c.wipe()
		return
	}
	s.k.sess.card = c
	// An elderly citizen's card switches the elderly mode on: the ticket screen that
	// follows, and the rest of the visit, are in large type.
	if c.age >= s.k.cfg.ElderlyAge {
		s.k.setElderly(true)
	}
	s.issue(c)
}

// onCardError shows why a card could not be read; the reader keeps polling.
func (s *identity) onCardError(err error) {
	s.msg = "card_unreadable"
	if errors.Is(err, idcard.ErrInvalidCard) {
		s.msg = "card_invalid"
	}
	s.onReaderHealth()
}

// issue asks the server for the ticket, with the card's holder when there is one.
func (s *identity) issue(c *cardData) {
	if s.busy {
		return
	}
	s.busy, s.msg = true, ""
	s.onReaderHealth()
	k := s.k
	k.issue(k.sess.item, k.sess.group, "", c, func(err error) {
		s.busy = false
		s.msg, s.noteZh, s.noteEn = issueFailKey(err), "", ""
		var none *noResultError
		if errors.As(err, &none) {
			s.msg, s.noteZh, s.noteEn = pickupNote(none)
		}
		s.onReaderHealth()
	})
}
