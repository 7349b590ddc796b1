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

	Server, Staff, PIN, Window *widget.Entry
	Submit                     *widget.Button
	// TakeOver appears when the window is held by another session.
	TakeOver *widget.Button
	status   *widget.Label
}

// Status is the message under the form.
func (s *LoginScreen) Status() string { return s.status.Text }

func (s *LoginScreen) build(def desk.Credentials) fyne.CanvasObject {
	l := s.lang
	s.Server = &widget.Entry{Text: def.Server}
	s.Staff = &widget.Entry{Text: def.Staff}
	s.PIN = &widget.Entry{Password: true, Text: def.PIN}
	s.Window = &widget.Entry{Text: strconv.Itoa(max(def.Window, 1))}
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.Submit = &widget.Button{Text: l.T("login"), Importance: widget.HighImportance, OnTapped: func() { s.submit(false) }}
	s.TakeOver = &widget.Button{Text: l.T("takeover"), Importance: widget.DangerImportance, OnTapped: func() { s.submit(true) }}
	s.TakeOver.Hide()
	s.PIN.OnSubmitted = func(string) { s.submit(false) }
	form := widget.NewForm(
		widget.NewFormItem(l.T("server"), s.Server),
		widget.NewFormItem(l.T("staff"), s.Staff),
		widget.NewFormItem(l.T("pin"), s.PIN),
		widget.NewFormItem(l.T("window"), s.Window),
	)
	title := canvas.NewText(l.T("title"), colorPrimary)
	title.TextSize = 30
	title.Alignment = fyne.TextAlignCenter
	sub := canvas.NewText("onedoor · 一门式政务服务", colorMuted)
	sub.Alignment = fyne.TextAlignCenter
	lang := widget.NewButton(l.T("lang"), func() { s.app.SetLang(otherLang(l)) })
	card := container.NewVBox(title, sub, widget.NewSeparator(), form, s.Submit, s.TakeOver, s.status)
	box := container.NewGridWrap(fyne.NewSize(460, 440), card)
	return container.NewBorder(container.NewHBox(layout.NewSpacer(), lang), nil, nil, nil, container.NewCenter(box))
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
		s.status.SetText(s.lang.T("error", s.lang.T("window")))
		return
	}
	cr := desk.Credentials{Server: strings.TrimRight(strings.TrimSpace(s.Server.Text), "/"), Staff: strings.TrimSpace(s.Staff.Text),
		PIN: s.PIN.Text, Window: n, TakeOver: takeOver, Client: s.app.opts.Defaults.Client}
	s.Submit.Disable()
	var d *desk.Desk
	s.app.task(func(ctx context.Context) error {
		var err error
		d, err = desk.Login(ctx, cr)
		return err
	}, func(err error) {
		s.Submit.Enable()
		switch {
		case errors.Is(err, desk.ErrTaken):
			s.status.SetText(s.lang.T("taken"))
			s.TakeOver.Show()
		case err != nil:
			s.status.SetText(s.lang.T("error", err.Error()))
		default:
			s.app.loggedIn(d)
		}
	})
}
