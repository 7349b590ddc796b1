package soak

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/internal/client"
	"onedoor/internal/tools/xsoak"
	"onedoor/internal/uikit"
	"onedoor/kiosk/internal/idcard"
	"onedoor/kiosk/internal/printer"
	"onedoor/kiosk/internal/screens"
)

// shadow is the kiosk's screens on Fyne's headless test driver, at the real window's
// size, scale and theme, against the same server: kept on the same screen as the real
// kiosk, it says where each button is. Its widgets are touched only on its loop.
type shadow struct {
	win   fyne.Window
	k     *screens.Kiosk
	ui    *xsoak.Loop // its widgets are touched only here
	cards chan *idcard.Card
	mu    sync.Mutex
	shown string // the screen it shows, from its log
}

// newShadow starts a shadow kiosk of width × height against the server.
func newShadow(ctx context.Context, url, token string, width, height float32) *shadow {
	s := &shadow{ui: xsoak.NewLoop(ctx), cards: make(chan *idcard.Card, 1)}
	s.ui.Sync(func() {
		a := test.NewApp()
		a.Settings().SetTheme(uikit.Theme{})
		s.win = test.NewWindow(nil)
		s.win.Resize(fyne.NewSize(width, height))
		log := slog.New(slog.NewTextHandler(screenLog{s}, nil))
		s.k = screens.New(s.win, screens.Config{KioskID: "soak-shadow", Idle: time.Hour, TapGuard: -1},
			screens.Deps{API: client.New(url, token), Reader: cardFeed(s.cards), Printer: paper{}, Do: s.ui.Do, Log: log})
		s.k.Start(ctx)
	})
	return s
}

// screen is the screen the shadow shows.
func (s *shadow) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shown
}

// waitScreen waits until the shadow shows name.
func (s *shadow) waitScreen(name string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for s.screen() != name {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// screenLog takes the screen names from the shadow's log lines ("msg=screen … name=X").
type screenLog struct{ s *shadow }

func (w screenLog) Write(p []byte) (int, error) {
	for _, line := range strings.Split(string(p), "\n") {
		if name, ok := screenName(line); ok {
			w.s.mu.Lock()
			w.s.shown = name
			w.s.mu.Unlock()
		}
	}
	return len(p), nil
}

// screenName reads the screen's name from a kiosk log line about a screen shown.
func screenName(line string) (string, bool) {
	if !strings.Contains(line, "msg=screen ") {
		return "", false
	}
	i := strings.LastIndex(line, " name=")
	if i < 0 {
		return "", false
	}
	return strings.TrimSpace(line[i+len(" name="):]), true
}

// cardFeed is the shadow's card reader: a card arrives when the soak sends one.
type cardFeed chan *idcard.Card

func (c cardFeed) Next(ctx context.Context) (*idcard.Card, error) {
	select {
	case card := <-c:
		return card, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// paper is the shadow's printer: every ticket prints at once, as the simulator does.
type paper struct{}

func (paper) Print(context.Context, printer.Ticket) error { return nil }

// sampleCard is the synthetic resident the shadow reads (the simulator's "resident").
func sampleCard() *idcard.Card {
	return &idcard.Card{Type: idcard.Resident, Name: "李测试", IDNumber: "110101199003071233",
		Birth: time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC)}
}

// tapShadow taps the shadow's object behind t, if there is one.
func tapShadow(t xsoak.Target) {
	if t.Obj != nil {
		test.Tap(t.Obj)
	}
}
