package hub

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Timing of the stream's keep-alive.
const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = 25 * time.Second
	// MaxReplay is the most events replayed on connect; a subscriber further behind gets
	// a stream.reset and fetches the state afresh.
	MaxReplay = 10000
)

// Replayer returns the committed messages after seq, up to limit, and the newest seq.
type Replayer func(after uint64, limit int) ([]*Message, uint64, error)

var writePool sync.Pool

var upgrader = websocket.Upgrader{
	ReadBufferSize:  512,
	WriteBufferSize: 4096,
	WriteBufferPool: &writePool,
	// The stream is read-only and authenticated by bearer token, never by cookie, so
	// any origin may read it: boards run from the server's own pages or a kiosk browser.
	CheckOrigin: func(*http.Request) bool { return true },
}

// StreamRequest says what a connecting subscriber wants.
type StreamRequest struct {
	After    uint64
	HasAfter bool
	Staff    bool
	Filter   Filter
}

// Serve upgrades the request to a websocket and streams to it: first the events after
// req.After from replay (when asked for), then live ones, each exactly once and in
// order, until the client goes, is too slow, or the hub closes.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, req StreamRequest, replay Replayer, log *slog.Logger) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	// The connection is ours now: serve it from a fresh goroutine and let the HTTP
	// server's goroutine, whose stack grew while parsing the request, end. An idle
	// subscriber then costs two small stacks.
	go h.serve(conn, req, replay, log)
}

func (h *Hub) serve(conn *websocket.Conn, req StreamRequest, replay Replayer, log *slog.Logger) {
	defer conn.Close()
	sub := h.Subscribe(req.Staff, req.Filter)
	if sub == nil {
		conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"), time.Now().Add(time.Second))
		return
	}
	defer h.Unsubscribe(sub)

	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		conn.SetReadLimit(512)
		conn.SetReadDeadline(time.Now().Add(pongWait))
		conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(pongWait)) })
		for {
			if _, _, err := conn.NextReader(); err != nil {
				return
			}
		}
	}()

	var sent uint64
	if req.HasAfter {
		msgs, last, err := replay(req.After, MaxReplay+1)
		if err != nil {
			log.Error("stream replay", "err", err)
			return
		}
		if len(msgs) > MaxReplay {
			reset, _ := json.Marshal(map[string]any{"type": "stream.reset", "seq": last})
			if write(conn, websocket.TextMessage, reset) != nil {
				return
			}
			sent = last
		} else {
			for _, m := range msgs {
				if !req.Filter.match(m) {
					sent = m.Seq
					continue
				}
				data := m.Public
				if req.Staff {
					data = m.Staff
				}
				if write(conn, websocket.TextMessage, data) != nil {
					return
				}
				sent = m.Seq
			}
		}
	}

	ping := time.NewTicker(pingPeriod)
	defer ping.Stop()
	for {
		select {
		case m := <-sub.C:
			if m.Seq <= sent {
				continue // already replayed
			}
			pm := m.pub
			if req.Staff {
				pm = m.stf
			}
			conn.SetWriteDeadline(time.Now().Add(writeWait))
			if conn.WritePreparedMessage(pm) != nil {
				return
			}
			sent = m.Seq
		case <-ping.C:
			if conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)) != nil {
				return
			}
		case <-sub.Gone():
			// too slow, or the hub closed: say so; the client reconnects with after=SEQ
			conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseTryAgainLater, "reconnect with after="+itoa(sent)), time.Now().Add(time.Second))
			return
		case <-readDone:
			return
		}
	}
}

func write(conn *websocket.Conn, typ int, data []byte) error {
	conn.SetWriteDeadline(time.Now().Add(writeWait))
	return conn.WriteMessage(typ, data)
}

func itoa(v uint64) string {
	b, _ := json.Marshal(v)
	return string(b)
}
