package app

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// startOn starts a demo server on dir without the helpers' end-of-test replay check,
// which a deliberately damaged file cannot pass.
func startOn(t *testing.T, dir string, log *slog.Logger) *Server {
	t.Helper()
	srv, err := Start(Config{Addr: "127.0.0.1:0", Data: dir, TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(),
		Clock: func() time.Time { return time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai) }}, log)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func closeServer(t *testing.T, srv *Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Close(ctx); err != nil {
		t.Errorf("close: %v", err)
	}
}

// damagedLog makes a stopped server's file with tickets issued and lets damage spoil it
// (the key of an event older than the tail a start checks is given, so the server
// starts and only a replay meets it); it returns the folder.
func damagedLog(t *testing.T, damage func(path string, key []byte)) string {
	t.Helper()
	dir := t.TempDir()
	srv := startOn(t, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := &testServer{Server: srv, t: t}
	ts.kiosk = newKiosk(srv)
	for i := 0; i < store.TailEvents+60; i++ {
		ts.issue("440199-A-001")
	}
	mid := srv.Store.LastSeq() - store.TailEvents - 30 // before the tail a start checks
	closeServer(t, srv)
	path := dataFile(t, dir)
	key := binary.BigEndian.AppendUint64(nil, mid)
	damage(path, key)
	return dir
}

// dataFile finds the bbolt file in dir.
func dataFile(t *testing.T, dir string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*.db"))
	if len(m) != 1 {
		t.Fatalf("data files in %s: %v", dir, m)
	}
	return m[0]
}

// streamEnd connects anonymously with after=0 and reads until the server ends the
// connection; it returns the close error.
func streamEnd(t *testing.T, base string) *websocket.CloseError {
	t.Helper()
	u, _ := url.Parse(base)
	u.Scheme, u.Path, u.RawQuery = "ws", "/api/v1/stream", "after=0"
	ws, _, err := websocket.DefaultDialer.Dial(u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if _, _, err = ws.ReadMessage(); err != nil {
			break
		}
	}
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		t.Fatalf("the stream ended without a close message: %v", err)
	}
	return ce
}

func healthy(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatalf("/healthz after the damaged replay: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/healthz: %d", resp.StatusCode)
	}
}

// TestDamagedEventEndsOnlyItsStream is finding 9, stream side: an event in the middle
// of the log is damaged in a stopped server's file; an anonymous stream?after=0 then
// gets a close message saying the replay failed, the server lives, /healthz answers,
// kiosks issue, and the log has no personal data.
func TestDamagedEventEndsOnlyItsStream(t *testing.T) {
	t.Run("garbage value", func(t *testing.T) {
		dir := damagedLog(t, func(path string, key []byte) {
			db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("events")).Put(key, []byte("\x00\xffnot an event{{"))
			}); err != nil {
				t.Fatal(err)
			}
		})
		var log testkit.Buffer
		srv := startOn(t, dir, slog.New(slog.NewTextHandler(&log, nil)))
		defer closeServer(t, srv)
		ce := streamEnd(t, srv.URL())
		if ce.Code != websocket.CloseInternalServerErr || !strings.Contains(ce.Text, "replay failed") {
			t.Fatalf("close %d %q, want 1011 and the replay's failure", ce.Code, ce.Text)
		}
		healthy(t, srv.URL())
		if _, err := newKiosk(srv).Issue(context.Background(), wire.IssueRequest{Item: "440199-A-001"}, nextKey()); err != nil {
			t.Fatalf("issue after the damaged replay: %v", err)
		}
	})
	t.Run("page torn", func(t *testing.T) {
		// The leaf page holding the event gets an invalid page type: bbolt panics when a
		// cursor reaches it, inside the stream's goroutine.
		dir := damagedLog(t, func(path string, key []byte) {
			db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			var val []byte
			db.View(func(tx *bolt.Tx) error {
				val = bytes.Clone(tx.Bucket([]byte("events")).Get(key))
				return nil
			})
			ps := db.Info().PageSize
			db.Close()
			if len(val) == 0 || len(val) > ps/2 {
				t.Fatalf("event value of %d bytes: want one within a %d-byte page", len(val), ps)
			}
			file, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for off := 0; ; { // the live page and any freed copies alike
				i := bytes.Index(file[off:], val)
				if i < 0 {
					break
				}
				page := (off + i) / ps * ps
				binary.LittleEndian.PutUint16(file[page+8:], 0) // flags: no such page type
				off += i + len(val)
				n++
			}
			if n == 0 {
				t.Fatal("the event's bytes are not in the file")
			}
			if err := os.WriteFile(path, file, 0o600); err != nil {
				t.Fatal(err)
			}
		})
		sw := &testkit.Buffer{}
		srv := startOn(t, dir, slog.New(slog.NewTextHandler(sw, nil)))
		defer closeServer(t, srv)
		ce := streamEnd(t, srv.URL())
		if ce.Code != websocket.CloseInternalServerErr {
			t.Fatalf("close %d %q, want 1011", ce.Code, ce.Text)
		}
		healthy(t, srv.URL())
		if _, err := newKiosk(srv).Issue(context.Background(), wire.IssueRequest{Item: "440199-A-001"}, nextKey()); err != nil {
			t.Fatalf("issue after the panic: %v", err)
		}
		// The connection's replay turn came back: a replay past the damage is served.
		u, _ := url.Parse(srv.URL())
		u.Scheme, u.Path, u.RawQuery = "ws", "/api/v1/stream", "after="+strconv.FormatUint(srv.Store.LastSeq()-1, 10)
		ws, _, err := websocket.DefaultDialer.Dial(u.String(), nil)
		if err != nil {
			t.Fatal(err)
		}
		ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, data, err := ws.ReadMessage(); err != nil {
			t.Fatalf("a replay after the panic: %v", err)
		} else if !strings.Contains(string(data), `"seq":`) {
			t.Fatalf("a replay after the panic got %s", data)
		}
		ws.Close()
		_, metrics := getText(t, srv.URL()+"/metrics")
		if !strings.Contains(metrics, "onedoor_stream_panics_total 1") {
			t.Fatalf("the recovered panic is not counted: %s", grepLines(metrics, "stream"))
		}
		if text := sw.String(); !strings.Contains(text, "panic in stream connection") {
			t.Fatalf("the panic is not logged: %s", text)
		}
	})
}
