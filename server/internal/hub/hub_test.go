package hub

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"onedoor/internal/testkit"
)

func TestSlowSubscriberIsDropped(t *testing.T) {
	h := New(4)
	slow := h.Subscribe(false, Filter{})
	fast := h.Subscribe(false, Filter{})
	got := 0
	for i := 1; i <= 10; i++ {
		h.Publish(&Message{Seq: uint64(i), Public: []byte("{}"), Staff: []byte("{}")})
		<-fast.C // the fast one keeps up
		got++
	}
	select {
	case <-slow.Gone():
	default:
		t.Fatal("a subscriber with a full buffer was not dropped")
	}
	select {
	case <-fast.Gone():
		t.Fatal("the fast subscriber was dropped")
	default:
	}
	if h.Count() != 1 || h.Dropped() != 1 || got != 10 {
		t.Fatalf("count %d dropped %d got %d", h.Count(), h.Dropped(), got)
	}
}

func TestFilter(t *testing.T) {
	for _, tc := range []struct {
		f    Filter
		m    Message
		want bool
	}{
		{Filter{}, Message{TicketID: "x", Category: "A"}, true},
		{Filter{Ticket: "x", Category: "A"}, Message{TicketID: "x", Category: "B"}, true},
		{Filter{Ticket: "x", Category: "A"}, Message{TicketID: "y", Category: "A"}, true},
		{Filter{Ticket: "x", Category: "A"}, Message{TicketID: "y", Category: "B"}, false},
		{Filter{Category: "A"}, Message{}, true}, // window and day events reach every screen
		{Filter{Board: true}, Message{Board: true, TicketID: "x", Category: "A"}, true},
		{Filter{Board: true}, Message{TicketID: "x", Category: "A"}, false}, // a ticket issued: counts only
		{Filter{Board: true}, Message{Summary: true}, true},
		{Filter{}, Message{Summary: true}, false}, // the full stream has every event itself
		{Filter{Category: "A"}, Message{Summary: true}, false},
		{Filter{Board: true, Category: "A"}, Message{Board: true, TicketID: "y", Category: "B"}, false},
		{Filter{Board: true, Category: "A"}, Message{Summary: true}, true},
	} {
		if got := tc.f.match(&tc.m); got != tc.want {
			t.Errorf("%+v matches %+v = %v", tc.f, tc.m, got)
		}
	}
}

func TestClosedHubRefusesSubscribers(t *testing.T) {
	h := New(1)
	s := h.Subscribe(true, Filter{})
	h.Close()
	select {
	case <-s.Gone():
	default:
		t.Fatal("close did not drop the subscriber")
	}
	if h.Subscribe(false, Filter{}) != nil {
		t.Fatal("subscribed to a closed hub")
	}
}

// dialStream serves h's stream for req, replaying through replay, on a test server and
// connects a WebSocket client to it; server and client close when the test ends.
func dialStream(t *testing.T, h *Hub, req StreamRequest, replay Replayer) *websocket.Conn {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Serve(w, r, req, replay, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}))
	t.Cleanup(srv.Close)
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

// dial connects a websocket client to a test server around h, lets setup prepare it,
// and collects its messages; the channel closes when the connection ends.
func dial(t *testing.T, h *Hub, setup func(*websocket.Conn)) <-chan string {
	t.Helper()
	ws := dialStream(t, h, StreamRequest{}, nil)
	if setup != nil {
		setup(ws)
	}
	got := make(chan string, 8)
	go func() {
		defer close(got)
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			got <- string(data)
		}
	}()
	testkit.Until(t, "the subscriber", 5*time.Second, func() bool { return h.Count() == 1 })
	return got
}

// TestIdleConnectionIsPinged: with no writer goroutine while idle, the hub's one ticker
// still pings every connection.
func TestIdleConnectionIsPinged(t *testing.T) {
	h := newHub(8, 20*time.Millisecond, 10*time.Millisecond)
	defer h.Close()
	var pings atomic.Int32
	dial(t, h, func(ws *websocket.Conn) {
		ws.SetPingHandler(func(string) error { pings.Add(1); return nil })
	})
	testkit.Until(t, "three pings", 5*time.Second, func() bool { return pings.Load() >= 3 })
}

// TestPublishWakesAWriter: an idle connection has no writer goroutine; a message
// published to it wakes one that delivers it, in order, once (no ping comes to help
// here); closing the hub sends a close and ends the connection.
func TestPublishWakesAWriter(t *testing.T) {
	h := newHub(8, time.Hour, 10*time.Millisecond)
	defer h.Close()
	got := dial(t, h, nil)
	for round := 0; round < 3; round++ {
		// Idle between rounds: the writer has ended, and each round needs a fresh one.
		testkit.Until(t, "no writer while idle", 5*time.Second, func() bool { return h.Writers() == 0 })
		for i := 1; i <= 3; i++ {
			seq := round*3 + i
			h.Publish(&Message{Seq: uint64(seq), Public: []byte(fmt.Sprintf(`{"seq":%d}`, seq)), Staff: []byte("{}")})
		}
		for i := 1; i <= 3; i++ {
			want := fmt.Sprintf(`{"seq":%d}`, round*3+i)
			select {
			case m := <-got:
				if m != want {
					t.Fatalf("got %s, want %s", m, want)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("%s never came", want)
			}
		}
	}
	h.Close()
	select {
	case _, open := <-got:
		if open {
			t.Fatal("a message after the hub closed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the connection did not end when the hub closed")
	}
}
