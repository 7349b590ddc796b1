package screens

import (
	"context"
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
	// Reason is the rejection's reason.
	Outcome *widget.RadioGroup
	Missing *widget.Label
	Reason  *widget.Entry
	OK      *widget.Button
	Cancel  *widget.Button
	status  *widget.Label
	codes   []string
}

var outcomes = []string{"accepted", "supplement", "rejected", "completed", "consulted"}

func (f *FinishDialog) build() fyne.CanvasObject {
	s, l := f.s, f.s.lang
	labels := make([]string, len(outcomes))
	for i, o := range outcomes {
		labels[i] = l.T(o)
	}
	f.Missing = widget.NewLabel("")
	f.Missing.Wrapping = fyne.TextWrapWord
	f.Reason = widget.NewMultiLineEntry()
	f.Reason.SetPlaceHolder(l.T("reason_needed"))
	f.Reason.SetMinRowsVisible(2)
	f.status = widget.NewLabel("")
	f.Outcome = widget.NewRadioGroup(labels, func(string) { f.update() })
	f.Outcome.Horizontal = true
	f.OK = &widget.Button{Text: l.T("ok"), Importance: widget.HighImportance, OnTapped: f.submit}
	f.Cancel = widget.NewButton(l.T("cancel"), s.hidePopup)
	if it, ok := s.d.Item(s.cur.Item); ok {
		f.codes = desk.Missing(it, s.ticked)
		var names []string
		for _, m := range it.Materials {
			for _, c := range f.codes {
				if m.Code == c {
					name := m.NameZh
					if l == En {
						name = m.NameEn
					}
					names = append(names, "• "+name)
				}
			}
		}
		f.Missing.SetText(strings.Join(names, "\n"))
	}
	if len(f.codes) > 0 {
		f.Outcome.SetSelected(l.T("supplement"))
	} else {
		f.Outcome.SetSelected(l.T("accepted"))
	}
	title := widget.NewLabelWithStyle(l.T("outcome")+" · "+s.cur.Number, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := container.NewVBox(title, f.Outcome, widget.NewSeparator(),
		widget.NewLabelWithStyle(l.T("missing"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), f.Missing,
		widget.NewLabelWithStyle(l.T("reason"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), f.Reason, f.status)
	f.update()
	return container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), f.Cancel, f.OK), nil, nil, body)
}

// Choose selects an outcome by its code.
func (f *FinishDialog) Choose(outcome string) { f.Outcome.SetSelected(f.s.lang.T(outcome)) }

// Chosen returns the outcome's code.
func (f *FinishDialog) Chosen() string {
	for _, o := range outcomes {
		if f.s.lang.T(o) == f.Outcome.Selected {
			return o
		}
	}
	return ""
}

func (f *FinishDialog) update() {
	if f.Reason == nil || f.OK == nil {
		return
	}
	o := f.Chosen()
	if o == "rejected" {
		f.Reason.Enable()
	} else {
		f.Reason.Disable()
	}
	if o == "supplement" {
		f.Missing.Show()
	} else {
		f.Missing.Hide()
	}
}

func (f *FinishDialog) submit() {
	s, l := f.s, f.s.lang
	o := f.Chosen()
	reason := strings.TrimSpace(f.Reason.Text)
	if o == "rejected" && reason == "" {
		f.status.SetText(l.T("reason_needed"))
		return
	}
	if o != "rejected" {
		reason = ""
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
			res, err = s.d.Finish(ctx, o, received, reason)
			return err
		}, func(err error) {
			f.OK.Enable()
			if err != nil {
				f.status.SetText(l.T("error", err.Error()))
				return
			}
			s.hidePopup()
			s.setTicket(nil)
			s.done("finish", nil)
			s.showDocument(res.Document)
		})
	})
}
