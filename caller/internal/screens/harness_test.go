package screens

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/caller/internal/desk"
)

// pump is the UI goroutine of a test: background work queues its widget updates here
// and the test runs them on its own goroutine while it waits.
type pump struct {
	mu  sync.Mutex
	fs  []func()
	sig chan struct{}
}

func (p *pump) Do(f func()) {
	p.mu.Lock()
	p.fs = append(p.fs, f)
	p.mu.Unlock()
	select {
	case p.sig <- struct{}{}:
	default:
	}
}

func (p *pump) run() {
	p.mu.Lock()
	fs := p.fs
	p.fs = nil
	p.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// runOne runs the first queued update, if any, and reports whether there was one.
func (p *pump) runOne() bool {
	p.mu.Lock()
	if len(p.fs) == 0 {
		p.mu.Unlock()
		return false
	}
	f := p.fs[0]
	p.fs = p.fs[1:]
	p.mu.Unlock()
	f()
	return true
}

// harness is the caller in a test window against a server.
type harness struct {
	t   *testing.T
	srv *server
	app *App
	w   fyne.Window
	p   *pump
}

var testApp = sync.OnceValue(func() fyne.App {
	a := test.NewApp()
	a.Settings().SetTheme(Theme{})
	return a
})

func newHarness(t *testing.T, srv *server, lang Lang) *harness {
	t.Helper()
	testApp()
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	p := &pump{sig: make(chan struct{}, 1)}
	ui := UI{Do: p.Do, Go: func(f func()) { go f() }}
	a := NewApp(w, Options{Lang: lang, UI: ui, SaveDir: t.TempDir(),
		Defaults: desk.Credentials{Server: srv.URL, Staff: "demo1", PIN: "123456", Window: 1, Client: srv.trust}})
	a.Start()
	h := &harness{t: t, srv: srv, app: a, w: w, p: p}
	t.Cleanup(func() { a.Close(); w.Close() })
	return h
}

// wait runs the UI's queued updates until cond holds, failing after 15 s.
func (h *harness) wait(what string, cond func() bool) {
	h.t.Helper()
	h.waitBy(what, cond, false)
}

// waitEach is wait, checking cond after every single update rather than after a
// batch: for what must hold at the very update that makes something appear.
func (h *harness) waitEach(what string, cond func() bool) {
	h.t.Helper()
	h.waitBy(what, cond, true)
}

func (h *harness) waitBy(what string, cond func() bool, each bool) {
	h.t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		if each {
			for h.p.runOne() {
				if cond() {
					return
				}
			}
		} else {
			h.p.run()
		}
		if cond() {
			return
		}
		select {
		case <-h.p.sig:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			h.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// serve calls the next ticket, starts serving it, ticks the materials codes and
// opens the outcome dialog.
func (h *harness) serve(codes ...string) *FinishDialog {
	h.t.Helper()
	m := h.app.Main
	h.key(fyne.KeyF1)
	h.state("called")
	h.key(fyne.KeyF3)
	h.state("serving")
	for _, code := range codes {
		test.Tap(m.ticket.Checks[code])
	}
	h.key(fyne.KeyF6)
	if m.Finish == nil || m.Popup == nil {
		h.t.Fatal("F6 opened no outcome dialog")
	}
	return m.Finish
}

// login fills the login screen and waits for the workstation.
func (h *harness) login(staff string, window int) *MainScreen {
	h.t.Helper()
	l := h.app.Login
	l.Staff.SetText(staff)
	l.Window.SetText(strconv.Itoa(window))
	test.Tap(l.Submit)
	h.wait("the workstation", func() bool { return h.app.Main != nil && h.app.Main.live != nil })
	m := h.app.Main
	h.wait("the stream", func() bool { return m.live.Up() })
	return m
}

// key presses a key as the desktop driver delivers it: Tab moves the focus (unless
// the focused widget takes tabs); other keys go to the focused widget when there is
// one, else to the window's canvas.
func (h *harness) key(k fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: k}
	c := h.w.Canvas()
	if k == fyne.KeyTab {
		if t, ok := c.Focused().(fyne.Tabbable); !ok || !t.AcceptsTab() {
			c.FocusNext()
			return
		}
	}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	c.(interface {
		OnTypedKey() func(*fyne.KeyEvent)
	}).OnTypedKey()(ev)
}

// state waits for the current ticket to be in state ("" for none).
func (h *harness) state(want string) {
	h.t.Helper()
	m := h.app.Main
	h.wait("ticket state "+want, func() bool {
		if want == "" {
			return m.cur == nil
		}
		return m.cur != nil && m.cur.State == want
	})
}

func tap(b fyne.Tappable) { test.Tap(b) }

// atDesk starts a server and logs clerk demo1 in at window 1 in Chinese: the set-up the
// keyboard and action tests share.
func atDesk(t *testing.T) (*server, *harness, *MainScreen) {
	t.Helper()
	srv := startServer(t)
	h := newHarness(t, srv, Zh)
	return srv, h, h.login("demo1", 1)
}
