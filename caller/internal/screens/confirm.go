package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
)

// ConfirmDialog asks before an action that cannot be taken back from the desk: marking
// the called citizen a no-show (F4 sits next to F3), with its reason. Enter or OK
// confirms, Escape or Cancel does nothing.
type ConfirmDialog struct {
	// OK runs the action; Cancel closes the dialog.
	OK, Cancel *KeyButton
	// Reason is the no-show's reason.
	Reason   *ReasonPicker
	question *widget.Label
}

// confirm asks question before running action; ok is the confirming button's label,
// extra what goes under the question (nil for nothing).
func (s *MainScreen) confirm(d *ConfirmDialog, title, question, ok string, extra fyne.CanvasObject, action func()) {
	l, route := s.lang, s.app.routeKey
	d.question = widget.NewLabel(question)
	d.question.Wrapping = fyne.TextWrapWord
	d.OK = newKeyButton(ok, widget.DangerImportance, func() {
		s.hidePopup()
		action()
	}, route)
	d.Cancel = newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route)
	s.Confirm = d
	body := fyne.CanvasObject(d.question)
	size := fyne.NewSize(480, 200)
	if extra != nil {
		body = container.NewVBox(d.question, extra)
		size = fyne.NewSize(600, 330)
	}
	s.showPopup(container.NewBorder(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(widget.NewLabel(texts.S(l, "confirm_keys")), layout.NewSpacer(), d.Cancel, d.OK), nil, nil, body),
		size, tapIfEnabled(d.OK), nil)
}

// confirmNoShow asks before marking the called ticket a no-show, and why.
func (s *MainScreen) confirmNoShow() {
	if s.cur == nil {
		return
	}
	l := s.lang
	d := &ConfirmDialog{Reason: s.newReasonPicker(queue.DeskNoShow)}
	s.confirm(d, texts.S(l, "no_show")+" · "+s.cur.Number, texts.S(l, "confirm_no_show", s.cur.Number), texts.S(l, "no_show_ok"),
		d.Reason.build(l), func() { s.noShow(d.Reason.Why()) })
}
