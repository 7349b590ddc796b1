package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"onedoor/internal/wire"
)

// Close reasons the stream gives; the client reconnects after each, with backoff.
const (
	reasonBusy         = "busy, retry"
	reasonReplayFailed = "replay failed: retry later"
	reasonInternal     = "internal error: retry later"
	// pageWait is how long a client may take to receive one replayed page.
	pageWait = 3 * time.Second
)

// replay writes the events after seq from the log, a page at a time: each page is
// read and written under a replay turn before the next is read, so memory stays one
// page's whatever after is, and only Limits.MaxReplays connections read or write
// replay at once. False when the connection is done.
func (c *streamConn) replay(after uint64, replay Replayer, log *slog.Logger) bool {
	for first := true; ; first = false {
		next, more, ok := c.replayPage(after, first, replay, log)
		if !ok || !more {
			return ok
		}
		after = next
	}
}

// replayPage reads the page after seq and writes it, holding a replay turn that is
// given back however the page ends, a panic included. A subscriber further behind
// than MaxReplay gets a stream.reset instead. more says another page may follow, from
// next; ok is false when the connection is done.
func (c *streamConn) replayPage(after uint64, first bool, replay Replayer, log *slog.Logger) (next uint64, more, ok bool) {
	turn, got := c.h.replayTurn(context.Background())
	if !got {
		c.h.busy.Add(1)
		closeWith(c.ws, websocket.CloseTryAgainLater, reasonBusy)
		return 0, false, false
	}
	defer turn()
	msgs, last, err := replay(after, ReplayPage, c.staff)
	if err != nil {
		log.Error("stream replay", "after", after, "err", err)
		closeWith(c.ws, websocket.CloseInternalServerErr, reasonReplayFailed)
		return 0, false, false
	}
	if first && last > after && last-after > MaxReplay {
		reset, _ := json.Marshal(map[string]any{"type": wire.StreamReset, "seq": last})
		if write(c.ws, websocket.TextMessage, reset) != nil {
			return 0, false, false
		}
		c.sent = last
		return 0, false, true
	}
	if !c.writePage(msgs) {
		return 0, false, false
	}
	if len(msgs) < ReplayPage {
		return 0, false, true
	}
	return msgs[len(msgs)-1].Seq, true, true
}

// writePage writes a replayed page (under the caller's replay turn, so that replays'
// writing too takes at most Limits.MaxReplays CPUs from the kiosks); a client that
// cannot take the page within pageWait is cut off (it resumes after what it got).
func (c *streamConn) writePage(msgs []*Message) bool {
	by := time.Now().Add(pageWait)
	for _, m := range msgs {
		data := m.Public
		if c.staff {
			data = m.Staff
		}
		if data == nil || !c.filter.match(m) {
			c.sent = m.Seq
			continue
		}
		c.ws.SetWriteDeadline(by)
		if c.ws.WriteMessage(websocket.TextMessage, data) != nil {
			return false
		}
		c.sent = m.Seq
	}
	return true
}

// recoverStream, deferred in each of a connection's goroutines, turns a panic into the
// end of that connection: logged (its kind and where, never the data it was handling),
// counted, the connection closed. The process and the other connections go on.
func (h *Hub) recoverStream(ws *websocket.Conn, log *slog.Logger) {
	p := recover()
	if p == nil {
		return
	}
	h.panics.Add(1)
	if log == nil {
		log = slog.Default()
	}
	log.Error("panic in stream connection: closed it", "panic", panicKind(p), "where", panicSite(debug.Stack()))
	closeWith(ws, websocket.CloseInternalServerErr, reasonInternal)
	ws.Close()
}

// panicKind names a panic without its value, which may hold what was being encoded.
func panicKind(p any) string {
	if err, ok := p.(error); ok && strings.HasPrefix(err.Error(), "runtime error:") {
		return err.Error() // the runtime's own words carry no data
	}
	return fmt.Sprintf("%T", p)
}

// panicSite returns the innermost frame of ours in a stack: the function that panicked.
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "onedoor/") && !strings.Contains(l, "recoverStream") && i+1 < len(lines) {
			return strings.TrimSpace(l) + " " + strings.TrimSpace(lines[i+1])
		}
	}
	return "unknown"
}

func closeWith(ws *websocket.Conn, code int, reason string) {
	ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
}

// Panics returns how many stream connections ended in a recovered panic.
func (h *Hub) Panics() uint64 { return h.panics.Load() }

// Busy returns how many connections were turned away for want of a replay turn.
func (h *Hub) Busy() uint64 { return h.busy.Load() }
