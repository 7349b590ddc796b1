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
	"onedoor/internal/tools/xsoak"
)

// shadow is the caller's screens on Fyne's headless test driver at the real window's
// size and theme, logged in at another window of the same server and kept on the same
// screen as the real caller: it says where each button is. Its widgets are touched
// only on its loop.
type shadow struct {
	win fyne.Window
	app *screens.App
	ui  *xsoak.Loop // its widgets are touched only here
}

// newShadow starts a shadow caller of width × height, showing the login screen.
func newShadow(ctx context.Context, creds desk.Credentials, saveDir string, width, height float32) *shadow {
	s := &shadow{ui: xsoak.NewLoop(ctx)}
	s.ui.Sync(func() {
		a := test.NewApp()
		a.Settings().SetTheme(screens.Theme{})
		s.win = test.NewWindow(nil)
		s.win.Resize(fyne.NewSize(width, height))
		ui := screens.UI{Do: s.ui.Do, Go: func(f func()) { go f() }}
		s.app = screens.NewApp(s.win, screens.Options{Lang: screens.Zh, UI: ui, SaveDir: saveDir, Defaults: creds,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		s.app.Start()
	})
	return s
}

// until waits for cond, run on the loop, to hold.
func (s *shadow) until(cond func(a *screens.App) bool, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		s.ui.Sync(func() { ok = cond(s.app) })
		if ok {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}
