package screens

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"onedoor/caller/internal/desk"
)

// Options configure the caller's screens.
type Options struct {
	Lang     Lang
	Defaults desk.Credentials
	// SaveDir is the folder documents are saved to when there is no printer.
	SaveDir string
	UI      UI
	Logger  *slog.Logger
}

// App is the caller in one window: the login screen, then the workstation.
type App struct {
	W    fyne.Window
	opts Options
	lang Lang
	ui   UI
	log  *slog.Logger

	Login *LoginScreen
	Main  *MainScreen
	// stop ends the session's stream.
	stop context.CancelFunc
	// pager renders the documents' pages, with a pdftoppm started ahead.
	pager *desk.Pager
}

// NewApp prepares the caller in w; Show it with Start.
func NewApp(w fyne.Window, opts Options) *App {
	if opts.Lang == "" {
		opts.Lang = Zh
	}
	if opts.UI.Do == nil {
		opts.UI = DefaultUI()
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &App{W: w, opts: opts, lang: opts.Lang, ui: opts.UI, log: opts.Logger, pager: &desk.Pager{}}
}

// Start shows the login screen.
func (a *App) Start() { a.showLogin("") }

// SetLang switches the language and rebuilds the screen shown.
func (a *App) SetLang(l Lang) {
	a.lang = l
	if a.Main != nil {
		a.Main.lang = l
		a.W.SetContent(a.Main.build())
		a.Main.refresh()
		return
	}
	a.showLogin("")
}

func (a *App) showLogin(msg string) {
	a.W.Canvas().SetOnTypedKey(a.routeKey)
	a.Login = &LoginScreen{app: a, lang: a.lang}
	a.W.SetContent(a.Login.build(a.opts.Defaults))
	if msg != "" {
		a.Login.status.SetText(msg)
	}
	a.W.Canvas().Focus(a.Login.firstField())
}

// routeKey takes the keys no focused widget used, from the window or passed on by
// the caller's key widgets: Enter logs in on the login screen; on the workstation the
// function keys act, and in a dialog Enter confirms and Escape cancels.
func (a *App) routeKey(ev *fyne.KeyEvent) {
	if a.Main != nil {
		a.Main.typedKey(ev)
		return
	}
	if l := a.Login; l != nil && isEnter(ev.Name) && !l.Submit.Disabled() {
		l.submit(false)
	}
}

// loggedIn opens the workstation for a session, showing st, its state as loaded.
func (a *App) loggedIn(d *desk.Desk, st deskState) {
	ctx, cancel := context.WithCancel(context.Background())
	a.stop = cancel
	a.Main = newMainScreen(a, d)
	a.W.SetContent(a.Main.build())
	a.W.Canvas().SetOnTypedKey(a.routeKey)
	a.Main.begin(ctx, st)
	a.pager.PrepareAfter(time.Second, pageDPI(a.W.Canvas().Scale())) // once the workstation is drawn
}

// sessionEnded goes back to the login screen when the token stopped working, and then
// looks whether the clerk logged in at another window, which it says instead.
func (a *App) sessionEnded() {
	d := a.Main.d
	if a.stop != nil {
		a.stop()
	}
	a.Main = nil
	a.showLogin(texts.S(a.lang, "ended"))
	login := a.Login
	a.ui.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if n, ok := d.WhyEnded(ctx); ok {
			a.ui.Do(func() {
				if a.Login == login && a.Main == nil {
					login.status.SetText(texts.S(a.lang, "moved", n))
				}
			})
		}
	})
}

// sessionMoved goes back to the login screen when the stream says the clerk logged in
// at window n: one clerk holds one window.
func (a *App) sessionMoved(n int) {
	if a.stop != nil {
		a.stop()
	}
	a.Main = nil
	a.showLogin(texts.S(a.lang, "moved", n))
}

// Close ends the stream and stops the pdftoppm waiting for a page.
func (a *App) Close() {
	if a.stop != nil {
		a.stop()
	}
	a.pager.Close()
}

// task runs f in the background with a timeout and hands its error to done on the UI
// goroutine; a session that ended goes back to the login screen.
func (a *App) task(f func(ctx context.Context) error, done func(err error)) {
	a.ui.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err := f(ctx)
		a.ui.Do(func() {
			if errors.Is(err, desk.ErrSessionEnded) && a.Main != nil {
				a.sessionEnded()
				return
			}
			done(err)
		})
	})
}
