package hub

import (
	"context"
	"sync"
	"time"
)

// Limits bound what the stream may cost: open connections, and replays reading the log
// at the same time.
type Limits struct {
	// MaxStreams caps the open stream connections; 0 means no cap.
	MaxStreams int
	// MaxReplays caps the replay pages read from the store at once; 0 means no cap.
	MaxReplays int
	// ReplayWait is how long a connection waits for a replay turn before it is told the
	// server is busy; default 5 s.
	ReplayWait time.Duration
}

// limiter holds the hub's slots: stream connections counted from before the upgrade to
// the connection's end, and the replay turns.
type limiter struct {
	mu      sync.Mutex
	streams int // slots reserved: upgrading or connected
	lim     Limits
	replays chan struct{} // a token per replay page being read; nil: no cap
}

// SetLimits sets the hub's limits; call it before serving.
func (h *Hub) SetLimits(l Limits) {
	if l.ReplayWait <= 0 {
		l.ReplayWait = 5 * time.Second
	}
	h.lim.mu.Lock()
	defer h.lim.mu.Unlock()
	h.lim.lim = l
	h.lim.replays = nil
	if l.MaxReplays > 0 {
		h.lim.replays = make(chan struct{}, l.MaxReplays)
	}
}

// Slot is a reserved stream connection. Release it exactly when the connection ends;
// releasing twice is harmless.
type Slot struct {
	h    *Hub
	once sync.Once
}

// Reserve takes a stream slot, checking the cap and counting the slot in one step so
// that concurrent connects can never pass the cap; nil when the cap is reached.
func (h *Hub) Reserve() *Slot {
	h.lim.mu.Lock()
	defer h.lim.mu.Unlock()
	if max := h.lim.lim.MaxStreams; max > 0 && h.lim.streams >= max {
		return nil
	}
	h.lim.streams++
	return &Slot{h: h}
}

// Release gives the slot back.
func (s *Slot) Release() {
	if s == nil {
		return
	}
	s.once.Do(func() {
		s.h.lim.mu.Lock()
		s.h.lim.streams--
		s.h.lim.mu.Unlock()
	})
}

// Reserved returns how many stream slots are taken: connections open or being opened.
func (h *Hub) Reserved() int {
	h.lim.mu.Lock()
	defer h.lim.mu.Unlock()
	return h.lim.streams
}

// replayTurn waits for a turn to read a replay page, up to the limit's wait or ctx's
// end; the returned func gives it back. ok is false when no turn came in time.
func (h *Hub) replayTurn(ctx context.Context) (done func(), ok bool) {
	h.lim.mu.Lock()
	sem, wait := h.lim.replays, h.lim.lim.ReplayWait
	h.lim.mu.Unlock()
	if sem == nil {
		return func() {}, true
	}
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, true
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, true
	case <-t.C:
		return nil, false
	case <-ctx.Done():
		return nil, false
	}
}
