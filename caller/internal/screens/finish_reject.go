package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
)

// rejection is the part of the outcome dialog a refusal (不予受理) needs: the legal
// ground picked from the item's list, or a basis typed, and the reason.
type rejection struct {
	// Ground lists the item's grounds and, last, a basis typed; nil when the item has
	// no grounds (the basis is then typed).
	Ground  *Choice
	Reason  *KeyEntry
	Basis   *KeyEntry
	basisOf *widget.Label // the chosen ground's legal basis
	grounds map[string]queue.Ground
	other   string
	box     *fyne.Container
	basisBx *fyne.Container
}

func (f *FinishDialog) newRejection(it *queue.Item) *rejection {
	l, route := f.s.lang, f.s.app.routeKey
	r := &rejection{grounds: map[string]queue.Ground{}, other: texts.S(l, "ground_other")}
	r.Reason = newKeyTextArea(route)
	r.Reason.SetPlaceHolder(texts.S(l, "reason_needed"))
	r.Reason.SetMinRowsVisible(2)
	r.Basis = newKeyEntry(route)
	r.Basis.SetPlaceHolder(texts.S(l, "basis_needed"))
	r.basisOf = widget.NewLabel("")
	r.basisOf.Wrapping = fyne.TextWrapWord
	bold := fyne.TextStyle{Bold: true}
	r.basisBx = container.NewVBox(widget.NewLabelWithStyle(texts.S(l, "basis"), fyne.TextAlignLeading, bold), r.Basis)
	r.box = container.NewVBox()
	if it != nil && len(it.Grounds) > 0 {
		var labels []string
		for _, g := range it.Grounds {
			label := g.TextZh
			if l == En && g.TextEn != "" {
				label = g.TextEn
			}
			labels = append(labels, label)
			r.grounds[label] = g
		}
		labels = append(labels, r.other)
		r.Ground = newChoice(labels, false, r.picked, route)
		r.box.Add(widget.NewLabelWithStyle(texts.S(l, "ground"), fyne.TextAlignLeading, bold))
		r.box.Add(r.Ground)
		r.box.Add(r.basisOf)
		r.basisBx.Hide()
	}
	r.box.Add(widget.NewLabelWithStyle(texts.S(l, "reason"), fyne.TextAlignLeading, bold))
	r.box.Add(r.Reason)
	r.box.Add(r.basisBx)
	return r
}

// picked shows what a ground brings: its legal basis, and its text as the reason the
// notice gives (which the clerk may change); a basis typed shows the field for it.
func (r *rejection) picked(label string) {
	g, ok := r.grounds[label]
	if !ok {
		r.basisOf.SetText("")
		r.basisBx.Show()
		r.box.Refresh()
		return
	}
	r.basisBx.Hide()
	r.basisOf.SetText(g.Basis)
	prev := false
	for _, o := range r.grounds {
		prev = prev || r.Reason.Text == o.TextZh
	}
	if r.Reason.Text == "" || prev {
		r.Reason.SetText(g.TextZh) // the notice is in Chinese
	}
	r.box.Refresh()
}

// Pick chooses the ground with code, as a tap on it does ("" for a basis typed).
func (r *rejection) Pick(code string) bool {
	if r.Ground == nil {
		return code == ""
	}
	if code == "" {
		r.Ground.SetSelected(r.other)
		return true
	}
	for label, g := range r.grounds {
		if g.Code == code {
			r.Ground.SetSelected(label)
			return true
		}
	}
	return false
}

// chosen returns the ground's code, or "" with the basis typed; typed reports that the
// basis is to be typed (no ground picked from a list, or "other").
func (r *rejection) chosen() (code string, typed bool) {
	if r.Ground == nil {
		return "", true
	}
	g, ok := r.grounds[r.Ground.Selected]
	if !ok {
		return "", r.Ground.Selected == r.other
	}
	return g.Code, false
}
