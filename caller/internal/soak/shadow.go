package soak

import (
	"context"
	"io"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/caller/internal/desk"
	"onedoor/caller/internal/screens"
)

// shadow is the caller's screens on Fyne's headless test driver at the real window's
// size and theme, logged in at another window of the same server and kept on the same
// screen as the real caller: it says where each button is. Its widgets are touched
// only on its loop.
type shadow struct {
	win  fyne.Window
	app  *screens.App
	loop chan func()
	ctx  context.Context
}

// newShadow starts a shadow caller of width × height, showing the login screen.
func newShadow(ctx context.Context, creds desk.Credentials, saveDir string, width, height float32) *shadow {
	s := &shadow{ctx: ctx, loop: make(chan func(), 64)}
	go func() {
		for {
			select {
			case f := <-s.loop:
				f()
			case <-ctx.Done():
				return
			}
		}
	}()
	s.sync(func() {
		a := test.NewApp()
		a.Settings().SetTheme(screens.Theme{})
		s.win = test.NewWindow(nil)
		s.win.Resize(fyne.NewSize(width, height))
		ui := screens.UI{Do: s.do, Go: func(f func()) { go f() }}
		s.app = screens.NewApp(s.win, screens.Options{Lang: screens.Zh, UI: ui, SaveDir: saveDir, Defaults: creds,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		s.app.Start()
	})
	return s
}

// do queues f on the shadow's loop; after the soak ends it drops f (its UI.Do).
func (s *shadow) do(f func()) {
	select {
	case s.loop <- f:
	case <-s.ctx.Done():
	}
}

// sync runs f on the loop and waits for it; once the soak ends (ctx), it returns
// without: the loop is gone.
func (s *shadow) sync(f func()) {
	done := make(chan struct{})
	select {
	case s.loop <- func() { f(); close(done) }:
	case <-s.ctx.Done():
		return
	}
	select {
	case <-done:
	case <-s.ctx.Done():
	}
}

// until waits for cond, run on the loop, to hold.
func (s *shadow) until(cond func(a *screens.App) bool, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		s.sync(func() { ok = cond(s.app) })
		if ok {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}
