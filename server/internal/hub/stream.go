package hub

import (
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Timing of the stream's keep-alive.
const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = 25 * time.Second
	// writerLinger is how long a connection's writer waits for the next message before
	// it ends; shorter than pingPeriod, so an idle board costs no writer goroutine.
	writerLinger = 5 * time.Second
	// MaxReplay is the most events replayed on connect; a subscriber further behind gets
	// a stream.reset and fetches the state afresh.
	MaxReplay = 10000
	// ReplayPage is how many events a replay reads from the store at a time; a page is
	// written out before the next is read, so a replay's memory is one page's.
	ReplayPage = 256
)

// Replayer returns the committed messages after seq, up to limit, and the newest seq.
// It need only encode the form asked for (staff or public): the other may be nil.
type Replayer func(after uint64, limit int, staff bool) ([]*Message, uint64, error)

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
	// Slot is the connection's reserved place under the cap (Hub.Reserve); Serve
	// releases it when the connection ends, however it ends. Nil when there is no cap.
	Slot *Slot
}

// Serve upgrades the request to a websocket and streams to it: first the events after
// req.After from replay (when asked for), then live ones, each exactly once and in
// order, until the client goes, is too slow, or the hub closes.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, req StreamRequest, replay Replayer, log *slog.Logger) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		req.Slot.Release()
		return // the upgrader has answered
	}
	// The connection is ours now: serve it from a fresh goroutine and let the HTTP
	// server's goroutine, whose stack grew while parsing the request, end. An idle
	// subscriber then costs one small stack, its reader's.
	go h.serve(conn, req, replay, log)
}

func (h *Hub) serve(ws *websocket.Conn, req StreamRequest, replay Replayer, log *slog.Logger) {
	defer req.Slot.Release()
	defer ws.Close()
	defer h.recoverStream(ws, log) // a panic ends this connection, never the process
	c := &streamConn{h: h, ws: ws, staff: req.Staff, filter: req.Filter, kick: make(chan struct{}, 1)}
	c.writing.Store(true) // the replay goes first: live messages wait in the buffer
	c.sub = h.subscribe(req.Staff, req.Filter, c.wake)
	if c.sub == nil {
		ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"), time.Now().Add(time.Second))
		return
	}
	defer h.Unsubscribe(c.sub)

	if req.HasAfter && !c.replay(req.After, replay, log) {
		return
	}
	// What came live during the replay; after that a writer runs only when woken.
	if !c.writeAll() {
		return
	}
	c.writing.Store(false)
	if c.due() {
		c.wake()
	}

	// This goroutine now reads, for the client's pongs and its close.
	ws.SetReadLimit(512)
	ws.SetReadDeadline(time.Now().Add(pongWait))
	ws.SetPongHandler(func(string) error { return ws.SetReadDeadline(time.Now().Add(pongWait)) })
	for {
		if _, _, err := ws.NextReader(); err != nil {
			return
		}
	}
}

// streamConn is one subscriber's connection. Its reader goroutine owns it; a writer
// goroutine holds the writing turn while there are messages, a ping or a close due.
type streamConn struct {
	h       *Hub
	ws      *websocket.Conn
	sub     *Sub
	staff   bool
	filter  Filter
	writing atomic.Bool
	kick    chan struct{} // wakes a lingering writer
	sent    uint64        // the last seq written; only the turn's holder touches it
	// inside counts goroutines in writeAll. The writing turn keeps it at most one; a
	// second is counted in Hub.overlaps, which the tests hold at zero.
	inside atomic.Int32
}

// wake starts a writer unless one is running, and nudges it if it is.
func (c *streamConn) wake() {
	if c.writing.CompareAndSwap(false, true) {
		go c.drain()
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// drain writes what is due, then lingers a while for more, so a busy hall's boards keep
// their writer and a quiet one's give it up; then it gives the turn back, checking once
// more after that so a message queued in between is never left waiting. When the
// connection is done it closes it and keeps the turn, so no writer starts again.
func (c *streamConn) drain() {
	c.h.writers.Add(1)
	defer c.h.writers.Add(-1)
	defer c.h.recoverStream(c.ws, nil)
	idle := time.NewTimer(c.h.linger)
	defer idle.Stop()
	for {
		if !c.writeAll() {
			c.ws.Close() // the reader's read fails, and it unsubscribes
			return
		}
		idle.Reset(c.h.linger)
		select {
		case <-c.kick:
			continue
		case <-c.sub.gone:
			continue
		case <-idle.C:
		}
		c.writing.Store(false)
		if !c.due() || !c.writing.CompareAndSwap(false, true) {
			return
		}
	}
}

func (c *streamConn) due() bool {
	select {
	case <-c.sub.gone:
		return true
	default:
	}
	return len(c.sub.C) > 0 || c.sub.pingDue.Load()
}

// writeAll writes what is queued; false when the connection is done. Only the holder
// of the writing turn calls it.
func (c *streamConn) writeAll() bool {
	if c.inside.Add(1) > 1 {
		c.h.overlaps.Add(1)
	}
	defer c.inside.Add(-1)
	for {
		select {
		case <-c.sub.gone:
			// too slow, or the hub closed: say so; the client reconnects with after=SEQ
			c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseTryAgainLater, "reconnect with after="+itoa(c.sent)), time.Now().Add(time.Second))
			return false
		default:
		}
		if c.sub.pingDue.CompareAndSwap(true, false) {
			if c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)) != nil {
				return false
			}
		}
		select {
		case m := <-c.sub.C:
			if m.Seq <= c.sent {
				continue // already replayed
			}
			pm := m.pub
			if c.staff {
				pm = m.stf
			}
			if pm == nil {
				continue // a staff-only event on a public stream
			}
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if c.ws.WritePreparedMessage(pm) != nil {
				return false
			}
			c.sent = m.Seq
		default:
			return true
		}
	}
}

func write(conn *websocket.Conn, typ int, data []byte) error {
	conn.SetWriteDeadline(time.Now().Add(writeWait))
	return conn.WriteMessage(typ, data)
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }
