package hub

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"onedoor/internal/testkit"
)

// The writer's invariants, which stream.go keeps with a CAS turn, a linger and a kick:
// no goroutine outlives its connection, two writers never write one connection, and a
// ping reaches idle and busy connections alike.

// streamServer serves h's stream (no replay) on a loopback test server.
func streamServer(t *testing.T, h *Hub, req StreamRequest) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Serve(w, r, req, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

func seqMessage(seq uint64) *Message {
	b := []byte(fmt.Sprintf(`{"seq":%d}`, seq))
	return &Message{Seq: seq, Public: b, Staff: b}
}

// TestNoGoroutineOutlivesItsConnection connects and disconnects 10,000 times (-short:
// 1,000) while messages flow, in the three ways a connection ends — the client hangs up
// while idle, the client hangs up while its writer is busy, the hub drops it for being
// too slow — and then counts goroutines: back to where they started, no writer left.
func TestNoGoroutineOutlivesItsConnection(t *testing.T) {
	cycles := 10000
	if testing.Short() {
		cycles = 1000
	}
	h := newHub(4, 5*time.Millisecond, 2*time.Millisecond)
	defer h.Close()
	url := streamServer(t, h, StreamRequest{})
	dialer := &websocket.Dialer{HandshakeTimeout: 10 * time.Second}

	// One warm connection first, so the HTTP server's and the dialer's own goroutines
	// are counted in the baseline rather than as a leak.
	warm, _, err := dialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	warm.Close()
	testkit.Until(t, "the warm-up connection to end", 10*time.Second, func() bool { return h.Count() == 0 })
	runtime.GC()
	base := runtime.NumGoroutine()

	stop := make(chan struct{})
	var publisher sync.WaitGroup
	publisher.Add(1)
	go func() { // messages keep writers starting and lingering throughout
		defer publisher.Done()
		for seq := uint64(1); ; seq++ {
			select {
			case <-stop:
				return
			default:
			}
			h.Publish(seqMessage(seq))
			time.Sleep(50 * time.Microsecond) // a pace, not a synchronisation
		}
	}()

	var next atomic.Int64
	var failed atomic.Int64
	var clients sync.WaitGroup
	for w := 0; w < 8; w++ {
		clients.Add(1)
		go func() {
			defer clients.Done()
			for {
				i := next.Add(1)
				if i > int64(cycles) {
					return
				}
				ws, _, err := dialer.Dial(url, nil)
				if err != nil {
					failed.Add(1)
					continue
				}
				switch i % 3 {
				case 0: // hang up at once, mostly before anything is written
				case 1: // read a message, so a writer is running, then hang up
					ws.SetReadDeadline(time.Now().Add(5 * time.Second))
					ws.ReadMessage()
				case 2: // stay until dropped: a buffer of 4 against a message every
					// 50 µs overflows, the hub drops the subscriber and closes
					ws.SetReadDeadline(time.Now().Add(5 * time.Second))
					for {
						if _, _, err := ws.NextReader(); err != nil {
							break
						}
					}
				}
				ws.Close()
			}
		}()
	}
	clients.Wait()
	close(stop)
	publisher.Wait()

	if n := failed.Load(); n > 0 {
		t.Fatalf("%d of %d dials failed", n, cycles)
	}
	testkit.Until(t, "every subscriber to be gone", 20*time.Second, func() bool { return h.Count() == 0 })
	testkit.Until(t, "every writer to end", 20*time.Second, func() bool { return h.Writers() == 0 })
	// Goroutines end a little after their connection: wait for the count to settle
	// back to the baseline (a small margin for the HTTP server's idle keep-alives).
	var now int
	ok := false
	for end := time.Now().Add(20 * time.Second); !ok && time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		runtime.GC()
		now = runtime.NumGoroutine()
		ok = now <= base+2
	}
	if !ok {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Fatalf("after %d connections: %d goroutines, %d at the start\n%s", cycles, now, base, buf[:n])
	}
	if o := h.overlaps.Load(); o != 0 {
		t.Fatalf("two writers wrote one connection at once %d times", o)
	}
	t.Logf("%d connections: goroutines %d → %d, dropped as too slow %d", cycles, base, now, h.Dropped())
}

