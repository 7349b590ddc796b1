package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// materialMark is the clerk's finding on one material: received, missing or defective
// (with what is wrong and the fix).
type materialMark struct {
	state        queue.MaterialState
	problem, fix string
}

var matStates = []queue.MaterialState{queue.MatReceived, queue.MatMissing, queue.MatDefective}

// MaterialRow is one material in the outcome dialog: received, missing or received but
// defective, and for a defective one what is wrong and how to put it right.
type MaterialRow struct {
	Mat queue.Material
	// State is the finding; Problem and Fix show for a defective material.
	State        *Choice
	Problem, Fix *KeyEntry
	defect       *fyne.Container
	mark         *materialMark
}

// newMaterialRow makes the row of m, starting from the finding kept for the ticket (or
// from the checklist's tick); changed is told of every change.
func (f *FinishDialog) newMaterialRow(m queue.Material, changed func()) *MaterialRow {
	s, l, route := f.s, f.s.lang, f.s.app.routeKey
	mk := s.marks[m.Code]
	if mk == nil {
		mk = &materialMark{state: queue.MatMissing}
		if s.ticked[m.Code] {
			mk.state = queue.MatReceived
		}
		s.marks[m.Code] = mk
	}
	r := &MaterialRow{Mat: m, mark: mk}
	r.Problem = newKeyEntry(route)
	r.Problem.SetPlaceHolder(texts.S(l, "problem_hint"))
	r.Problem.SetText(mk.problem)
	r.Problem.OnChanged = func(t string) { mk.problem = t }
	r.Fix = newKeyEntry(route)
	r.Fix.SetPlaceHolder(texts.S(l, "fix_hint"))
	if m.Note != "" { // what the notice prints when the fix is left empty
		r.Fix.SetPlaceHolder(texts.S(l, "fix_note", m.Note))
	}
	r.Fix.SetText(mk.fix)
	r.Fix.OnChanged = func(t string) { mk.fix = t }
	r.defect = container.NewPadded(widget.NewForm(widget.NewFormItem(texts.S(l, "problem"), r.Problem), widget.NewFormItem(texts.S(l, "fix"), r.Fix)))
	labels := make([]string, len(matStates))
	for i, st := range matStates {
		labels[i] = texts.S(l, "mat_"+string(st))
	}
	r.State = newChoice(labels, true, func(label string) {
		for i, st := range matStates {
			if labels[i] == label {
				mk.state = st
			}
		}
		if c := s.ticket.Checks[m.Code]; c != nil {
			c.SetChecked(mk.state == queue.MatReceived) // the checklist follows
		}
		r.showDefect()
		changed()
	}, route)
	r.State.SetSelected(texts.S(l, "mat_"+string(mk.state)))
	r.showDefect()
	return r
}

// build lays the row out: the name and what the catalog says of it, the three states,
// the defect's fields under them.
func (r *MaterialRow) build(l Lang) fyne.CanvasObject {
	name := r.Mat.NameZh
	if l == En {
		name = r.Mat.NameEn
	}
	switch {
	case r.Mat.Required && r.Mat.FollowDays > 0:
		name += "  · " + texts.S(l, "may_follow", r.Mat.FollowDays)
	case r.Mat.Required:
		name += " *" + texts.S(l, "required")
	}
	label := widget.NewLabel(name)
	label.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, r.defect, nil, r.State, label)
}

func (r *MaterialRow) showDefect() {
	if r.mark.state == queue.MatDefective {
		r.defect.Show()
	} else {
		r.defect.Hide()
	}
}

// findings returns what the API takes: the codes received and the defective materials;
// bad names a defective material whose problem is not said.
func findings(rows []*MaterialRow) (received []string, defective []wire.DefectiveMaterial, bad *MaterialRow) {
	received = []string{}
	for _, r := range rows {
		switch r.mark.state {
		case queue.MatReceived:
			received = append(received, r.Mat.Code)
		case queue.MatDefective:
			p := strings.TrimSpace(r.mark.problem)
			if p == "" && bad == nil {
				bad = r
			}
			defective = append(defective, wire.DefectiveMaterial{Code: r.Mat.Code, Problem: p, Fix: strings.TrimSpace(r.mark.fix)})
		}
	}
	return received, defective, bad
}

// blocking reports whether a required material that may not follow (容缺) is not
// received: then the dialog proposes a notice to supplement.
func blocking(rows []*MaterialRow) bool {
	for _, r := range rows {
		if r.Mat.Required && r.Mat.FollowDays == 0 && r.mark.state != queue.MatReceived {
			return true
		}
	}
	return false
}
