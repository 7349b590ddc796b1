package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// priorityBox shows a priority group the citizen claimed at the kiosk, prominently, until
// the clerk has checked the proof: confirmed, or not eligible with a reason.
type priorityBox struct {
	s     *MainScreen
	box   *fyne.Container
	title *canvas.Text
	proof *widget.Label
	// Confirm records that the proof was seen; Refuse asks why the holder is not eligible.
	Confirm, Refuse *KeyButton
}

func (b *priorityBox) build() fyne.CanvasObject {
	l, route := b.s.lang, b.s.app.routeKey
	b.title = canvas.NewText("", colorWarn)
	b.title.TextSize = 20
	b.title.TextStyle.Bold = true
	b.proof = widget.NewLabel("")
	b.proof.Wrapping = fyne.TextWrapWord
	b.Confirm = newKeyButton(texts.S(l, "prio_confirm"), widget.HighImportance, func() { b.s.checkPriority(true, "") }, route)
	b.Refuse = newKeyButton(texts.S(l, "prio_refuse"), widget.WarningImportance, b.s.openPriorityRefusal, route)
	frame := canvas.NewRectangle(colorWhite)
	frame.StrokeColor, frame.StrokeWidth, frame.CornerRadius = colorWarn, 3, 6
	b.box = container.NewStack(frame, container.NewPadded(container.NewVBox(b.title, b.proof,
		container.NewHBox(b.Confirm, b.Refuse, layout.NewSpacer()))))
	b.box.Hide()
	return b.box
}

// update shows the box while the ticket's claim waits for the clerk's check.
func (b *priorityBox) update(t *wire.StaffTicket) {
	if t == nil || t.PriorityCheck != string(queue.PriorityDeclared) {
		b.box.Hide()
		return
	}
	l := b.s.lang
	name, proof := t.Priority, ""
	if g, ok := b.s.d.Catalog.Group(t.Priority); ok {
		name, proof = g.NameZh, g.ProofZh
		if l == En {
			name = g.NameEn
		}
	}
	b.title.Text = texts.S(l, "prio_declared", name)
	b.title.Refresh()
	b.proof.SetText(texts.S(l, "prio_proof", proof))
	if proof == "" {
		b.proof.SetText("")
	}
	b.box.Show()
}

// PriorityDialog asks why a claimed priority is not eligible before recording it.
type PriorityDialog struct {
	Reason *KeyEntry
	OK     *KeyButton
	status *widget.Label
}

func (s *MainScreen) openPriorityRefusal() {
	if s.cur == nil {
		return
	}
	l, route := s.lang, s.app.routeKey
	d := &PriorityDialog{Reason: newKeyEntry(route), status: widget.NewLabel("")}
	d.Reason.SetPlaceHolder(texts.S(l, "prio_reason"))
	d.status.Importance = widget.DangerImportance
	d.OK = newKeyButton(texts.S(l, "prio_refuse"), widget.DangerImportance, func() {
		if strings.TrimSpace(d.Reason.Text) == "" {
			d.status.SetText(texts.S(l, "prio_reason"))
			return
		}
		s.checkPriority(false, strings.TrimSpace(d.Reason.Text))
	}, route)
	s.Priority = d
	title := widget.NewLabelWithStyle(texts.S(l, "prio_refuse_title")+" · "+s.cur.Number, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	buttons := container.NewHBox(d.status, layout.NewSpacer(), newKeyButton(texts.S(l, "cancel"), widget.MediumImportance, s.hidePopup, route), d.OK)
	s.showPopup(container.NewBorder(title, buttons, nil, nil, d.Reason), fyne.NewSize(560, 200), tapIfEnabled(d.OK), d.Reason)
}

// checkPriority records the clerk's check of the current ticket's claimed priority.
func (s *MainScreen) checkPriority(confirm bool, reason string) {
	s.whenOnline(func() {
		var t wire.StaffTicket
		s.app.task(func(ctx context.Context) error {
			var err error
			t, err = s.d.CheckPriority(ctx, confirm, reason)
			return err
		}, func(err error) {
			if err != nil && s.Priority != nil && s.Popup != nil {
				s.Priority.status.SetText(texts.S(s.lang, "error", err.Error()))
				return
			}
			if err == nil {
				s.hidePopup()
				s.setTicket(&t)
			}
			s.done("priority", err)
		})
	})
}
