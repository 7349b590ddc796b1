package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
)

// CloseDialog closes the window for the day (or for a fault), with a reason; 开窗
// (resume) opens it again.
type CloseDialog struct {
	s      *MainScreen
	Reason *ReasonPicker
	OK     *KeyButton
	status *widget.Label
}

func (d *CloseDialog) build() fyne.CanvasObject {
	s, l := d.s, d.s.lang
	route := s.app.routeKey
	d.Reason = s.newReasonPicker(queue.DeskClose)
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.status.Importance = widget.DangerImportance
	d.OK = newKeyButton(texts.S(l, "close_window"), widget.DangerImportance, d.submit, route)
	buttons := container.NewHBox(layout.NewSpacer(), newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route), d.OK)
	title := widget.NewLabelWithStyle(texts.S(l, "close_window")+" · "+texts.S(l, "window_n", s.d.Window), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(title, container.NewVBox(d.status, buttons), nil, nil, d.Reason.build(l))
}

func (d *CloseDialog) submit() {
	s := d.s
	why := d.Reason.Why()
	s.whenOnline(func() {
		s.app.task(func(ctx context.Context) error { return s.d.Close(ctx, why) }, func(err error) {
			if err != nil {
				d.status.SetText(texts.S(s.lang, "error", err.Error()))
				return
			}
			s.winState = string(queue.WinClosed)
			s.hidePopup()
			s.done("close", nil)
		})
	})
}
