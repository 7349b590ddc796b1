package screens

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/client"
	"onedoor/internal/queue"
)

// TransferDialog hands the current ticket to another window or to a category, keeping
// its place in the queue, with a reason. A window that is closed or paused refuses it,
// and the dialog says so and stays open.
type TransferDialog struct {
	s *MainScreen
	// Window is a window number; Category a category code (one of the two).
	Window   *KeyEntry
	Category *KeySelect
	Reason   *ReasonPicker
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
		name := c.NameZh
		if l == En {
			name = c.NameEn
		}
		cats = append(cats, c.Code+" "+name)
	}
	d.Category = newKeySelect(cats, route)
	d.Category.PlaceHolder = texts.S(l, "select_one")
	d.Reason = s.newReasonPicker(queue.DeskTransfer)
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.status.Importance = widget.DangerImportance
	d.OK = newKeyButton(texts.S(l, "ok"), widget.HighImportance, d.submit, route)
	form := widget.NewForm(widget.NewFormItem(texts.S(l, "to_window"), d.Window), widget.NewFormItem(texts.S(l, "to_category"), d.Category))
	title := widget.NewLabelWithStyle(texts.S(l, "transfer")+" · "+s.cur.Number, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	buttons := container.NewHBox(layout.NewSpacer(), newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route), d.OK)
	return container.NewBorder(title, container.NewVBox(d.status, buttons), nil, nil,
		container.NewVScroll(container.NewPadded(container.NewVBox(form, d.Reason.build(l)))))
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
	why := d.Reason.Why()
	s.whenOnline(func() {
		refused := ""
		s.app.task(func(ctx context.Context) error {
			_, err := s.d.Transfer(ctx, n, cat, why)
			if n > 0 && client.StatusOf(err) == http.StatusConflict {
				refused = s.windowRefusal(ctx, n)
			}
			return err
		}, func(err error) {
			switch {
			case refused != "":
				d.status.SetText(refused)
			case err != nil:
				d.status.SetText(texts.S(s.lang, "error", err.Error()))
			default:
				s.hidePopup()
				s.setTicket(nil)
				s.done("transfer", nil)
			}
		})
	})
}

// windowRefusal says in the clerk's language why window n refused a transfer: its state
// now, read from the hall; "" when it is open after all (the refusal was for another
// reason, shown as the server gave it).
func (s *MainScreen) windowRefusal(ctx context.Context, n int) string {
	q, err := s.d.Queue(ctx)
	if err != nil {
		return ""
	}
	for _, w := range q.Windows {
		if w.Number != n {
			continue
		}
		switch w.State {
		case string(queue.WinClosed):
			return texts.S(s.lang, "transfer_refused", n, texts.S(s.lang, "win_closed"))
		case string(queue.WinPaused):
			return texts.S(s.lang, "transfer_refused", n, texts.S(s.lang, "win_paused"))
		}
	}
	return ""
}
