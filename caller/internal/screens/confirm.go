package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// ConfirmDialog asks before an action that cannot be taken back from the desk: marking
// the called citizen a no-show (F4 sits next to F3). Enter or OK confirms, Escape or
// Cancel does nothing.
type ConfirmDialog struct {
	// OK runs the action; Cancel closes the dialog.
	OK, Cancel *KeyButton
	question   *widget.Label
}

// confirm asks question before running action; ok is the confirming button's label.
func (s *MainScreen) confirm(title, question, ok string, action func()) {
	l, route := s.lang, s.app.routeKey
	d := &ConfirmDialog{}
	d.question = widget.NewLabel(question)
	d.question.Wrapping = fyne.TextWrapWord
	d.OK = newKeyButton(ok, widget.DangerImportance, func() {
		s.hidePopup()
		action()
	}, route)
	d.Cancel = newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route)
	s.Confirm = d
	body := container.NewBorder(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(widget.NewLabel(texts.S(l, "confirm_keys")), layout.NewSpacer(), d.Cancel, d.OK), nil, nil, d.question)
	s.showPopup(body, fyne.NewSize(480, 200), tapIfEnabled(d.OK), nil)
}

// confirmNoShow asks before marking the called ticket a no-show.
func (s *MainScreen) confirmNoShow() {
	if s.cur == nil {
		return
	}
	l := s.lang
	s.confirm(texts.S(l, "no_show")+" · "+s.cur.Number, texts.S(l, "confirm_no_show", s.cur.Number), texts.S(l, "no_show_ok"), func() { s.act("no-show") })
}
