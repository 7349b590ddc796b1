package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"onedoor/display/browsertest"
	"onedoor/internal/wire"
)

// The display pages in headless Chromium against the real server: the hall board, the
// window display and the tracking page. One browser serves every test of the binary.

const (
	boardReady  = `window.onedoorBoard && window.onedoorBoard.loaded && window.onedoorStream && window.onedoorStream.up`
	windowReady = `window.onedoorWindow && document.body.dataset.phase !== undefined && !document.body.classList.contains('offline')`
	itemA       = "440199-A-001"
)

// boardHas is a JS predicate: the "calls now" panel shows number at window n.
func boardHas(number string, n int) string {
	return fmt.Sprintf(`!!document.querySelector('#now li[data-number=%q][data-window="%d"]')`, number, n)
}

// fakeVoice replaces the board's audio player by one that "plays" every clip for ms
// milliseconds, so the announcement queue runs at test speed and its log can be read.
func fakeVoice(ms int) string {
	return fmt.Sprintf(`window.onedoorVoice.player = () => new Promise(r => setTimeout(r, %d)); true`, ms)
}

func TestBoardAndWindowDisplayShowACallWithinOneSecond(t *testing.T) {
	ts := startServer(t)
	board := browsertest.Tab(t, 30*time.Second)
	win := browsertest.Tab(t, 30*time.Second)
	browsertest.Open(t, board, ts.URL()+"/board?voice=0", boardReady)
	browsertest.Open(t, win, ts.URL()+"/board/window/3", windowReady)
	browsertest.WaitTrue(t, win, 2*time.Second, `document.body.dataset.phase === 'closed'`)

	clerk := ts.clerk(3)
	browsertest.WaitTrue(t, win, time.Second, `document.body.dataset.phase === 'idle'`)
	tk := ts.issue(itemA)
	ctx := context.Background()
	if _, _, err := clerk.Call(ctx, 3); err != nil {
		t.Fatal(err)
	}
	called := time.Now()
	browsertest.WaitTrue(t, board, time.Second, boardHas(tk.Number, 3))
	browsertest.WaitTrue(t, win, time.Second-time.Since(called),
		fmt.Sprintf(`document.getElementById('win-number').textContent === %q && document.body.dataset.phase === 'called'`, tk.Number))
	t.Logf("call shown on the board and the window display %v after the call returned", time.Since(called))
	browsertest.WaitTrue(t, board, time.Second, `document.querySelector('#now li.newest') !== null`)

	if _, err := clerk.Act(ctx, 3, "start"); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitTrue(t, win, time.Second, `document.body.dataset.phase === 'serving'`)
	if _, err := clerk.Finish(ctx, 3, wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.WindowState(ctx, 3, "pause", "<b>午休</b> lunch"); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitTrue(t, win, time.Second, `document.body.dataset.phase === 'paused' && document.getElementById('win-reason').textContent.includes('<b>午休</b> lunch')`)
	// The board still lists the call among the recent ones.
	browsertest.WaitTrue(t, board, time.Second, fmt.Sprintf(`!!document.querySelector('#recent li[data-number=%q]')`, tk.Number))
}

func TestBoardShowsTheLastTenCallsInOrder(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	clerks := map[int]clientCaller{}
	for n := 1; n <= 3; n++ {
		clerks[n] = ts.clerk(n)
	}
	var numbers []string
	call := func(n int) {
		t.Helper()
		tk := ts.issue(itemA)
		got, ok, err := clerks[n].Call(ctx, n)
		if err != nil || !ok || got.Number != tk.Number {
			t.Fatalf("call at %d: %v %v %s, want %s", n, err, ok, got.Number, tk.Number)
		}
		if _, err := clerks[n].Act(ctx, n, "no-show"); err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, tk.Number)
	}
	// Four calls before the board opens (history it replays), eight while it watches.
	for i := 0; i < 4; i++ {
		call(1 + i%3)
	}
	board := browsertest.Tab(t, 30*time.Second)
	browsertest.Open(t, board, ts.URL()+"/board?voice=0", boardReady)
	for i := 0; i < 8; i++ {
		call(1 + i%3)
	}
	var want []string
	for i := len(numbers) - 1; i >= len(numbers)-10; i-- {
		want = append(want, numbers[i])
	}
	wantJS := `"` + strings.Join(want, ",") + `"`
	expr := `[...document.querySelectorAll('#recent li')].map(li => li.dataset.number).join(',') === ` + wantJS
	if err := browsertest.PollTrue(board, 2*time.Second, expr); err != nil {
		got := browsertest.Eval[string](t, board, `[...document.querySelectorAll('#recent li')].map(li => li.dataset.number).join(',')`)
		t.Fatalf("recent calls %s, want %s", got, strings.Join(want, ","))
	}
}

// clientCaller is what the tests need of a clerk's client.
type clientCaller interface {
	Call(ctx context.Context, n int) (wire.StaffTicket, bool, error)
	Act(ctx context.Context, n int, action string) (wire.StaffTicket, error)
}
