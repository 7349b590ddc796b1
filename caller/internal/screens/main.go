package screens

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/caller/internal/desk"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// MainScreen is the clerk's workstation: the current ticket, its checklist, the live
// queue, the day's tally and the actions, each a button and a key.
type MainScreen struct {
	app  *App
	d    *desk.Desk
	live *desk.Live
	lang Lang

	cur      *wire.StaffTicket
	revealed *wire.Applicant
	ticked   map[string]bool
	// marks are the outcome dialog's findings on the materials of the current ticket,
	// kept while the dialog is closed and opened again.
	marks    map[string]*materialMark
	q        wire.Queue
	winState string
	everUp   bool
	// pending is an action asked for while the connection was down: it runs when back.
	pending func()
	qBusy   bool
	qDirty  bool
	// held is set while a finish waits for its document's page: the stream's updates
	// are taken but not drawn, so that the window draws once, when the document opens,
	// rather than again for every event the finish caused (each a full-window draw).
	held bool

	ticket  *ticketPanel
	side    *sidePanel
	banner  *fyne.Container
	bannerT *canvas.Text
	status  *widget.Label
	header  *canvas.Text
	// Buttons are the actions by name: call, recall, start, no_show, transfer, finish,
	// pause, resume, close, call_ticket, reinstate, lang.
	Buttons map[string]*KeyButton
	// Popup is the dialog shown, if any.
	Popup *widget.PopUp
	// popupEnter is what Enter does in the dialog shown: its default action.
	popupEnter func()
	// Finish, Transfer, Pause, Close, Missed and Document are the last dialogs opened.
	Finish   *FinishDialog
	Transfer *TransferDialog
	Pause    *PauseDialog
	Close    *CloseDialog
	Missed   *MissedDialog
	Document *DocumentDialog
	// Confirm is the last confirmation asked (a no-show).
	Confirm *ConfirmDialog
	// Priority is the last refusal of a claimed priority asked.
	Priority *PriorityDialog
	// Applicant is the dialog that enters the applicant, while open.
	Applicant *ApplicantDialog
	// Handover is the last proxy or post dialog of a hand-over (出件).
	Handover *HandoverDialog
}

func newMainScreen(a *App, d *desk.Desk) *MainScreen {
	return &MainScreen{app: a, d: d, lang: a.lang, ticked: map[string]bool{}, marks: map[string]*materialMark{}, winState: "open"}
}

// Current is the ticket at the window, nil when none.
func (s *MainScreen) Current() *wire.StaffTicket { return s.cur }

// Live is the stream's state.
func (s *MainScreen) Live() *desk.Live { return s.live }

func (s *MainScreen) build() fyne.CanvasObject {
	l := s.lang
	s.header = canvas.NewText("", colorPrimary)
	s.header.TextSize = 18
	s.bannerT = canvas.NewText(texts.S(l, "offline"), colorWhite)
	s.bannerT.TextSize = 16
	s.banner = container.NewStack(canvas.NewRectangle(colorDanger), container.NewPadded(s.bannerT))
	s.banner.Hide()
	s.status = widget.NewLabel("")
	s.ticket = &ticketPanel{s: s}
	s.side = &sidePanel{s: s}
	s.Buttons = map[string]*KeyButton{}
	btn := func(key, label string, imp widget.Importance, f func()) *KeyButton {
		b := newKeyButton(label, imp, f, s.app.routeKey)
		s.Buttons[key] = b
		return b
	}
	main := container.NewGridWithColumns(6,
		btn("call", "F1 "+texts.S(l, "call"), widget.HighImportance, s.call),
		btn("recall", "F2 "+texts.S(l, "recall"), widget.MediumImportance, func() { s.act("recall") }),
		btn("start", "F3 "+texts.S(l, "start"), widget.SuccessImportance, func() { s.act("start") }),
		btn("no_show", "F4 "+texts.S(l, "no_show"), widget.WarningImportance, s.confirmNoShow),
		btn("transfer", "F5 "+texts.S(l, "transfer"), widget.MediumImportance, s.openTransfer),
		btn("finish", "F6 "+texts.S(l, "finish"), widget.HighImportance, s.openFinish),
	)
	more := container.NewHBox(
		btn("pause", texts.S(l, "pause"), widget.LowImportance, s.openPause),
		btn("resume", texts.S(l, "resume"), widget.LowImportance, s.resume),
		btn("close", texts.S(l, "close_window"), widget.LowImportance, s.openClose),
		btn("call_ticket", texts.S(l, "call_ticket"), widget.LowImportance, s.openCallTicket),
		btn("reinstate", texts.S(l, "reinstate"), widget.LowImportance, s.openMissed),
		layout.NewSpacer(), s.status,
		btn("lang", texts.S(l, "lang"), widget.LowImportance, func() { s.app.SetLang(otherLang(s.lang)) }),
	)
	top := container.NewVBox(container.NewHBox(s.header, layout.NewSpacer()), s.banner)
	bottom := container.NewVBox(widget.NewSeparator(), main, more)
	body := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(360, 560), s.side.build()), s.ticket.build())
	return container.NewBorder(top, bottom, nil, nil, container.NewPadded(body))
}

