package screens

import (
	"context"
	"net/http"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/client"
	"onedoor/internal/uikit"
	"onedoor/internal/wire"
)

// 帮办代办: a staff member logs in at the kiosk (a discreet button on home) with their
// staff id and PIN, checked by the server, and takes a ticket for a citizen; the
// ticket records the staff member as its agent and the card read as its principal.
// The login lasts one visit: going home (done, back, the idle reset) ends it.

// agentAPI is what staff login at the kiosk needs; *client.Client implements it.
type agentAPI interface {
	AgentLogin(ctx context.Context, staff, pin string) (wire.LoginResponse, error)
	AgentLogout(ctx context.Context, token string) error
}

var _ agentAPI = (*client.Client)(nil)

// agentSession is a staff member logged in at the kiosk to issue a ticket for someone:
// the server's short-lived agent token and who it is.
type agentSession struct {
	token, staff, name string
}

// agentToken is the token to send with a ticket request, "" when no agent is in.
func (k *Kiosk) agentToken() string {
	if k.ops.agent == nil {
		return ""
	}
	return k.ops.agent.token
}

// endVisit ends a visit: a ticket request still waiting for the server is dropped, and
// an agent's session is forgotten and ended at the server.
func (k *Kiosk) endVisit() {
	k.ops.visit.Add(1)
	a := k.ops.agent
	if a == nil {
		return
	}
	k.ops.agent = nil
	k.log.Info("agent logged out", "staff", a.staff)
	k.updateNotices()
	if api, ok := k.d.API.(agentAPI); ok && k.ctx != nil {
		go func() {
			ctx, cancel := context.WithTimeout(k.ctx, 10*time.Second)
			defer cancel()
			if err := api.AgentLogout(ctx, a.token); err != nil {
				k.log.Warn("agent logout", "err", err)
			}
		}()
	}
}

// staffButton is home's discreet way into the staff login: small, muted, in the corner.
func (k *Kiosk) staffButton() fyne.CanvasObject {
	b := widget.NewButton(k.tr.S("staff"), k.tap(func() { k.show(&agentLogin{k: k}) }))
	b.Importance = widget.LowImportance
	return b
}

// agentLogin asks a staff member for their id and PIN, with an on-screen keyboard.
type agentLogin struct {
	k          *Kiosk
	staff, pin *fieldEntry
	active     *widget.Entry // the field the keyboard types into
	state      *widget.Label
	login      *uikit.BigButton
	back       *uikit.BigButton
	keys       map[rune]*uikit.BigButton
	busy       bool
}

func (s *agentLogin) name() string { return "agent_login" }

func (s *agentLogin) build() fyne.CanvasObject {
	k, tr := s.k, s.k.tr
	s.staff = newFieldEntry(false, func(e *widget.Entry) { s.active = e })
	s.staff.SetPlaceHolder(tr.S("staff_id"))
	s.pin = newFieldEntry(true, func(e *widget.Entry) { s.active = e })
	s.pin.SetPlaceHolder(tr.S("staff_pin"))
	s.active = &s.staff.Entry
	for _, e := range []*fieldEntry{s.staff, s.pin} {
		e.OnChanged = func(string) { k.touch() }
	}
	pick := func(e *fieldEntry) func() { return k.tap(func() { s.active = &e.Entry }) }
	idBtn := uikit.NewBigButton(tr.S("staff_id"), tr.O("staff_id"), pick(s.staff))
	idBtn.Style = uikit.Secondary
	pinBtn := uikit.NewBigButton(tr.S("staff_pin"), tr.O("staff_pin"), pick(s.pin))
	pinBtn.Style = uikit.Secondary
	s.state = uikit.Body("")
	s.login = uikit.NewBigButton(tr.S("staff_login"), tr.O("staff_login"), k.tap(s.submit))
	s.login.MinHeight = 100
	s.back = uikit.NewBigButton(tr.S("back"), tr.O("back"), k.tap(k.goHome))
	s.back.Style = uikit.Secondary
	s.back.MinHeight = 100
	form := container.NewVBox(
		uikit.Heading(tr.S("agent_mode"), tr.O("agent_mode")),
		uikit.Body(tr.S("staff_hint")),
		container.NewBorder(nil, nil, idBtn, nil, s.staff),
		container.NewBorder(nil, nil, pinBtn, nil, s.pin),
		s.state)
	return container.NewPadded(container.NewBorder(form,
		container.NewBorder(nil, nil, s.back, nil, s.login), nil, nil,
		container.NewVBox(layout.NewSpacer(), s.keyboard())))
}

// newFieldEntry is an entry that, when a finger puts the focus in it, becomes the
// field the on-screen keyboard types into.
func newFieldEntry(password bool, focused func(*widget.Entry)) *fieldEntry {
	f := &fieldEntry{focused: focused}
	f.Password = password
	f.ExtendBaseWidget(f)
	return f
}

type fieldEntry struct {
	widget.Entry
	focused func(*widget.Entry)
}

// FocusGained makes the field the keyboard's.
func (f *fieldEntry) FocusGained() {
	f.Entry.FocusGained()
	f.focused(&f.Entry)
}

// keyboard types letters and digits into the active field, for kiosks with no keyboard.
func (s *agentLogin) keyboard() fyne.CanvasObject {
	s.keys = map[rune]*uikit.BigButton{}
	rows := container.NewVBox()
	for _, row := range []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"} {
		line := container.NewGridWithColumns(10)
		for _, r := range row {
			b := uikit.NewBigButton(string(r), "", s.k.tap(func() { s.active.SetText(s.active.Text + string(r)) }))
			b.Style = uikit.Secondary
			s.keys[r] = b
			line.Add(b)
		}
		rows.Add(line)
	}
	del := uikit.NewBigButton(s.k.tr.S("delete"), "", s.k.tap(func() {
		if t := []rune(s.active.Text); len(t) > 0 {
			s.active.SetText(string(t[:len(t)-1]))
		}
	}))
	del.Style = uikit.Secondary
	rows.Add(container.NewGridWithColumns(2, del, layout.NewSpacer()))
	return rows
}

// submit checks the staff id and PIN with the server; on success home shows the agent
// mode and the next ticket is taken on the citizen's behalf.
func (s *agentLogin) submit() {
	k := s.k
	staff, pin := strings.TrimSpace(s.staff.Text), s.pin.Text
	api, ok := k.d.API.(agentAPI)
	switch {
	case s.busy:
		return
	case !ok:
		s.say("staff_unavailable")
		return
	case staff == "" || len(staff) > 32 || len(pin) < 4 || len(pin) > 32:
		s.say("staff_refused")
		return
	}
	s.busy = true
	s.say("staff_checking")
	go func() {
		ctx, cancel := context.WithTimeout(k.ctx, issueTimeout)
		defer cancel()
		resp, err := api.AgentLogin(ctx, staff, pin)
		k.d.Do(func() {
			s.busy = false
			if err != nil {
				k.log.Info("agent login refused", "status", client.StatusOf(err))
				switch client.StatusOf(err) {
				case http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity, http.StatusBadRequest:
					s.say("staff_refused")
				default:
					s.say("staff_unavailable")
				}
				return
			}
			if k.current != s {
				return // the citizen's screen moved on (the idle reset): drop the login
			}
			k.ops.agent = &agentSession{token: resp.Token, staff: resp.Staff, name: resp.Name}
			k.log.Info("agent logged in", "staff", resp.Staff)
			k.updateNotices()
			k.show(&home{k: k})
		})
	}()
}

func (s *agentLogin) say(key string) {
	s.state.SetText(s.k.tr.S(key) + "  " + s.k.tr.O(key))
}