// TestWritesNeverOverlapAndArriveOnceInOrder publishes from several goroutines to many
// connections, with pings every millisecond and writers that linger only a millisecond,
// so turns are taken and given back as often as they can be: no two writers ever write
// one connection at once, and each connection receives every message once, in order.
func TestWritesNeverOverlapAndArriveOnceInOrder(t *testing.T) {
	const conns, perPublisher, publishers = 16, 500, 4
	const total = perPublisher * publishers
	h := newHub(total, time.Millisecond, time.Millisecond)
	defer h.Close()
	url := streamServer(t, h, StreamRequest{})

	type result struct {
		seqs []uint64
		err  error
	}
	results := make(chan result, conns)
	for i := 0; i < conns; i++ {
		ws, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ws.Close() })
		go func() {
			var r result
			ws.SetReadDeadline(time.Now().Add(30 * time.Second))
			for len(r.seqs) < total {
				_, data, err := ws.ReadMessage()
				if err != nil {
					r.err = err
					break
				}
				var m struct{ Seq uint64 }
				if err := json.Unmarshal(data, &m); err != nil {
					r.err = fmt.Errorf("message %q: %w", data, err)
					break
				}
				r.seqs = append(r.seqs, m.Seq)
			}
			results <- r
		}()
	}
	testkit.Until(t, "every connection subscribed", 10*time.Second, func() bool { return h.Count() == conns })

	// Publishers take sequence numbers under one lock, as the store commits: in order.
	var mu sync.Mutex
	var seq uint64
	var wg sync.WaitGroup
	for p := 0; p < publishers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perPublisher; i++ {
				mu.Lock()
				seq++
				h.Publish(seqMessage(seq))
				mu.Unlock()
				if i%50 == 0 {
					runtime.Gosched()
				}
			}
		}()
	}
	wg.Wait()

	for i := 0; i < conns; i++ {
		r := <-results
		if r.err != nil {
			t.Fatalf("a connection after %d messages: %v", len(r.seqs), r.err)
		}
		for j, s := range r.seqs {
			if s != uint64(j+1) {
				t.Fatalf("message %d has seq %d: lost, repeated or out of order", j+1, s)
			}
		}
	}
	if o := h.overlaps.Load(); o != 0 {
		t.Fatalf("two writers wrote one connection at once %d times", o)
	}
	if d := h.Dropped(); d != 0 {
		t.Fatalf("%d connections dropped with a buffer for every message", d)
	}
}

// TestPingsReachIdleAndBusyConnections: one connection receives a message every
// millisecond (its writer never lingers out) and one receives nothing (it has no
// writer); both are pinged on the hub's period.
func TestPingsReachIdleAndBusyConnections(t *testing.T) {
	h := newHub(64, 20*time.Millisecond, 50*time.Millisecond)
	defer h.Close()
	busyURL := streamServer(t, h, StreamRequest{Filter: Filter{Category: "A"}})
	idleURL := streamServer(t, h, StreamRequest{Filter: Filter{Category: "B"}})

	var busyPings, idlePings, busyMsgs, idleMsgs atomic.Int32
	connect := func(url string, pings, msgs *atomic.Int32) {
		ws, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ws.Close() })
		ws.SetPingHandler(func(string) error { pings.Add(1); return nil })
		go func() {
			for {
				if _, _, err := ws.ReadMessage(); err != nil {
					return
				}
				msgs.Add(1)
			}
		}()
	}
	connect(busyURL, &busyPings, &busyMsgs)
	connect(idleURL, &idlePings, &idleMsgs)
	testkit.Until(t, "both subscribed", 10*time.Second, func() bool { return h.Count() == 2 })

	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for seq := uint64(1); ; seq++ {
			select {
			case <-stop:
				return
			default:
			}
			m := seqMessage(seq)
			m.Category, m.TicketID = "A", "t"
			h.Publish(m)
			time.Sleep(time.Millisecond) // a pace, not a synchronisation
		}
	}()
	testkit.Until(t, "five pings on each connection", 20*time.Second, func() bool {
		return busyPings.Load() >= 5 && idlePings.Load() >= 5
	})
	close(stop)
	<-done
	if busyMsgs.Load() == 0 {
		t.Fatal("the busy connection received no message")
	}
	if n := idleMsgs.Load(); n != 0 {
		t.Fatalf("the idle connection received %d messages of another category", n)
	}
}