// deskState is what the workstation shows first: the hall's queue and the ticket at
// the window (nil: none), or why they could not be loaded.
type deskState struct {
	q   wire.Queue
	cur *wire.StaffTicket
	err error
}

// loadState fetches the window's state. The login does it before the workstation is
// built, so that its first draw shows the queue and the ticket rather than an empty
// screen filled in a frame later.
func loadState(ctx context.Context, d *desk.Desk) deskState {
	var st deskState
	if st.q, st.err = d.Queue(ctx); st.err != nil {
		return st
	}
	cur, has, err := d.Current(ctx)
	if has {
		st.cur = &cur
	}
	st.err = err
	return st
}

// begin shows the window's state and follows the stream.
func (s *MainScreen) begin(ctx context.Context, st deskState) {
	if st.err != nil {
		s.status.SetText(texts.S(s.lang, "error", st.err.Error()))
	}
	s.setQueue(st.q)
	if st.cur != nil {
		s.setTicket(st.cur)
	}
	s.live = desk.NewLive(s.d.Window, st.q.Seq)
	s.live.OnChange = func(ev *wire.Event) { s.app.ui.Do(func() { s.onLive(ev) }) }
	s.app.ui.Go(func() {
		if err := s.live.Run(ctx, s.d.C); err != nil && ctx.Err() == nil {
			s.app.log.Warn("stream ended", "err", err)
		}
	})
	s.refresh()
}

// onLive takes a change of the stream on the UI goroutine.
func (s *MainScreen) onLive(ev *wire.Event) {
	if s.app.Main != s {
		return
	}
	if ev != nil {
		if n, ok := s.d.MovedTo(*ev); ok {
			s.app.sessionMoved(n)
			return
		}
	}
	if ev == nil {
		up := s.live.Up()
		if up {
			s.everUp = true
			s.reload()
			s.reloadCatalog() // one published while the stream was away
			if p := s.pending; p != nil {
				s.pending = nil
				p()
			}
		}
		s.refresh()
		return
	}
	if ev.Type == string(queue.CatalogPublished) {
		s.reloadCatalog()
	}
	s.reloadQueue()
	if !s.held {
		s.side.update()
	}
}

// reloadCatalog fetches the catalog a supervisor published and puts it in use; the
// ticket at the window keeps its item (Desk.Item looks in the earlier catalogs too).
func (s *MainScreen) reloadCatalog() {
	var cat *queue.Catalog
	s.app.task(func(ctx context.Context) error {
		var err error
		cat, err = s.d.FetchCatalog(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.app.log.Warn("catalog published, not fetched", "err", err)
			return
		}
		s.d.Adopt(cat)
		s.refresh()
	})
}

// refresh shows the state in the widgets.
func (s *MainScreen) refresh() {
	if s.header == nil {
		return
	}
	l := s.lang
	who := s.d.Staff
	if s.d.Name != "" {
		who = s.d.Name + " (" + s.d.Staff + ")"
	}
	state := texts.S(l, "state_open")
	switch s.winState {
	case string(queue.WinPaused):
		state = texts.S(l, "state_paused")
	case string(queue.WinClosed):
		state = texts.S(l, "win_closed")
	}
	s.header.Text = fmt.Sprintf("%s · %s · %s · %s", s.q.CenterName, texts.S(l, "window_n", s.d.Window), who, state)
	s.header.Refresh()
	up := s.live == nil || s.live.Up()
	if !up && s.everUp {
		s.banner.Show()
	} else {
		s.banner.Hide()
	}
	s.ticket.update()
	s.side.update()
	s.enable()
}

