package screens

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/caller/internal/desk"
	"onedoor/internal/wire"
)

// FinishDialog asks for the visit's outcome: accepted, supplement (prefilled with the
// unticked required materials), rejected (with a reason), completed or consulted.
type FinishDialog struct {
	s *MainScreen
	// Outcome is the choice; Missing lists what a notice to supplement will name;
	// Reason and Basis are the rejection's reason and the legal basis it rests on.
	Outcome *Choice
	Missing *widget.Label
	Reason  *KeyEntry
	Basis   *KeyEntry
	// Received lists the materials ticked, which the receipt names.
	Received                 *widget.Label
	OK                       *KeyButton
	Cancel                   *KeyButton
	status                   *widget.Label
	codes                    []string
	missBox, reasonBox, body *fyne.Container
}

var outcomes = []string{"accepted", "supplement", "rejected", "completed", "consulted"}

func (f *FinishDialog) build() fyne.CanvasObject {
	s, l := f.s, f.s.lang
	labels := make([]string, len(outcomes))
	for i, o := range outcomes {
		labels[i] = texts.S(l, o)
	}
	f.Missing = widget.NewLabel("")
	f.Missing.Wrapping = fyne.TextWrapWord
	route := s.app.routeKey
	f.Reason = newKeyTextArea(route)
	f.Reason.SetPlaceHolder(texts.S(l, "reason_needed"))
	f.Reason.SetMinRowsVisible(2)
	f.Basis = newKeyEntry(route)
	f.Basis.SetPlaceHolder(texts.S(l, "basis_needed"))
	f.status = widget.NewLabel("")
	f.Outcome = newChoice(labels, true, func(string) { f.update() }, route)
	f.OK = newKeyButton(texts.S(l, "ok"), widget.HighImportance, f.submit, route)
	f.Cancel = newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route)
	f.Received = widget.NewLabel("")
	f.Received.Wrapping = fyne.TextWrapWord
	if it, ok := s.d.Item(s.cur.Item); ok {
		f.codes = desk.Missing(it, s.ticked)
		var miss, got []string
		for _, m := range it.Materials {
			name := m.NameZh
			if l == En {
				name = m.NameEn
			}
			if s.ticked[m.Code] {
				got = append(got, "✓ "+name)
			}
			if slices.Contains(f.codes, m.Code) {
				miss = append(miss, "• "+name)
			}
		}
		f.Missing.SetText(strings.Join(miss, "\n"))
		f.Received.SetText(strings.Join(got, "\n"))
		if len(got) == 0 {
			f.Received.SetText(texts.S(l, "none"))
		}
	}
	bold := fyne.TextStyle{Bold: true}
	item := s.cur.ItemName
	if l == En {
		item = s.cur.ItemNameEn
	}
	title := widget.NewLabelWithStyle(texts.S(l, "outcome")+" · "+s.cur.Number+" · "+item, fyne.TextAlignLeading, bold)
	f.missBox = container.NewVBox(widget.NewLabelWithStyle(texts.S(l, "missing"), fyne.TextAlignLeading, bold), f.Missing)
	f.reasonBox = container.NewVBox(widget.NewLabelWithStyle(texts.S(l, "reason"), fyne.TextAlignLeading, bold), f.Reason,
		widget.NewLabelWithStyle(texts.S(l, "basis"), fyne.TextAlignLeading, bold), f.Basis)
	f.body = container.NewVBox(title, f.Outcome, widget.NewSeparator(),
		widget.NewLabelWithStyle(texts.S(l, "received"), fyne.TextAlignLeading, bold), f.Received,
		f.missBox, f.reasonBox, f.status)
	if len(f.codes) > 0 {
		f.Outcome.SetSelected(texts.S(l, "supplement"))
	} else {
		f.Outcome.SetSelected(texts.S(l, "accepted"))
	}
	f.update()
	return container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), f.Cancel, f.OK), nil, nil, container.NewVScroll(f.body))
}

// Chosen returns the outcome's code.
func (f *FinishDialog) Chosen() string {
	for _, o := range outcomes {
		if texts.S(f.s.lang, o) == f.Outcome.Selected {
			return o
		}
	}
	return ""
}

func (f *FinishDialog) update() {
	if f.body == nil {
		return
	}
	o := f.Chosen()
	if o == "rejected" {
		f.reasonBox.Show()
	} else {
		f.reasonBox.Hide()
	}
	if o == "supplement" {
		f.missBox.Show()
	} else {
		f.missBox.Hide()
	}
	f.body.Refresh()
}

func (f *FinishDialog) submit() {
	s, l := f.s, f.s.lang
	o := f.Chosen()
	reason := strings.TrimSpace(f.Reason.Text)
	basis := strings.TrimSpace(f.Basis.Text)
	switch {
	case o == "rejected" && reason == "":
		f.status.SetText(texts.S(l, "reason_needed"))
		return
	case o == "rejected" && basis == "":
		f.status.SetText(texts.S(l, "basis_needed"))
		return
	case o != "rejected":
		reason, basis = "", ""
	}
	var received []string
	if it, ok := s.d.Item(s.cur.Item); ok {
		for _, m := range it.Materials {
			if s.ticked[m.Code] {
				received = append(received, m.Code)
			}
		}
	}
	f.OK.Disable()
	s.whenOnline(func() {
		var res wire.FinishResponse
		s.app.task(func(ctx context.Context) error {
			var err error
			res, err = s.d.Finish(ctx, o, received, reason, basis)
			return err
		}, func(err error) {
			f.OK.Enable()
			if err != nil {
				f.status.SetText(texts.S(l, "error", err.Error()))
				return
			}
			s.hidePopup()
			s.setTicket(nil)
			s.done("finish", nil)
			s.showDocument(res.Document)
		})
	})
}
