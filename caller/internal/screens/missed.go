package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// MissedDialog lists the tickets missed today (from the stream's no-show events) to
// reinstate one, or, for a supervisor calling out of order, takes a ticket's id; either
// with a reason.
type MissedDialog struct {
	s          *MainScreen
	outOfOrder bool
	// List holds the missed tickets; ID is a ticket id typed or picked.
	List   *Choice
	ID     *KeyEntry
	Reason *ReasonPicker
	OK     *KeyButton
	status *widget.Label
	ids    map[string]string
}

func (d *MissedDialog) build() fyne.CanvasObject {
	s, l := d.s, d.s.lang
	d.ids = map[string]string{}
	var opts []string
	if s.live != nil {
		for _, m := range s.live.Missed() {
			opts = append(opts, m.Number)
			d.ids[m.Number] = m.ID
		}
	}
	route := s.app.routeKey
	d.ID = newKeyEntry(route)
	d.ID.SetPlaceHolder(texts.S(l, "ticket_id"))
	d.List = newChoice(opts, false, func(n string) {
		if id, ok := d.ids[n]; ok {
			d.ID.SetText(id)
		}
	}, route).inColumns(4)
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.status.Importance = widget.DangerImportance
	title, action, why := texts.S(l, "reinstate"), texts.S(l, "reinstate"), queue.DeskReinstate
	if d.outOfOrder {
		title, action, why = texts.S(l, "call_ticket"), texts.S(l, "call"), queue.DeskCall
	}
	d.Reason = s.newReasonPicker(why)
	d.OK = newKeyButton(action, widget.HighImportance, d.submit, route)
	var list fyne.CanvasObject = d.List
	if len(opts) == 0 {
		list = widget.NewLabel(texts.S(l, "none"))
	}
	body := container.NewVBox(widget.NewLabel(texts.S(l, "missed")), list, d.ID, d.Reason.build(l))
	buttons := container.NewHBox(layout.NewSpacer(), newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route), d.OK)
	return container.NewBorder(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewVBox(d.status, buttons), nil, nil, container.NewVScroll(container.NewPadded(body)))
}

func (d *MissedDialog) submit() {
	s := d.s
	id := strings.TrimSpace(d.ID.Text)
	if id == "" {
		d.status.SetText(texts.S(s.lang, "ticket_id"))
		return
	}
	why := d.Reason.Why()
	s.whenOnline(func() {
		var t wire.StaffTicket
		s.app.task(func(ctx context.Context) error {
			var err error
			if d.outOfOrder {
				t, err = s.d.CallTicket(ctx, id, why)
			} else {
				_, err = s.d.Reinstate(ctx, id, why)
			}
			return err
		}, func(err error) {
			if err != nil {
				d.status.SetText(texts.S(s.lang, "error", err.Error()))
				return
			}
			s.hidePopup()
			if d.outOfOrder {
				s.setTicket(&t)
			}
			s.done("missed", nil)
		})
	})
}
