package screens

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// TransferDialog hands the current ticket to another window or to a category, keeping
// its place in the queue.
type TransferDialog struct {
	s *MainScreen
	// Window is a window number; Category a category code (one of the two).
	Window   *KeyEntry
	Category *KeySelect
	OK       *KeyButton
	status   *widget.Label
}

func (d *TransferDialog) build() fyne.CanvasObject {
	s, l := d.s, d.s.lang
	route := s.app.routeKey
	d.Window = newKeyEntry(route)
	d.Window.SetPlaceHolder("5")
	var cats []string
	for _, c := range s.d.Catalog.Categories {
		cats = append(cats, c.Code+" "+c.NameZh)
	}
	d.Category = newKeySelect(cats, route)
	d.status = widget.NewLabel("")
	d.OK = newKeyButton(texts.S(l, "ok"), widget.HighImportance, d.submit, route)
	form := widget.NewForm(widget.NewFormItem(texts.S(l, "to_window"), d.Window), widget.NewFormItem(texts.S(l, "to_category"), d.Category))
	title := widget.NewLabelWithStyle(texts.S(l, "transfer")+" · "+s.cur.Number, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(title, container.NewHBox(d.status, layout.NewSpacer(), newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route), d.OK), nil, nil, form)
}

func (d *TransferDialog) submit() {
	s := d.s
	n, _ := strconv.Atoi(strings.TrimSpace(d.Window.Text))
	cat, _, _ := strings.Cut(d.Category.Selected, " ")
	if n == 0 && cat == "" {
		d.status.SetText(texts.S(s.lang, "error", texts.S(s.lang, "to_window")))
		return
	}
	if n > 0 {
		cat = ""
	}
	s.whenOnline(func() {
		s.app.task(func(ctx context.Context) error {
			_, err := s.d.Transfer(ctx, n, cat)
			return err
		}, func(err error) {
			if err != nil {
				d.status.SetText(texts.S(s.lang, "error", err.Error()))
				return
			}
			s.hidePopup()
			s.setTicket(nil)
			s.done("transfer", nil)
		})
	})
}
