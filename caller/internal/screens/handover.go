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

// handoverBox lists, at the pickup window, the cases the called ticket came for, each
// with its 出件: to the applicant, to a proxy (their card and the written authorisation)
// or by post (the tracking number). A case handed over shows it and offers nothing more.
type handoverBox struct {
	s    *MainScreen
	box  *fyne.Container
	list *fyne.Container
	// Rows are the cases' rows by case number.
	Rows  map[string]*handoverRow
	shown string
}

// handoverRow is one case's line: its number, its state and the three ways out.
type handoverRow struct {
	Label                  *widget.Label
	Applicant, Proxy, Post *KeyButton
	done                   bool
}

func (b *handoverBox) build() fyne.CanvasObject {
	b.list = container.NewVBox()
	b.Rows = map[string]*handoverRow{}
	title := widget.NewLabelWithStyle(texts.S(b.s.lang, "ho_title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.box = container.NewVBox(title, b.list)
	b.box.Hide()
	return b.box
}

// update shows the cases of a pickup ticket (rebuilt only for a new ticket).
func (b *handoverBox) update(t *wire.StaffTicket) {
	if t == nil || len(t.Cases) == 0 {
		b.box.Hide()
		b.shown = ""
		return
	}
	if t.ID == b.shown {
		return
	}
	b.shown = t.ID
	b.list.RemoveAll()
	b.Rows = map[string]*handoverRow{}
	l, route := b.s.lang, b.s.app.routeKey
	for _, no := range t.Cases {
		no := no
		r := &handoverRow{Label: widget.NewLabel(no)}
		r.Applicant = newKeyButton(texts.S(l, "ho_applicant"), widget.HighImportance, func() { b.s.handOver(no, "pickup", wire.CaseActionRequest{}, nil) }, route)
		r.Proxy = newKeyButton(texts.S(l, "ho_proxy"), widget.MediumImportance, func() { b.s.openProxy(no) }, route)
		r.Post = newKeyButton(texts.S(l, "ho_post"), widget.MediumImportance, func() { b.s.openPost(no) }, route)
		b.Rows[no] = r
		b.list.Add(container.NewHBox(r.Label, layout.NewSpacer(), r.Applicant, r.Proxy, r.Post))
	}
	b.box.Show()
}

// markDone shows a case as handed over.
func (b *handoverBox) markDone(no string) {
	r, ok := b.Rows[no]
	if !ok {
		return
	}
	r.done = true
	r.Label.SetText(no + "  " + texts.S(b.s.lang, "ho_done"))
	for _, k := range []*KeyButton{r.Applicant, r.Proxy, r.Post} {
		k.Disable()
	}
}

// HandoverDialog asks what a proxy hand-over or a posting needs.
type HandoverDialog struct {
	Number, Name, Tracking *KeyEntry
	Authorised             *KeyCheck
	OK                     *KeyButton
	status                 *widget.Label
}

// openProxy asks for the proxy's ID card and the written authorisation.
func (s *MainScreen) openProxy(no string) {
	l, route := s.lang, s.app.routeKey
	d := &HandoverDialog{Number: newKeyEntry(route), Name: newKeyEntry(route), status: widget.NewLabel("")}
	d.Authorised = newKeyCheck(texts.S(l, "ho_authorised"), nil, route)
	d.status.Importance = widget.DangerImportance
	d.OK = newKeyButton(texts.S(l, "ok"), widget.HighImportance, func() {
		if !d.Authorised.Checked {
			d.status.SetText(texts.S(l, "ho_need_auth"))
			return
		}
		p := &wire.Applicant{CardType: queue.CardResident, IDNumber: strings.ToUpper(strings.TrimSpace(d.Number.Text)), Name: strings.TrimSpace(d.Name.Text)}
		s.handOver(no, "proxy_pickup", wire.CaseActionRequest{Proxy: p, Authorised: true}, d)
	}, route)
	s.Handover = d
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(texts.S(l, "app_number_l")), d.Number,
		widget.NewLabel(texts.S(l, "app_name_l")), d.Name)
	title := widget.NewLabelWithStyle(texts.S(l, "ho_proxy_title")+" · "+no, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	buttons := container.NewHBox(layout.NewSpacer(), newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route), d.OK)
	s.showPopup(container.NewBorder(title, buttons, nil, nil, container.NewVBox(form, d.Authorised, d.status)), fyne.NewSize(700, 320), tapIfEnabled(d.OK), d.Number)
}

// openPost asks for the postal tracking number.
func (s *MainScreen) openPost(no string) {
	l, route := s.lang, s.app.routeKey
	d := &HandoverDialog{Tracking: newKeyEntry(route), status: widget.NewLabel("")}
	d.status.Importance = widget.DangerImportance
	d.Tracking.SetPlaceHolder(texts.S(l, "ho_tracking"))
	d.OK = newKeyButton(texts.S(l, "ok"), widget.HighImportance, func() {
		s.handOver(no, "post", wire.CaseActionRequest{Tracking: strings.TrimSpace(d.Tracking.Text)}, d)
	}, route)
	s.Handover = d
	title := widget.NewLabelWithStyle(texts.S(l, "ho_post_title")+" · "+no, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	buttons := container.NewHBox(layout.NewSpacer(), newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route), d.OK)
	s.showPopup(container.NewBorder(title, buttons, nil, nil, container.NewVBox(d.Tracking, d.status)), fyne.NewSize(600, 220), tapIfEnabled(d.OK), d.Tracking)
}

// handOver hands case no over (to the applicant at the window when d is nil; else as
// the dialog d asked, which keeps a refusal and closes on success).
func (s *MainScreen) handOver(no, action string, req wire.CaseActionRequest, d *HandoverDialog) {
	s.whenOnline(func() {
		s.app.task(func(ctx context.Context) error {
			_, err := s.d.HandOver(ctx, no, action, req)
			return err
		}, func(err error) {
			if err != nil && d != nil {
				d.status.SetText(texts.S(s.lang, "error", err.Error()))
				return
			}
			if err == nil {
				if d != nil {
					s.hidePopup()
				}
				s.ticket.handover.markDone(no)
			}
			s.done("handover", err)
		})
	})
}
