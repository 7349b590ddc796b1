package screens

import (
	"sync"
	"time"
)

// afterFunc runs f once after d and returns a function that cancels it (time.AfterFunc
// in the app, a fake clock in tests).
type afterFunc func(d time.Duration, f func()) (stop func() bool)

// realAfter is afterFunc on the wall clock.
func realAfter(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }

// idleTimer calls fire on the UI goroutine when reset was not called for the duration
// last given. The last countdown() seconds before fire are counted down on screen when
// counts says so at that moment (it asks then, not at the reset: a language switched
// since makes home worth a countdown): warn gets the seconds left, once a second, and
// hide is called when a reset or stop cancels the countdown. A generation counter
// makes a timer that fired just before a reset harmless.
type idleTimer struct {
	do        func(func())
	after     afterFunc
	fire      func()
	countdown func() time.Duration // the countdown's length; 0: none
	counts    func() bool          // whether the screen shown counts down now
	warn      func(left int)
	hide      func()

	mu     sync.Mutex
	cancel func() bool
	gen    uint64
}

func newIdleTimer(do func(func()), after afterFunc, fire func()) *idleTimer {
	if after == nil {
		after = realAfter
	}
	return &idleTimer{do: do, after: after, fire: fire,
		countdown: func() time.Duration { return 0 }, counts: func() bool { return true },
		warn: func(int) {}, hide: func() {}}
}

// reset restarts the wait at d. It runs on the UI goroutine.
func (it *idleTimer) reset(d time.Duration) {
	it.mu.Lock()
	it.stopLocked()
	gen := it.gen
	it.mu.Unlock()
	it.hide()
	cd := it.countdown().Truncate(time.Second)
	if cd <= 0 || d <= cd {
		it.schedule(gen, d, it.fire)
		return
	}
	it.schedule(gen, d-cd, func() {
		if !it.counts() {
			it.schedule(gen, cd, it.fire)
			return
		}
		it.count(gen, int(cd/time.Second))
	})
}

// count shows left seconds and schedules the next second, or fires at zero.
func (it *idleTimer) count(gen uint64, left int) {
	if left <= 0 {
		it.hide()
		it.fire()
		return
	}
	it.warn(left)
	it.schedule(gen, time.Second, func() { it.count(gen, left-1) })
}

// schedule runs f on the UI goroutine after d unless the timer was reset or stopped.
func (it *idleTimer) schedule(gen uint64, d time.Duration, f func()) {
	it.mu.Lock()
	defer it.mu.Unlock()
	if gen != it.gen {
		return
	}
	it.cancel = it.after(d, func() {
		it.do(func() {
			it.mu.Lock()
			current := gen == it.gen
			it.mu.Unlock()
			if current {
				f()
			}
		})
	})
}

// stopLocked cancels what is scheduled (it.mu held).
func (it *idleTimer) stopLocked() {
	if it.cancel != nil {
		it.cancel()
		it.cancel = nil
	}
	it.gen++
}

// stop cancels the wait and any countdown shown.
func (it *idleTimer) stop() {
	it.mu.Lock()
	it.stopLocked()
	it.mu.Unlock()
	it.hide()
}
