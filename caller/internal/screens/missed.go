package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/wire"
)

// MissedDialog lists the tickets missed today (from the stream's no-show events) to
// reinstate one, or, for a supervisor calling out of order, takes a ticket's id.
type MissedDialog struct {
	s          *MainScreen
	outOfOrder bool
	// List holds the missed tickets; ID is a ticket id typed or picked.
	List   *Choice
	ID     *KeyEntry
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
	}, route)
	d.status = widget.NewLabel("")
	title, action := texts.S(l, "reinstate"), texts.S(l, "reinstate")
	if d.outOfOrder {
		title, action = texts.S(l, "call_ticket"), texts.S(l, "call")
	}
	d.OK = newKeyButton(action, widget.HighImportance, d.submit, route)
	var list fyne.CanvasObject = d.List
	if len(opts) == 0 {
		list = widget.NewLabel(texts.S(l, "none"))
	}
	body := container.NewVBox(widget.NewLabel(texts.S(l, "missed")), list, d.ID)
	return container.NewBorder(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(d.status, layout.NewSpacer(), newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route), d.OK), nil, nil,
		container.NewVScroll(body))
}

func (d *MissedDialog) submit() {
	s := d.s
	id := strings.TrimSpace(d.ID.Text)
	if id == "" {
		return
	}
	s.whenOnline(func() {
		var t wire.StaffTicket
		s.app.task(func(ctx context.Context) error {
			var err error
			if d.outOfOrder {
				t, err = s.d.CallTicket(ctx, id)
			} else {
				_, err = s.d.Reinstate(ctx, id)
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
