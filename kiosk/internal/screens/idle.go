package screens

import (
	"sync"
	"time"
)

// idleTimer calls fire on the UI goroutine when reset was not called for the duration
// last given. A generation counter makes a timer that fired just before a reset harmless.
type idleTimer struct {
	do   func(func())
	fire func()

	mu  sync.Mutex
	t   *time.Timer
	gen uint64
}

func newIdleTimer(do func(func()), fire func()) *idleTimer {
	return &idleTimer{do: do, fire: fire}
}

// reset restarts the countdown at d.
func (it *idleTimer) reset(d time.Duration) {
	it.mu.Lock()
	defer it.mu.Unlock()
	if it.t != nil {
		it.t.Stop()
	}
	it.gen++
	gen := it.gen
	it.t = time.AfterFunc(d, func() {
		it.do(func() {
			it.mu.Lock()
			current := gen == it.gen
			it.mu.Unlock()
			if current {
				it.fire()
			}
		})
	})
}

// stop cancels the countdown.
func (it *idleTimer) stop() {
	it.mu.Lock()
	defer it.mu.Unlock()
	if it.t != nil {
		it.t.Stop()
	}
	it.gen++
}
