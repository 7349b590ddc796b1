package xsoak

import "context"

// Loop runs functions one at a time on one goroutine until its context ends, as
// Fyne's driver runs a window's: a shadow app's widgets are touched only there.
type Loop struct {
	ch  chan func()
	ctx context.Context
}

// NewLoop starts a loop that ends with ctx.
func NewLoop(ctx context.Context) *Loop {
	l := &Loop{ch: make(chan func(), 64), ctx: ctx}
	go func() {
		for {
			select {
			case f := <-l.ch:
				f()
			case <-ctx.Done():
				return
			}
		}
	}()
	return l
}

// Do queues f; once the context has ended it drops f (a screen's UI.Do or Deps.Do).
func (l *Loop) Do(f func()) {
	select {
	case l.ch <- f:
	case <-l.ctx.Done():
	}
}

// Sync runs f on the loop and waits for it; once the context has ended it returns
// without: the loop is gone.
func (l *Loop) Sync(f func()) {
	done := make(chan struct{})
	select {
	case l.ch <- func() { f(); close(done) }:
	case <-l.ctx.Done():
		return
	}
	select {
	case <-done:
	case <-l.ctx.Done():
	}
}
