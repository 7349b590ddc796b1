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

// ApplicantDialog enters or completes the applicant at the window: the ID document's
// type (or an organisation by its unified social credit code), its number, the name and
// a phone number. The server checks the number (each type's check character where there
// is one) and seals it; the panel then shows it masked.
type ApplicantDialog struct {
	Type                *Choice
	Number, Name, Phone *KeyEntry
	OK                  *KeyButton
	status              *widget.Label
	types               map[string]string // label → card type
}

func (s *MainScreen) openApplicant() {
	if s.cur == nil {
		return
	}
	l, route := s.lang, s.app.routeKey
	d := &ApplicantDialog{Number: newKeyEntry(route), Name: newKeyEntry(route), Phone: newKeyEntry(route),
		status: widget.NewLabel(""), types: map[string]string{}}
	d.status.Importance = widget.DangerImportance
	d.status.Wrapping = fyne.TextWrapWord
	var labels []string
	for _, ct := range queue.CardTypes {
		zh, en, _ := queue.CardLabel(ct)
		label := zh
		if l == En {
			label = en
		}
		labels = append(labels, label)
		d.types[label] = ct
	}
	d.Type = newChoice(labels, false, nil, route)
	d.Type.SetSelected(labels[0])
	d.Number.SetPlaceHolder(texts.S(l, "app_number"))
	d.Name.SetPlaceHolder(texts.S(l, "app_name"))
	d.Phone.SetPlaceHolder(texts.S(l, "app_phone"))
	d.OK = newKeyButton(texts.S(l, "ok"), widget.HighImportance, func() { s.enterApplicant(d) }, route)
	s.Applicant = d
	title := widget.NewLabelWithStyle(texts.S(l, "app_title")+" · "+s.cur.Number, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(texts.S(l, "app_number_l")), d.Number,
		widget.NewLabel(texts.S(l, "app_name_l")), d.Name,
		widget.NewLabel(texts.S(l, "app_phone_l")), d.Phone)
	note := widget.NewLabel(texts.S(l, "app_note"))
	note.Wrapping = fyne.TextWrapWord
	fields := container.NewVBox(form, note, d.status)
	buttons := container.NewHBox(layout.NewSpacer(), newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route), d.OK)
	body := container.NewBorder(nil, nil, container.NewVScroll(d.Type), nil, container.NewPadded(fields))
	s.showPopup(container.NewBorder(title, buttons, nil, nil, body), fyne.NewSize(900, 520), tapIfEnabled(d.OK), d.Number)
}

// request reads the dialog as the applicant to send.
func (d *ApplicantDialog) request() wire.Applicant {
	return wire.Applicant{CardType: d.types[d.Type.Selected], IDNumber: strings.ToUpper(strings.TrimSpace(d.Number.Text)),
		Name: strings.TrimSpace(d.Name.Text), Phone: strings.TrimSpace(d.Phone.Text)}
}

// enterApplicant sends the applicant; a refusal (a number that fails its check) stays
// in the dialog, said in the clerk's language.
func (s *MainScreen) enterApplicant(d *ApplicantDialog) {
	a := d.request()
	if a.IDNumber == "" || a.Name == "" {
		d.status.SetText(texts.S(s.lang, "app_required"))
		return
	}
	s.whenOnline(func() {
		var t wire.StaffTicket
		s.app.task(func(ctx context.Context) error {
			var err error
			t, err = s.d.EnterApplicant(ctx, a)
			return err
		}, func(err error) {
			if err != nil {
				d.status.SetText(s.applicantRefusal(err))
				return
			}
			s.hidePopup()
			s.revealed = nil
			s.setTicket(&t)
			s.done("applicant", nil)
		})
	})
}

// applicantRefusal says why the server refused the applicant, in the clerk's language
// for the faults a clerk can put right.
func (s *MainScreen) applicantRefusal(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "applicant.id_number"):
		return texts.S(s.lang, "app_bad_number")
	case strings.Contains(msg, "applicant.phone"):
		return texts.S(s.lang, "app_bad_phone")
	}
	return texts.S(s.lang, "error", msg)
}
