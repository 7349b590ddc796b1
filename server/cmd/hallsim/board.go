package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// boardSub follows the board view (?view=board) as a hall board does: it resumes after
// the last seq it saw when the connection drops, and counts every ticket.called once.
// Unlike a board it reads only each message's head (seq, type, time), so the load
// tool's own JSON work takes as little as it can of the cores it shares with the server.
type boardSub struct {
	base    string
	tls     *tls.Config // nil: the system's roots
	onState func(up bool)
	onCall  func(at time.Time)
	onError func(kind string)
	last    uint64
}

// run follows the stream until ctx ends.
func (b *boardSub) run(ctx context.Context) {
	backoff := 200 * time.Millisecond
	for ctx.Err() == nil {
		got, err := b.once(ctx)
		if ctx.Err() != nil {
			return
		}
		if got {
			backoff = 200 * time.Millisecond
		}
		if err != nil && b.onError != nil && !errors.Is(err, errDropped) {
			b.onError("stream")
		}
		wait := backoff/2 + rand.N(backoff/2)
		backoff = min(backoff*2, 5*time.Second)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
		}
	}
}

// errDropped is the server closing a subscriber that fell behind: it resumes at once.
var errDropped = errors.New("dropped as too slow")

func (b *boardSub) once(ctx context.Context) (bool, error) {
	u, err := url.Parse(b.base)
	if err != nil {
		return false, err
	}
	u.Scheme = strings.Replace(u.Scheme, "http", "ws", 1)
	u.Path += "/api/v1/stream"
	u.RawQuery = url.Values{"view": {"board"}, "after": {strconv.FormatUint(b.last, 10)}}.Encode()
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 256, TLSClientConfig: b.tls}
	conn, _, err := d.DialContext(ctx, u.String(), nil)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	b.onState(true)
	defer b.onState(false)
	var buf bytes.Buffer
	for {
		_, r, err := conn.NextReader()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) && ce.Code == websocket.CloseTryAgainLater {
				return true, errDropped
			}
			return true, err
		}
		buf.Reset()
		if _, err := buf.ReadFrom(r); err != nil {
			return true, err
		}
		seq, typ, at, err := head(buf.Bytes())
		if err != nil {
			return true, err
		}
		if typ == "stream.reset" {
			b.last = seq
			continue
		}
		if seq <= b.last {
			continue
		}
		b.last = seq
		if typ == "ticket.called" {
			b.onCall(at)
		}
	}
}

// head reads the first fields of a stream message, which the server writes in this
// order: {"seq":N,"type":"T","at":"RFC 3339" ...}. "at" is absent from stream.reset.
func head(msg []byte) (seq uint64, typ string, at time.Time, err error) {
	rest, ok := bytes.CutPrefix(msg, []byte(`{"seq":`))
	if !ok {
		return 0, "", at, fmt.Errorf("stream message does not start with seq: %.40q", msg)
	}
	i := bytes.IndexByte(rest, ',')
	if i < 0 {
		return 0, "", at, fmt.Errorf("stream message: no type after seq")
	}
	if seq, err = strconv.ParseUint(string(rest[:i]), 10, 64); err != nil {
		return 0, "", at, fmt.Errorf("stream message seq: %w", err)
	}
	if rest, ok = bytes.CutPrefix(rest[i:], []byte(`,"type":"`)); !ok {
		return 0, "", at, fmt.Errorf("stream message: no type after seq")
	}
	i = bytes.IndexByte(rest, '"')
	if i < 0 {
		return 0, "", at, fmt.Errorf("stream message: unterminated type")
	}
	typ = string(rest[:i])
	if rest, ok = bytes.CutPrefix(rest[i+1:], []byte(`,"at":"`)); ok {
		if i = bytes.IndexByte(rest, '"'); i < 0 {
			return 0, "", at, fmt.Errorf("stream message: unterminated time")
		}
		if at, err = time.Parse(time.RFC3339Nano, string(rest[:i])); err != nil {
			return 0, "", at, fmt.Errorf("stream message time: %w", err)
		}
	}
	return seq, typ, at, nil
}
