package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/caller/internal/desk"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// FinishDialog ends the visit: each material marked received, missing or defective
// (what is wrong and the fix), the outcome (a notice to supplement proposed while a
// required material is not received, unless it may follow: 容缺), and for a rejection
// its legal ground and reason. A refusal of the server (409: an acceptance with a
// required material missing) is said in the clerk's language and the dialog stays.
type FinishDialog struct {
	s *MainScreen
	// Outcome is the choice; Rows the materials; Missing lists what a notice to
	// supplement will name.
	Outcome *Choice
	Rows    map[string]*MaterialRow
	Missing *widget.Label
	// Reason, Basis and Ground are the rejection's (Ground nil when the item has none).
	Reason *KeyEntry
	Basis  *KeyEntry
	Ground *Choice
	OK     *KeyButton
	Cancel *KeyButton
	status *widget.Label
	item   *queue.Item
	rows   []*MaterialRow
	reject *rejection

	missBox, body *fyne.Container
}

var outcomes = []string{"accepted", "supplement", "rejected", "completed", "consulted"}

func (f *FinishDialog) build() fyne.CanvasObject {
	s, l := f.s, f.s.lang
	route := s.app.routeKey
	labels := make([]string, len(outcomes))
	for i, o := range outcomes {
		labels[i] = texts.S(l, o)
	}
	f.Outcome = newChoice(labels, true, func(string) { f.update() }, route)
	f.OK = newKeyButton(texts.S(l, "ok"), widget.HighImportance, f.submit, route)
	f.Cancel = newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route)
	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	f.status.Importance = widget.DangerImportance
	f.Missing = widget.NewLabel("")
	f.Missing.Wrapping = fyne.TextWrapWord
	f.Rows = map[string]*MaterialRow{}
	bold := fyne.TextStyle{Bold: true}
	mats := container.NewVBox(widget.NewLabelWithStyle(texts.S(l, "materials"), fyne.TextAlignLeading, bold))
	if it, ok := s.d.Item(s.cur.Item); ok {
		f.item = it
		for _, m := range it.Materials {
			r := f.newMaterialRow(m, f.update)
			f.rows = append(f.rows, r)
			f.Rows[m.Code] = r
			mats.Add(r.build(l))
		}
	}
	f.reject = f.newRejection(f.item)
	f.Reason, f.Basis, f.Ground = f.reject.Reason, f.reject.Basis, f.reject.Ground
	item := s.cur.ItemName
	if l == En {
		item = s.cur.ItemNameEn
	}
	title := widget.NewLabelWithStyle(texts.S(l, "outcome")+" · "+s.cur.Number+" · "+item, fyne.TextAlignLeading, bold)
	f.missBox = container.NewVBox(widget.NewLabelWithStyle(texts.S(l, "missing"), fyne.TextAlignLeading, bold), f.Missing)
	f.body = container.NewVBox(mats, widget.NewSeparator(), f.missBox, f.reject.box)
	if blocking(f.rows) {
		f.Outcome.SetSelected(texts.S(l, "supplement"))
	} else {
		f.Outcome.SetSelected(texts.S(l, "accepted"))
	}
	f.update()
	top := container.NewVBox(title, f.Outcome, widget.NewSeparator())
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(layout.NewSpacer(), f.Cancel, f.OK), f.status)
	// The padding keeps the rows' right edge and focus rings clear of the scroll bar.
	return container.NewBorder(top, bottom, nil, nil, container.NewVScroll(container.NewPadded(f.body)))
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

// Mark sets a material's finding as the clerk's tap on it does.
func (f *FinishDialog) Mark(code string, st queue.MaterialState) {
	if r := f.Rows[code]; r != nil {
		r.State.SetSelected(texts.S(f.s.lang, "mat_"+string(st)))
	}
}

// PickGround chooses the rejection's ground by code ("" for a basis typed).
func (f *FinishDialog) PickGround(code string) bool { return f.reject.Pick(code) }

// update shows the parts the outcome needs and what a notice to supplement would name.
func (f *FinishDialog) update() {
	if f.body == nil {
		return
	}
	l, o := f.s.lang, f.Chosen()
	var miss []string
	for _, r := range f.rows {
		name := r.Mat.NameZh
		if l == En {
			name = r.Mat.NameEn
		}
		switch {
		case r.mark.state == queue.MatDefective:
			miss = append(miss, "• "+name+" ("+texts.S(l, "mat_defective")+")")
		case r.mark.state == queue.MatMissing && r.Mat.Required:
			miss = append(miss, "• "+name)
		}
	}
	f.Missing.SetText(strings.Join(miss, "\n"))
	if len(miss) == 0 {
		f.Missing.SetText(texts.S(l, "none"))
	}
	show(f.reject.box, o == "rejected")
	show(f.missBox, o == "supplement")
	f.body.Refresh()
}

func show(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// request reads the dialog into the API's request, or says what is still needed.
func (f *FinishDialog) request() (wire.FinishRequest, string) {
	l := f.s.lang
	req := wire.FinishRequest{Outcome: f.Chosen()}
	var bad *MaterialRow
	req.Received, req.Defective, bad = findings(f.rows)
	if bad != nil {
		name := bad.Mat.NameZh
		if l == En {
			name = bad.Mat.NameEn
		}
		return req, texts.S(l, "problem_needed", name)
	}
	if req.Outcome != "rejected" {
		return req, ""
	}
	req.Reason = strings.TrimSpace(f.Reason.Text)
	code, typed := f.reject.chosen()
	switch {
	case code == "" && !typed:
		return req, texts.S(l, "ground_needed")
	case typed && req.Reason == "":
		return req, texts.S(l, "reason_needed")
	case typed:
		req.Basis = strings.TrimSpace(f.Basis.Text)
		if req.Basis == "" {
			return req, texts.S(l, "basis_needed")
		}
	default:
		req.Ground = code
	}
	return req, ""
}

func (f *FinishDialog) submit() {
	s := f.s
	req, need := f.request()
	if need != "" {
		f.status.SetText(need)
		return
	}
	f.OK.Disable()
	dpi := pageDPI(s.app.W.Canvas().Scale())
	s.whenOnline(func() {
		var res wire.FinishResponse
		var page *pageLoad
		s.held = true
		s.app.task(func(ctx context.Context) error {
			var err error
			res, err = s.d.Finish(ctx, req)
			if err == nil && hasDocument(res.Document) {
				page = s.startPageLoad(res.Document.Seq, dpi)
				page.wait(ctx, pageWait) // the dialog then opens with its page: one draw
			}
			return err
		}, func(err error) {
			s.held = false
			f.OK.Enable()
			if err != nil {
				f.status.SetText(f.refusal(err))
				s.refresh() // what the stream brought while it was held
				return
			}
			s.hidePopup()
			s.setTicket(nil)
			s.done("finish", nil)
			s.showDocument(res.Document, page)
		})
	})
}

// refusal says why the server refused the finish: the required materials it named in
// the clerk's language, or the error as it came.
func (f *FinishDialog) refusal(err error) string {
	l := f.s.lang
	mats := desk.RefusedMaterials(f.item, err)
	if len(mats) == 0 {
		return texts.S(l, "error", err.Error())
	}
	names := make([]string, len(mats))
	for i, m := range mats {
		names[i] = m.NameZh
		if l == En {
			names[i] = m.NameEn
		}
	}
	sep := "、"
	if l == En {
		sep = "; "
	}
	return texts.S(l, "cannot_accept", strings.Join(names, sep))
}
