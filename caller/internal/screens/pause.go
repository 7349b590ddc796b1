package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// PauseDialog pauses the window with a reason the window's display shows.
type PauseDialog struct {
	s      *MainScreen
	Reason *KeyEntry
	OK     *KeyButton
	status *widget.Label
}

func (d *PauseDialog) build() fyne.CanvasObject {
	s, l := d.s, d.s.lang
	route := s.app.routeKey
	d.Reason = newKeyEntry(route)
	d.Reason.SetText(texts.S(l, "pause_default"))
	d.status = widget.NewLabel("")
	d.OK = newKeyButton(texts.S(l, "pause"), widget.HighImportance, d.submit, route)
	return container.NewBorder(widget.NewLabelWithStyle(texts.S(l, "pause_reason"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(d.status, layout.NewSpacer(), newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route), d.OK), nil, nil, d.Reason)
}

func (d *PauseDialog) submit() {
	s := d.s
	reason := strings.TrimSpace(d.Reason.Text)
	s.whenOnline(func() {
		s.app.task(func(ctx context.Context) error { return s.d.Pause(ctx, reason) }, func(err error) {
			if err != nil {
				d.status.SetText(texts.S(s.lang, "error", err.Error()))
				return
			}
			s.winState = "paused"
			s.hidePopup()
			s.done("pause", nil)
			s.status.SetText(texts.S(s.lang, "paused", reason))
		})
	})
}
