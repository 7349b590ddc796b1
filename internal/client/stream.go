package client

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"onedoor/internal/wire"
)

// StreamOptions tune a subscription.
type StreamOptions struct {
	// After is the last seq already seen; events after it are replayed first.
	After uint64
	// Ticket and Category narrow the stream as a tracking page does.
	Ticket   string
	Category string
	// View "board" is a hall board's view: calls and window events at once, the waiting
	// counts coalesced (wire.QueueWaiting) instead of every ticket issued.
	View string
	// MinBackoff and MaxBackoff bound the jittered wait between reconnects.
	MinBackoff, MaxBackoff time.Duration
	// OnState is told when the connection goes up (true) or down (false): down also when
	// the first attempts cannot connect at all, so a screen can say the server is away.
	// It is called only on a change.
	OnState func(up bool)
}

// Subscribe follows the stream until ctx ends, calling handle for every event exactly
// once and in order, across reconnects: after a drop it reconnects with jittered
// backoff and resumes after the last seq it handled. A stream.reset message (the
// client fell too far behind) is passed to handle too, with its seq.
func (c *Client) Subscribe(ctx context.Context, opt StreamOptions, handle func(wire.Event)) error {
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = 200 * time.Millisecond
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 10 * time.Second
	}
	var last atomic.Uint64
	last.Store(opt.After)
	state := &stateReporter{f: opt.OnState}
	backoff := opt.MinBackoff
	for {
		connected, _ := c.streamOnce(ctx, opt, &last, state, handle) // the error only says why it ended
		state.set(false)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if connected {
			backoff = opt.MinBackoff
		}
		wait := backoff/2 + time.Duration(rand.Int64N(int64(backoff/2)+1))
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
		if backoff *= 2; backoff > opt.MaxBackoff {
			backoff = opt.MaxBackoff
		}
	}
}

// streamOnce runs one connection; it reports whether it got connected.
func (c *Client) streamOnce(ctx context.Context, opt StreamOptions, last *atomic.Uint64, state *stateReporter, handle func(wire.Event)) (bool, error) {
	u, err := url.Parse(c.base)
	if err != nil {
		return false, fmt.Errorf("stream url: %w", err)
	}
	u.Scheme = strings.Replace(u.Scheme, "http", "ws", 1)
	u.Path += "/api/v1/stream"
	q := url.Values{"after": {strconv.FormatUint(last.Load(), 10)}}
	if opt.Ticket != "" {
		q.Set("ticket", opt.Ticket)
	}
	if opt.View != "" {
		q.Set("view", opt.View)
	}
	if opt.Category != "" {
		q.Set("category", opt.Category)
	}
	u.RawQuery = q.Encode()
	hdr := http.Header{}
	if t := c.Token(); t != "" {
		hdr.Set("Authorization", "Bearer "+t)
	}
	dialer := websocket.Dialer{HandshakeTimeout: 5 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 512, TLSClientConfig: c.wsTLS()}
	conn, _, err := dialer.DialContext(ctx, u.String(), hdr)
	if err != nil {
		return false, fmt.Errorf("stream dial: %w", explainTLS(err))
	}
	defer conn.Close()
	state.set(true)
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	// The server pings every 25 s; two missed pings mean the link is dead.
	conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	conn.SetPingHandler(func(data string) error {
		conn.SetReadDeadline(time.Now().Add(60 * time.Second))
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(5*time.Second))
	})
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return true, fmt.Errorf("stream read: %w", err)
		}
		conn.SetReadDeadline(time.Now().Add(60 * time.Second))
		var ev wire.Event
		if err := json.Unmarshal(data, &ev); err != nil {
			return true, fmt.Errorf("stream message: %w", err)
		}
		if ev.Type == wire.StreamReset {
			last.Store(ev.Seq)
			handle(ev)
			continue
		}
		if ev.Seq <= last.Load() {
			continue // never hand the same event twice
		}
		last.Store(ev.Seq)
		handle(ev)
	}
}

// stateReporter tells OnState about changes only.
type stateReporter struct {
	f         func(bool)
	known, up bool
}

func (r *stateReporter) set(up bool) {
	if r.f == nil || r.known && r.up == up {
		return
	}
	r.known, r.up = true, up
	r.f(up)
}