// enable turns the actions on and off by the ticket's state and the window's.
func (s *MainScreen) enable() {
	st := ""
	if s.cur != nil {
		st = s.cur.State
	}
	open := s.winState == string(queue.WinOpen)
	set := func(k string, on bool) {
		if on {
			s.Buttons[k].Enable()
		} else {
			s.Buttons[k].Disable()
		}
	}
	set("call", st == "" && open)
	set("recall", st == string(queue.Called))
	set("start", st == string(queue.Called))
	set("no_show", st == string(queue.Called))
	set("transfer", st == string(queue.Serving))
	set("finish", st == string(queue.Serving))
	set("pause", st == "" && open)
	set("resume", !open)
	set("close", st == "" && s.winState != string(queue.WinClosed))
	set("call_ticket", st == "" && open && s.d.Supervisor())
	set("reinstate", true)
}

// typedKey runs the action of a function key; in a dialog Enter taps its default
// button and Escape closes it.
func (s *MainScreen) typedKey(ev *fyne.KeyEvent) {
	if s.Popup != nil {
		switch {
		case ev.Name == fyne.KeyEscape:
			s.hidePopup()
		case isEnter(ev.Name) && s.popupEnter != nil:
			s.popupEnter()
		}
		return
	}
	keys := map[fyne.KeyName]string{fyne.KeyF1: "call", fyne.KeyF2: "recall", fyne.KeyF3: "start",
		fyne.KeyF4: "no_show", fyne.KeyF5: "transfer", fyne.KeyF6: "finish"}
	if k, ok := keys[ev.Name]; ok {
		if b := s.Buttons[k]; !b.Disabled() {
			b.OnTapped()
		}
	}
}

// whenOnline runs f now, or when the stream is back if it is down.
func (s *MainScreen) whenOnline(f func()) {
	if s.live != nil && !s.live.Up() && s.everUp {
		s.pending = f
		s.status.SetText(texts.S(s.lang, "offline"))
		return
	}
	f()
}

// reload fetches the current ticket and the queue again (after a reconnect).
func (s *MainScreen) reload() {
	var cur wire.StaffTicket
	var has bool
	s.app.task(func(ctx context.Context) error {
		var err error
		cur, has, err = s.d.Current(ctx)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		if has {
			s.setTicket(&cur)
		} else {
			s.setTicket(nil)
		}
		s.refresh()
	})
	s.reloadQueue()
}

// reloadQueue fetches the hall's state, one request at a time.
func (s *MainScreen) reloadQueue() {
	if s.qBusy {
		s.qDirty = true
		return
	}
	s.qBusy = true
	var q wire.Queue
	s.app.task(func(ctx context.Context) error {
		var err error
		q, err = s.d.Queue(ctx)
		return err
	}, func(err error) {
		s.qBusy = false
		if err == nil {
			s.setQueue(q)
			if !s.held {
				s.refresh()
			}
		}
		if s.qDirty {
			s.qDirty = false
			s.reloadQueue()
		}
	})
}

func (s *MainScreen) setQueue(q wire.Queue) {
	s.q = q
	for _, w := range q.Windows {
		if w.Number == s.d.Window && w.State != "" {
			s.winState = w.State
		}
	}
}

// setTicket shows a ticket; a different ticket starts with a clean checklist.
func (s *MainScreen) setTicket(t *wire.StaffTicket) {
	if t == nil || s.cur == nil || s.cur.ID != t.ID {
		s.ticked = map[string]bool{}
		s.marks = map[string]*materialMark{}
		s.revealed = nil
	}
	s.cur = t
}

// done is the common end of an action: an error in the status line, else the new state.
func (s *MainScreen) done(what string, err error) {
	if err != nil {
		s.status.SetText(texts.S(s.lang, "error", err.Error()))
		s.app.log.Debug("action failed", "action", what)
	} else {
		s.status.SetText("")
	}
	s.refresh()
}
