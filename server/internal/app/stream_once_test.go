package app

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"onedoor/internal/wire"
)

// TestReplayThenLiveExactlyOnce: subscribers connect with after=0 while kiosks keep
// issuing, so events committed during the replay come both from the log and live. Each
// seq arrives exactly once and in order: a replayed event is never sent again live.
func TestReplayThenLiveExactlyOnce(t *testing.T) {
	ts := startServer(t)
	ts.fill(600) // a replay of several pages
	sup := ts.supervisor()
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait() // the kiosks stop before the server does
	defer stop()
	for k := 0; k < 2; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if _, err := ts.kiosk.Issue(context.Background(), wire.IssueRequest{Item: "440199-A-001"}, nextKey()); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	u, _ := url.Parse(ts.URL())
	u.Scheme, u.Path = "ws", "/api/v1/stream"
	hdr := http.Header{"Authorization": {"Bearer " + sup.Token()}} // the staff stream has every seq
	for round := 0; round < 4; round++ {
		var prev uint64 // seqs must run 1, 2, 3, … with neither gap nor repeat
		target := ts.Store.LastSeq() + 20
		for prev < target {
			q := url.Values{"after": {strconv.FormatUint(prev, 10)}}
			u.RawQuery = q.Encode()
			ws, _, err := websocket.DefaultDialer.Dial(u.String(), hdr)
			if err != nil {
				t.Fatal(err)
			}
			for prev < target {
				ws.SetReadDeadline(time.Now().Add(10 * time.Second))
				_, data, err := ws.ReadMessage()
				var ce *websocket.CloseError
				if errors.As(err, &ce) && ce.Code == websocket.CloseTryAgainLater {
					break // dropped for falling behind: resume after the last seq, as clients do
				}
				if err != nil {
					t.Fatalf("round %d after seq %d: %v", round, prev, err)
				}
				var ev wire.Event
				if err := json.Unmarshal(data, &ev); err != nil {
					t.Fatal(err)
				}
				if ev.Seq != prev+1 {
					t.Fatalf("round %d: seq %d after %d: an event twice or one missing", round, ev.Seq, prev)
				}
				prev = ev.Seq
			}
			ws.Close()
		}
	}
}
