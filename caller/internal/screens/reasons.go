package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// ReasonPicker is the reason a desk command gives: one of the catalog's desk_reasons
// that fit the action (Enter on one picks it and confirms the dialog), free text, or
// both; the server records it in the audit trail.
type ReasonPicker struct {
	// List is the pick list, nil when the catalog has none for the action; Text is the
	// free text.
	List  *Choice
	Text  *KeyEntry
	codes map[string]string // the list's labels → reason codes
}

// newReasonPicker makes the picker for action in the clerk's language.
func (s *MainScreen) newReasonPicker(action queue.DeskAction) *ReasonPicker {
	l, route := s.lang, s.app.routeKey
	p := &ReasonPicker{codes: map[string]string{}}
	var labels, own []string
	for _, r := range s.d.Reasons(action) {
		name := r.NameZh
		if l == En {
			name = r.NameEn
		}
		labels = append(labels, name)
		p.codes[name] = r.Code
		if len(r.Actions) > 0 {
			own = append(own, name)
		}
	}
	if len(labels) > 0 {
		p.List = newChoice(labels, false, nil, route).inColumns(2)
	}
	if len(own) == 1 { // the one reason made for this action is the usual one
		p.List.SetSelected(own[0])
	}
	p.Text = newKeyEntry(route)
	p.Text.SetPlaceHolder(texts.S(l, "reason_text"))
	return p
}

// build lays the picker out under its label.
func (p *ReasonPicker) build(l Lang) fyne.CanvasObject {
	box := container.NewVBox(widget.NewLabelWithStyle(texts.S(l, "desk_reason"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if p.List != nil {
		box.Add(p.List)
	}
	box.Add(p.Text)
	return box
}

// Pick chooses the reason with code, as a tap on it does; false when it is not listed.
func (p *ReasonPicker) Pick(code string) bool {
	for label, c := range p.codes {
		if c == code && p.List != nil {
			p.List.SetSelected(label)
			return true
		}
	}
	return false
}

// Why is the reason as the API takes it.
func (p *ReasonPicker) Why() wire.DeskReason {
	var why wire.DeskReason
	if p.List != nil {
		why.ReasonCode = p.codes[p.List.Selected]
	}
	why.Reason = strings.TrimSpace(p.Text.Text)
	return why
}
