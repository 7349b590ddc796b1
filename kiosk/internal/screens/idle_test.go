package screens

import (
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"onedoor/internal/uikit"
)

// fakeClock is Deps.AfterFunc on a clock the test moves.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Duration
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Duration
	f       func()
	stopped bool
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now + d, f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	}
}

// advance moves the clock by d and runs the timers due, in order.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now += d
	var due, rest []*fakeTimer
	for _, t := range c.timers {
		switch {
		case t.stopped:
		case t.at <= c.now:
			t.stopped = true
			due = append(due, t)
		default:
			rest = append(rest, t)
		}
	}
	c.timers = rest
	c.mu.Unlock()
	sort.SliceStable(due, func(i, j int) bool { return due[i].at < due[j].at })
	for _, t := range due {
		t.f()
	}
}

// idleRig is a rig whose idle timer runs on a fake clock, with the default 60 s idle
// time and 10 s countdown.
func idleRig(t *testing.T) (*rig, *fakeClock) {
	fc := &fakeClock{}
	r := newRig(t, rigOptions{tune: func(c *Config, d *Deps) {
		c.Idle, c.Countdown = time.Minute, 0
		d.AfterFunc = fc.AfterFunc
	}})
	return r, fc
}

// advance moves the fake clock second by second, letting the UI goroutine run what
// each second fired before the next.
func (r *rig) advance(fc *fakeClock, d time.Duration) {
	r.t.Helper()
	for step := time.Duration(0); step < d; step += time.Second {
		fc.advance(time.Second)
		r.ui.sync(func() {})
		r.ui.sync(func() {})
	}
}

// left is the countdown's seconds on screen (0: none).
func (r *rig) left() int {
	var n int
	r.ui.sync(func() { n = r.k.countdownLeft() })
	return n
}

// TestIdleCountdown leaves an item's checklist alone: nothing for 50 s, then "10 秒后返
// 回首页" counting down; "stay" takes it away and the wait starts again; in English it
// says "Returning to home in 10 s", and at zero the kiosk is home.
func TestIdleCountdown(t *testing.T) {
	r, fc := idleRig(t)
	r.goToItem("A", "440199-A-001")
	r.advance(fc, 49*time.Second)
	if n := r.left(); n != 0 {
		t.Fatalf("a countdown of %d s 11 s before the reset", n)
	}
	r.advance(fc, time.Second)
	if n := r.left(); n != 10 || !strings.Contains(r.texts(), "10 秒后返回首页") {
		t.Fatalf("countdown %d, texts lack 10 秒后返回首页", n)
	}
	r.advance(fc, 3*time.Second)
	if n := r.left(); n != 7 || !strings.Contains(r.texts(), "7 秒后返回首页") {
		t.Fatalf("countdown %d after 3 s more, want 7", n)
	}
	var stay *uikit.BigButton
	r.ui.sync(func() { stay = r.k.cd.stay })
	r.tap(stay)
	if n := r.left(); n != 0 || r.screen().name() != "item" {
		t.Fatalf("after stay: countdown %d on %s", n, r.screen().name())
	}
	r.ui.sync(func() { r.k.setLang(uikit.En) })
	r.advance(fc, 50*time.Second)
	if n := r.left(); n != 10 || !strings.Contains(r.texts(), "Returning to home in 10 s") {
		t.Fatalf("English countdown %d: %q", n, r.texts())
	}
	r.advance(fc, 9*time.Second)
	if r.screen().name() != "item" || r.left() != 1 {
		t.Fatalf("one second before the reset: %s, %d s", r.screen().name(), r.left())
	}
	r.advance(fc, time.Second)
	r.waitScreen("home")
	if n := r.left(); n != 0 {
		t.Errorf("home shows a countdown of %d s", n)
	}
}

