package screens

import (
	"net/http"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/uikit"
)

// checkin is appointment check-in: the booking code typed on the keypad or scanned
// from its QR code by the serial scanner, or the ID card the appointment was booked
// with. The server checks the booking (known, not used, its day, from an hour before
// its slot to half an hour after) and issues the ticket with the booking's item and slot
// and the appointment priority; a code nobody booked gets a clear message, no ticket.
type checkin struct {
	k     *Kiosk
	code  *canvas.Text
	typed string
	keys  map[string]*uikit.BigButton
	ok    *uikit.BigButton
	state *widget.Label
	busy  bool
	// a phone ticket's check-in (checkin_phone.go): the step, and the number's digits
	// typed at the first
	phone  phoneStep
	number string
	toggle *uikit.BigButton // between the booking and the phone ticket
}

func (s *checkin) name() string { return "checkin" }

func (s *checkin) build() fyne.CanvasObject {
	k, tr, m := s.k, s.k.tr, s.k.m()
	s.code = uikit.Big(s.display(), uikit.SizeTitle*1.5, uikit.ColorText)
	s.keys = map[string]*uikit.BigButton{}
	// A telephone's keypad; in the elderly mode three rows of four larger keys.
	pad := container.NewGridWithColumns(3)
	if k.elderly() {
		pad = container.NewGridWithColumns(4)
	}
	for _, key := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "←", "0", "C"} {
		title, sub := key, ""
		switch key {
		case "←":
			sub = tr.S("key_delete")
		case "C":
			sub = tr.S("key_clear")
		}
		b := uikit.NewBigButton(title, sub, k.tap(func() { s.press(key) }))
		b.Style = uikit.Secondary
		b.Centered = true
		b.MinHeight, b.MinWidth = m.key, m.key
		s.keys[key] = b
		pad.Add(b)
	}
	s.ok = k.action("confirm", uikit.Primary, func() { s.submit(s.typed) })
	s.state = uikit.Body(tr.S("checkin_card") + "\n" + tr.O("checkin_card"))
	if k.d.Reader == nil || k.readerErr != nil {
		s.state.SetText(tr.S("reader_fault") + "\n" + tr.O("reader_fault"))
	}
	back := k.action("back", uikit.Secondary, k.goHome)
	prompt, aside, title := s.texts()
	s.toggle = k.action(s.toggleKey(), uikit.Secondary, s.switchMode)
	left := container.NewVBox(uikit.Heading(tr.S(prompt), tr.O(prompt)),
		codeBox(s.code), pad)
	right := container.NewVBox(uikit.Heading(tr.S(aside), tr.O(aside)), s.state, s.ok,
		container.NewBorder(nil, nil, back, s.toggle))
	switch s.phone {
	case phoneNumber:
		s.say("checkin_phone_hint")
	case phoneLast4: // the digits typed at the first step, to check
		s.state.SetText(tr.S("checkin_phone_typed", s.number) + "\n" + tr.O("checkin_phone_typed", s.number))
	}
	top := container.NewBorder(nil, nil, nil, langButton(k), uikit.Heading(tr.S(title), tr.O(title)))
	return container.NewPadded(container.NewBorder(container.NewVBox(top, widget.NewSeparator()),
		nil, nil, nil, container.NewGridWithColumns(2, left, right)))
}

// codeBox is the typed code on a pale band, with no padding around it: the elderly
// mode's keypad takes the height.
func codeBox(code fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(uikit.ColorSecondary)
	bg.CornerRadius = 10
	return container.NewStack(bg, code)
}

func (s *checkin) display() string {
	if s.typed == "" {
		return "—"
	}
	return s.typed
}

// press handles the keypad.
func (s *checkin) press(key string) {
	switch key {
	case "←":
		if s.typed != "" {
			s.typed = s.typed[:len(s.typed)-1]
		}
	case "C":
		s.typed = ""
	default:
		if len(s.typed) < s.maxLen() {
			s.typed += key
		}
	}
	s.code.Text = s.display()
	s.code.Refresh()
}

// submit checks in with a typed or scanned code.
func (s *checkin) submit(code string) {
	code = strings.TrimSpace(code)
	if code == "" {
		return
	}
	if s.phone != phoneOff {
		s.submitPhone(code)
		return
	}
	s.checkIn(code, nil)
}

// onCard checks in with the card the appointment was booked with.
func (s *checkin) onCard(c *cardData) {
	if s.busy {
		c.wipe()
		return
	}
	s.k.sess.card = c
	s.checkIn("", c)
}

func (s *checkin) onCardError(error) {
	s.say("card_unreadable")
}

// checkIn asks the server for the booking's ticket; a refusal is said on this screen.
func (s *checkin) checkIn(code string, c *cardData) {
	if s.busy {
		return
	}
	s.busy = true
	s.say("checkin_checking")
	k := s.k
	k.log.Info("appointment check-in", "by_card", c != nil)
	k.issue(nil, queue.PriorityAppointment, code, c, func(err error) {
		s.busy = false
		switch client.StatusOf(err) {
		case http.StatusNotFound:
			s.say("checkin_not_found")
		case http.StatusConflict:
			s.say("checkin_used")
		case http.StatusUnprocessableEntity:
			s.say("checkin_not_now")
		default:
			s.say("issue_failed")
		}
	})
}

// say shows a message in both languages under the card prompt.
func (s *checkin) say(key string) {
	s.state.SetText(s.k.tr.S(key) + "\n" + s.k.tr.O(key))
}

// Scanned takes a code read by the serial scanner (from the booking's QR code). On the
// check-in screen it checks in at once; elsewhere it opens check-in with it. It may be
// called from any goroutine.
func (k *Kiosk) Scanned(code string) {
	k.d.Do(func() {
		if !k.up {
			return
		}
		k.touch()
		c, ok := k.current.(*checkin)
		if !ok {
			k.sess.wipe()
			c = &checkin{k: k}
			k.show(c)
		}
		if c.phone != phoneOff { // a scanned code is a booking's
			c.phone, c.typed, c.number = phoneOff, "", ""
			k.refresh()
		}
		c.submit(code)
	})
}
