package browsertest

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Wire records what a tab receives from the network: every websocket text frame and
// the bodies of its documents, scripts and API answers, as the browser got them.
type Wire struct {
	mu     sync.Mutex
	frames []string
	urls   map[network.RequestID]string
	done   []network.RequestID
}

// RecordWire starts recording the tab's traffic; call it before navigating.
func RecordWire(t testing.TB, ctx context.Context) *Wire {
	t.Helper()
	w := &Wire{urls: map[network.RequestID]string{}}
	err := chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventWebSocketFrameReceived:
			if e.Response != nil {
				w.frames = append(w.frames, string(e.Response.PayloadData))
			}
		case *network.EventResponseReceived:
			if e.Response != nil {
				w.urls[e.RequestID] = e.Response.URL
			}
		case *network.EventLoadingFinished:
			if _, ok := w.urls[e.RequestID]; ok {
				w.done = append(w.done, e.RequestID)
			}
		}
	})
	if err != nil {
		t.Fatalf("record wire: %v", err)
	}
	return w
}

// Frames returns the websocket text frames received so far.
func (w *Wire) Frames() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.frames...)
}

// Text returns everything received so far: the frames, then each finished response as
// "URL\nbody", fetched from the browser.
func (w *Wire) Text(t testing.TB, ctx context.Context) string {
	t.Helper()
	w.mu.Lock()
	ids := append([]network.RequestID(nil), w.done...)
	urls := make(map[network.RequestID]string, len(w.urls))
	for k, v := range w.urls {
		urls[k] = v
	}
	frames := append([]string(nil), w.frames...)
	w.mu.Unlock()
	var b strings.Builder
	for _, f := range frames {
		b.WriteString(f + "\n")
	}
	for _, id := range ids {
		res, err := chromedp.Run(ctx, chromedp.Action[network.GetResponseBodyResult](
			func(ctx context.Context, tg *chromedp.Target) (network.GetResponseBodyResult, error) {
				return cdp.Call(ctx, tg, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
			}))
		if err != nil {
			continue // a body the browser no longer keeps (a redirect, an evicted one)
		}
		b.WriteString(urls[id] + "\n" + string(res.Body) + "\n")
	}
	return b.String()
}