// TestTouchOffButtonsIsActivity taps the checklist's heading, where there is no button:
// the idle wait starts again, and a tap on the countdown's backdrop stays too.
func TestTouchOffButtonsIsActivity(t *testing.T) {
	r, fc := idleRig(t)
	r.goToItem("A", "440199-A-001")
	r.advance(fc, 40*time.Second)
	off := fyne.NewPos(400, 40) // the item's name in the heading
	r.ui.sync(func() {
		if o := tappableAt(r.win, off); o != r.k.cd.catcher {
			t.Fatalf("the tap at %v lands on %T, not off the buttons", off, o)
		}
		test.TapCanvas(r.win.Canvas(), off)
	})
	r.advance(fc, 40*time.Second) // 80 s on the screen, 40 s since the tap
	if r.screen().name() != "item" || r.left() != 0 {
		t.Fatalf("40 s after a tap: %s, countdown %d", r.screen().name(), r.left())
	}
	r.advance(fc, 12*time.Second)
	if r.left() != 8 {
		t.Fatalf("countdown %d, want 8", r.left())
	}
	r.ui.sync(func() { test.TapCanvas(r.win.Canvas(), fyne.NewPos(20, 1060)) }) // the dimmed backdrop
	if r.screen().name() != "item" || r.left() != 0 {
		t.Fatalf("after a tap on the backdrop: %s, countdown %d", r.screen().name(), r.left())
	}
	r.advance(fc, 60*time.Second)
	r.waitScreen("home")
}

// TestScrollIsActivity scrolls the checklist 45 s into the wait: 45 s later the citizen
// is still reading it, with no countdown.
func TestScrollIsActivity(t *testing.T) {
	r, fc := idleRig(t)
	r.goToItem("A", "440199-A-001")
	r.advance(fc, 45*time.Second)
	var sc *container.Scroll
	r.ui.sync(func() { sc = findScroll(r.win.Content()) })
	if sc == nil {
		t.Fatal("the checklist has no scroll")
	}
	r.ui.sync(func() {
		sc.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -300}})
		if sc.Offset.Y <= 0 {
			t.Fatal("the checklist did not scroll (it fits the screen)")
		}
	})
	r.advance(fc, 45*time.Second)
	if r.screen().name() != "item" || r.left() != 0 {
		t.Fatalf("45 s after scrolling: %s, countdown %d", r.screen().name(), r.left())
	}
	r.advance(fc, 15*time.Second)
	r.waitScreen("home")
}

// TestNoCountdownOnRestingHome leaves home alone for several idle periods: no countdown.
func TestNoCountdownOnRestingHome(t *testing.T) {
	r, fc := idleRig(t)
	for range 150 {
		r.advance(fc, time.Second)
		if n := r.left(); n != 0 {
			t.Fatalf("home at rest counts down: %d s", n)
		}
	}
	if r.screen().name() != "home" {
		t.Fatalf("home at rest became %s", r.screen().name())
	}
	// Home in the other language is not at rest: it counts down back to Chinese.
	var h *home
	r.ui.sync(func() { h = r.k.current.(*home) })
	r.tap(h.lang)
	r.advance(fc, 50*time.Second)
	if n := r.left(); n != 10 || !strings.Contains(r.texts(), "Returning to home in 10 s") {
		t.Fatalf("home in English 50 s on: countdown %d", n)
	}
	r.advance(fc, 10*time.Second)
	r.ui.sync(func() {
		if r.k.tr.Lang() != uikit.Zh || r.k.countdownLeft() != 0 {
			t.Errorf("after the reset: %s, countdown %d", r.k.tr.Lang(), r.k.countdownLeft())
		}
	})
}

// tappableAt is the object a tap at pos reaches in w, as Fyne's driver finds it.
func tappableAt(w fyne.Window, pos fyne.Position) fyne.CanvasObject {
	var found fyne.CanvasObject
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if !o.Visible() {
			return
		}
		p := at.Add(o.Position())
		if pos.X < p.X || pos.Y < p.Y || pos.X >= p.X+o.Size().Width || pos.Y >= p.Y+o.Size().Height {
			return
		}
		if _, ok := o.(fyne.Tappable); ok {
			found = o
		}
		switch v := o.(type) {
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c, p)
			}
		case fyne.Widget:
			for _, c := range cacheRenderer(v) {
				walk(c, p)
			}
		}
	}
	walk(w.Content(), fyne.Position{})
	return found
}

// findScroll returns the first scroll container in o.
func findScroll(o fyne.CanvasObject) *container.Scroll {
	switch v := o.(type) {
	case *container.Scroll:
		return v
	case *fyne.Container:
		for _, c := range v.Objects {
			if s := findScroll(c); s != nil {
				return s
			}
		}
	}
	return nil
}
