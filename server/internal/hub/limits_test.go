package hub

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestReserveNeverPassesTheCap hammers Reserve from many goroutines at once: the number
// of slots held never exceeds the cap, every refused attempt came while it was full,
// and every slot comes back.
func TestReserveNeverPassesTheCap(t *testing.T) {
	const limit = 7
	h := New(4)
	defer h.Close()
	h.SetLimits(Limits{MaxStreams: limit})
	// Full is full: the slot after the cap is refused, and releasing one frees one.
	var slots []*Slot
	for range limit {
		if s := h.Reserve(); s != nil {
			slots = append(slots, s)
		}
	}
	if len(slots) != limit || h.Reserve() != nil {
		t.Fatalf("%d of %d slots reserved, and the next was not refused", len(slots), limit)
	}
	slots[0].Release()
	if s := h.Reserve(); s == nil {
		t.Fatal("a released slot could not be reserved again")
	} else {
		slots[0] = s
	}
	for _, s := range slots {
		s.Release()
	}
	var held, most, refused atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := 0; i < 2000; i++ {
				s := h.Reserve()
				if s == nil {
					refused.Add(1)
					continue
				}
				n := held.Add(1)
				for {
					m := most.Load()
					if n <= m || most.CompareAndSwap(m, n) {
						break
					}
				}
				if r := h.Reserved(); r > limit {
					t.Errorf("%d slots reserved, cap %d", r, limit)
				}
				runtime.Gosched() // hold the slot while others try

				held.Add(-1)
				s.Release()
				s.Release() // twice is harmless
			}
		}()
	}
	close(start)
	wg.Wait()
	if m := most.Load(); m > limit {
		t.Fatalf("%d slots held at once, cap %d", m, limit)
	}
	t.Logf("%d attempts refused while the cap was full; at most %d held", refused.Load(), most.Load())
	if r := h.Reserved(); r != 0 {
		t.Fatalf("%d slots still reserved after every release", r)
	}
}

// TestReplayTurnsAreCapped: with every turn taken, a replay waits at most ReplayWait
// and is then refused; a released turn goes to the next.
func TestReplayTurnsAreCapped(t *testing.T) {
	h := New(4)
	defer h.Close()
	h.SetLimits(Limits{MaxReplays: 2, ReplayWait: 50 * time.Millisecond})
	ctx := context.Background()
	d1, ok1 := h.replayTurn(ctx)
	_, ok2 := h.replayTurn(ctx)
	if !ok1 || !ok2 {
		t.Fatal("free turns refused")
	}
	start := time.Now()
	if _, ok := h.replayTurn(ctx); ok {
		t.Fatal("a third turn with a cap of 2")
	}
	if waited := time.Since(start); waited < 50*time.Millisecond || waited > 5*time.Second {
		t.Fatalf("refused after %v, want after the 50 ms wait", waited)
	}
	d1()
	if _, ok := h.replayTurn(ctx); !ok {
		t.Fatal("a released turn was not given again")
	}
}
