package hub

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"onedoor/internal/testkit"
)

// The tests in this file each kill a mutant that survived the package's other tests and
// the app tests make mutate runs for it (internal/tools/mutate); the mutant is named above
// each.

// hub.go newHub: a buffer of 0 or less means the default of 64 messages (64 → 65
// survived): the 64th message waits in the buffer, the 65th drops the subscriber.
func TestDefaultBufferIs64(t *testing.T) {
	for _, buffer := range []int{0, -1} {
		h := New(buffer)
		s := h.Subscribe(false, Filter{})
		for i := 1; i <= 64; i++ {
			h.Publish(&Message{Seq: uint64(i), Public: []byte("{}"), Staff: []byte("{}")})
		}
		select {
		case <-s.Gone():
			t.Fatalf("New(%d): dropped with 64 messages buffered", buffer)
		default:
		}
		h.Publish(&Message{Seq: 65, Public: []byte("{}"), Staff: []byte("{}")})
		select {
		case <-s.Gone():
		default:
			t.Fatalf("New(%d): not dropped at the 65th message", buffer)
		}
		h.Close()
	}
	// A buffer of 1 is kept as asked (`<= 0` → `<= 1` survived).
	h := New(1)
	defer h.Close()
	s := h.Subscribe(false, Filter{})
	h.Publish(&Message{Seq: 1, Public: []byte("{}"), Staff: []byte("{}")})
	h.Publish(&Message{Seq: 2, Public: []byte("{}"), Staff: []byte("{}")})
	select {
	case <-s.Gone():
	default:
		t.Fatal("New(1): not dropped at the second message")
	}
}

// stream.go replay: a subscriber further behind than MaxReplay gets a stream.reset and
// then stays connected for live events (the write check negated, ending the connection
// after the reset, survived).
func TestFarBehindSubscriberGetsResetThenLive(t *testing.T) {
	h := newHub(8, time.Hour, 10*time.Millisecond)
	defer h.Close()
	replay := func(after uint64, limit int, _ bool) ([]*Message, uint64, error) {
		msgs := make([]*Message, limit)
		for i := range msgs {
			seq := after + uint64(i) + 1
			msgs[i] = &Message{Seq: seq, Public: []byte(fmt.Sprintf(`{"seq":%d}`, seq)), Staff: []byte("{}")}
		}
		return msgs, 20000, nil
	}
	ws := dialStream(t, h, StreamRequest{After: 1, HasAfter: true}, replay)
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, first, err := ws.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	var reset struct {
		Type string `json:"type"`
		Seq  uint64 `json:"seq"`
	}
	if err := json.Unmarshal(first, &reset); err != nil || reset.Type != "stream.reset" || reset.Seq != 20000 {
		t.Fatalf("first message %s (%v), want a stream.reset at 20000", first, err)
	}
	testkit.Until(t, "the subscriber", 5*time.Second, func() bool { return h.Count() == 1 })
	h.Publish(&Message{Seq: 20001, Public: []byte(`{"seq":20001}`), Staff: []byte("{}")})
	_, live, err := ws.ReadMessage()
	if err != nil || string(live) != `{"seq":20001}` {
		t.Fatalf("after the reset: %s, %v; want the live event 20001", live, err)
	}
}

// hub.go Unsubscribe: a client that goes ends its lingering writer at once, not when the
// linger runs out (the drop removed left the writer waiting: with production settings a
// goroutine per closed connection for the linger).
func TestClientGoneEndsLingeringWriter(t *testing.T) {
	h := newHub(8, time.Hour, time.Hour)
	defer h.Close()
	ws := dialStream(t, h, StreamRequest{}, nil)
	testkit.Until(t, "the subscriber", 5*time.Second, func() bool { return h.Count() == 1 })
	h.Publish(&Message{Seq: 1, Public: []byte(`{"seq":1}`), Staff: []byte("{}")})
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := ws.ReadMessage(); err != nil {
		t.Fatal(err)
	}
	if h.Writers() != 1 {
		t.Fatalf("%d writers after a delivery, want the one lingering", h.Writers())
	}
	ws.Close()
	testkit.Until(t, "the writer to end", 5*time.Second, func() bool { return h.Count() == 0 && h.Writers() == 0 })
}

// stream.go: a client message over 512 bytes ends the connection (512 → 513 survived).
func TestClientMessageOverReadLimitEndsConnection(t *testing.T) {
	h := newHub(8, time.Hour, 10*time.Millisecond)
	defer h.Close()
	var ws *websocket.Conn
	dial(t, h, func(c *websocket.Conn) { ws = c })
	if err := ws.WriteMessage(websocket.TextMessage, []byte(strings.Repeat("x", 513))); err != nil {
		t.Fatal(err)
	}
	testkit.Until(t, "the connection to end", 5*time.Second, func() bool { return h.Count() == 0 })
}

// stream.go writeAll: an event that is both replayed and queued live is sent once (`<=`
// → `<` sent it twice: the red team's "a replayed event sent twice").
func TestEventReplayedAndLiveSentOnce(t *testing.T) {
	h := newHub(8, time.Hour, 10*time.Millisecond)
	defer h.Close()
	msg := func(seq uint64) *Message {
		return &Message{Seq: seq, Public: []byte(fmt.Sprintf(`{"seq":%d}`, seq)), Staff: []byte("{}")}
	}
	replay := func(after uint64, limit int, _ bool) ([]*Message, uint64, error) {
		// Event 3 commits while the replay reads: it is in the log and in the live buffer.
		h.Publish(msg(3))
		return []*Message{msg(2), msg(3)}, 3, nil
	}
	ws := dialStream(t, h, StreamRequest{After: 1, HasAfter: true}, replay)
	testkit.Until(t, "the subscriber", 5*time.Second, func() bool { return h.Count() == 1 })
	h.Publish(msg(4))
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var got []string
	for len(got) < 3 {
		_, data, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("after %v: %v", got, err)
		}
		got = append(got, string(data))
	}
	if want := []string{`{"seq":2}`, `{"seq":3}`, `{"seq":4}`}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("received %v, want %v", got, want)
	}
}
