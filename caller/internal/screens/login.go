package screens

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/caller/internal/desk"
)

// LoginScreen asks for the server, the staff id, the PIN and the window.
type LoginScreen struct {
	app  *App
	lang Lang

	Server, Staff, PIN, Window *KeyEntry
	Submit                     *KeyButton
	// TakeOver appears when the window is held by another session.
	TakeOver *KeyButton
	status   *widget.Label
}

func (s *LoginScreen) build(def desk.Credentials) fyne.CanvasObject {
	l := s.lang
	route := s.app.routeKey
	entry := func(text string) *KeyEntry {
		e := newKeyEntry(route)
		e.Text = text
		return e
	}
	s.Server, s.Staff, s.PIN, s.Window = entry(def.Server), entry(def.Staff), entry(def.PIN), entry(strconv.Itoa(max(def.Window, 1)))
	s.PIN.Password = true
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.Submit = newKeyButton(texts.S(l, "login"), widget.HighImportance, func() { s.submit(false) }, route)
	s.TakeOver = newKeyButton(texts.S(l, "takeover"), widget.DangerImportance, func() { s.submit(true) }, route)
	s.TakeOver.Hide()
	form := widget.NewForm(
		widget.NewFormItem(texts.S(l, "server"), s.Server),
		widget.NewFormItem(texts.S(l, "staff"), s.Staff),
		widget.NewFormItem(texts.S(l, "pin"), s.PIN),
		widget.NewFormItem(texts.S(l, "window"), s.Window),
	)
	title := canvas.NewText(texts.S(l, "title"), colorPrimary)
	title.TextSize = 30
	title.Alignment = fyne.TextAlignCenter
	sub := canvas.NewText("onedoor · 一门式政务服务", colorMuted)
	sub.Alignment = fyne.TextAlignCenter
	lang := newKeyButton(texts.S(l, "lang"), widget.MediumImportance, func() { s.app.SetLang(otherLang(l)) }, route)
	card := container.NewVBox(title, sub, widget.NewSeparator(), form, s.Submit, s.TakeOver, s.status)
	box := container.NewGridWrap(fyne.NewSize(460, 440), card)
	return container.NewBorder(container.NewHBox(layout.NewSpacer(), lang), nil, nil, nil, container.NewCenter(box))
}

// firstField is where typing starts: the first field still empty, else the server.
func (s *LoginScreen) firstField() *KeyEntry {
	for _, e := range []*KeyEntry{s.Server, s.Staff, s.PIN, s.Window} {
		if e.Text == "" {
			return e
		}
	}
	return s.Server
}

func otherLang(l Lang) Lang {
	if l == En {
		return Zh
	}
	return En
}

// submit logs in; takeOver ends another session on the window.
func (s *LoginScreen) submit(takeOver bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s.Window.Text))
	if err != nil || n < 1 {
		s.status.SetText(texts.S(s.lang, "error", texts.S(s.lang, "window")))
		return
	}
	cr := desk.Credentials{Server: strings.TrimRight(strings.TrimSpace(s.Server.Text), "/"), Staff: strings.TrimSpace(s.Staff.Text),
		PIN: s.PIN.Text, Window: n, TakeOver: takeOver, Client: s.app.opts.Defaults.Client}
	s.Submit.Disable()
	var d *desk.Desk
	var st deskState
	s.app.task(func(ctx context.Context) error {
		var err error
		if d, err = desk.Login(ctx, cr); err == nil {
			st = loadState(ctx, d)
		}
		return err
	}, func(err error) {
		s.Submit.Enable()
		switch {
		case errors.Is(err, desk.ErrTaken):
			s.status.SetText(texts.S(s.lang, "taken"))
			s.TakeOver.Show()
		case err != nil:
			s.status.SetText(texts.S(s.lang, "error", err.Error()))
		default:
			s.app.loggedIn(d, st)
		}
	})
}
