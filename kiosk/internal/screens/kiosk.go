package screens

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"onedoor/internal/queue"
	"onedoor/internal/uikit"
	"onedoor/internal/wire"
)

// screen is one page of the kiosk.
type screen interface {
	// name identifies the screen in logs and tests.
	name() string
	// build makes the screen's widgets; it runs on Fyne's goroutine each time the
	// screen is shown, so a screen always shows the current language and state. (Home,
	// shown once per citizen, reuses its widgets per language: home_cache.go.)
	build() fyne.CanvasObject
}

// cardScreen is a screen that takes ID cards while it is shown.
type cardScreen interface {
	screen
	onCard(c *cardData)
	onCardError(err error)
}

// readerWatcher is a screen that shows the reader's state.
type readerWatcher interface {
	onReaderHealth()
}

// Kiosk is the running kiosk interface in one window. Its fields are touched only on
// Fyne's goroutine (through Deps.Do from elsewhere).
type Kiosk struct {
	cfg Config
	d   Deps
	tr  *uikit.Tr
	win fyne.Window
	log *slog.Logger
	ctx context.Context

	cat     *queue.Catalog
	search  *searchIndex
	next    *nextCatalog // a catalog published during a visit, for the next one (catalog_live.go)
	center  wire.Queue   // the hall's name, windows and waiting counts
	waiting map[string]int
	up      bool // the live stream is connected and the catalog loaded

	current   screen
	sess      session
	idle      *idleTimer
	readerErr error
	stopCards context.CancelFunc
	printerOK bool // the last printer report was ok
	// cardToScreen is the last time from a card's data to its ticket on screen.
	cardToScreen time.Duration
	// homes is the home screen as built for each language and mode (home_cache.go).
	homes map[homeKey]*homeView
	// look is the app's theme, which the elderly mode switches in place.
	look *uikit.Look
	// shownAt is when the current screen was put in the window; taps for
	// Config.TapGuard after it are ignored.
	shownAt time.Time
	// cd is the idle countdown shown over every screen (countdown.go).
	cd *countdownView
	// ops is the state of faults and agent tickets (ops.go).
	ops opsState
}

// New returns a kiosk drawing into win. Call Start to connect it.
func New(win fyne.Window, cfg Config, d Deps) *Kiosk {
	cfg.defaults()
	if d.Do == nil {
		d.Do = fyne.Do
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	k := &Kiosk{cfg: cfg, d: d, win: win, tr: uikit.NewTr(texts, cfg.Lang), log: d.Log.With("kiosk", cfg.KioskID),
		waiting: map[string]int{}, printerOK: true}
	k.idle = newIdleTimer(d.Do, d.AfterFunc, k.onIdle)
	k.idle.countdown, k.idle.counts = func() time.Duration { return k.cfg.Countdown }, k.countsDown
	k.idle.warn, k.idle.hide = k.showCountdown, k.hideCountdown
	k.look = d.Look
	if k.look == nil {
		k.look = uikit.NewLook()
		if a := fyne.CurrentApp(); a != nil {
			a.Settings().SetTheme(k.look)
		}
	}
	return k
}

// SetReader gives the kiosk its ID card reader; call it before Start. (The reader is
// made after the kiosk so that its OnHealth can be the kiosk's ReaderHealth.)
func (k *Kiosk) SetReader(r CardReader) { k.d.Reader = r }

// Start shows the out-of-service screen, then connects to the server in the
// background: it loads the catalog and follows the live stream until ctx ends, showing
// home whenever the stream is up and out-of-service whenever it is down. Call it on
// Fyne's goroutine.
func (k *Kiosk) Start(ctx context.Context) {
	k.ctx = ctx
	k.show(&outOfService{k: k})
	go k.follow(ctx)
	go k.clock(ctx)
	go k.watchPrinter(ctx)
	context.AfterFunc(ctx, func() { k.d.Do(k.stop) })
}

// stop ends the idle timer and card reading when the kiosk shuts down.
func (k *Kiosk) stop() {
	k.idle.stop()
	k.stopReading()
	k.sess.wipe()
}

// show replaces the window's content with s, starts or stops card reading and restarts
// the idle timer.
func (k *Kiosk) show(s screen) {
	k.stopReading()
	if k.current == nil || k.current.name() != s.name() {
		k.log.Info("screen", "name", s.name())
	}
	k.current = s
	k.win.SetContent(k.frame(s.build()))
	k.shownAt = k.d.Now()
	k.guideFor(s)
	switch s.(type) {
	case *outOfService:
		k.idle.stop()
	case *ticketScreen:
		k.idle.reset(k.cfg.TicketHold)
	default:
		k.idle.reset(k.cfg.Idle)
	}
	if cs, ok := s.(cardScreen); ok && k.d.Reader != nil {
		k.startReading(cs)
	}
}

// refresh rebuilds the current screen (after a language switch or new data).
func (k *Kiosk) refresh() {
	if k.current != nil {
		k.win.SetContent(k.frame(k.current.build()))
		k.shownAt = k.d.Now()
	}
}

// touch tells the idle timer that someone is there.
func (k *Kiosk) touch() {
	switch k.current.(type) {
	case *outOfService:
	case *ticketScreen:
		k.idle.reset(k.current.(*ticketScreen).hold)
	default:
		k.idle.reset(k.cfg.Idle)
	}
}

// onIdle wipes the session and goes home in the kiosk's own language.
func (k *Kiosk) onIdle() {
	if _, ok := k.current.(*outOfService); ok {
		return
	}
	k.log.Info("idle reset", "screen", k.current.name())
	k.goHome()
}

// goHome ends the visit: the session is wiped and the language reset. Home needs only
// the catalog, which the kiosk keeps while the server is away.
func (k *Kiosk) goHome() {
	k.sess.wipe()
	k.endVisit()
	k.tr.SetLang(k.cfg.Lang)
	k.setElderly(false)
	k.takeNextCatalog()
	if k.cat == nil {
		k.show(&outOfService{k: k})
		return
	}
	k.show(&home{k: k})
}

// setUp records whether the server's live stream is connected. While it is away the
// screens that need no server keep working (server_away.go); out of service is only
// for a kiosk that has no catalog yet.
func (k *Kiosk) setUp(up bool) {
	if up == k.up {
		return
	}
	k.up = up
	k.log.Info("server link", "up", up)
	k.updateNotices()
	if _, ok := k.current.(*outOfService); ok && k.cat != nil {
		k.goHome()
	}
}

// setLang switches the language and redraws.
func (k *Kiosk) setLang(l uikit.Lang) {
	k.touch()
	k.tr.SetLang(l)
	k.refresh()
}

// ReaderHealth is the reader's OnHealth callback: nil when it works, the fault when it
// does not. It may be called from any goroutine.
func (k *Kiosk) ReaderHealth(err error) {
	k.d.Do(func() {
		k.readerErr = err
		if w, ok := k.current.(readerWatcher); ok {
			w.onReaderHealth()
		}
	})
}

// tap wraps a button action so that it counts as activity, and so that a tap within
// Config.TapGuard of a screen change goes nowhere: it was meant for the screen before
// (a second tap of an impatient finger), not for the button now under it.
func (k *Kiosk) tap(f func()) func() {
	return func() {
		if since := k.d.Now().Sub(k.shownAt); since < k.cfg.TapGuard {
			k.log.Debug("tap ignored: the screen just changed", "after", since)
			return
		}
		k.touch()
		f()
	}
}

// clock redraws the home screen's time every second.
func (k *Kiosk) clock(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			k.d.Do(func() {
				if h, ok := k.current.(*home); ok {
					h.tick()
				}
			})
		}
	}
}
