package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onedoor/display/browsertest"
	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// nowRow is one row of the board's "calls now" panel as laid out on the screen.
type nowRow struct {
	Number string  `json:"number"`
	Window int     `json:"window"`
	Shown  bool    `json:"shown"`  // displayed, inside the panel
	Cut    bool    `json:"cut"`    // a text wider than its box
	NumPx  float64 `json:"num_px"` // the number's type size
	Height float64 `json:"height"` // the row's height in px
}

// nowRowsJS reads the panel's rows with their boxes.
const nowRowsJS = `(() => {
  const panel = document.querySelector('section.now').getBoundingClientRect();
  return [...document.querySelectorAll('#now li')].map(li => {
    const r = li.getBoundingClientRect();
    const spans = [...li.querySelectorAll('span')];
    return {
      number: li.dataset.number, window: +li.dataset.window,
      shown: getComputedStyle(li).display !== 'none' && r.width > 0 && r.height > 0 &&
        r.top >= panel.top - 0.5 && r.bottom <= panel.bottom + 0.5 && r.left >= panel.left - 0.5 && r.right <= panel.right + 0.5,
      cut: spans.some(s => s.scrollWidth > s.clientWidth + 1 || s.getBoundingClientRect().right > r.right + 0.5),
      num_px: parseFloat(getComputedStyle(li.querySelector('.num')).fontSize),
      height: r.height,
    };
  });
})()`

// TestBoardCallsPanelShowsEveryWindowCalling calls at 14 windows one after another and
// checks the board at 1920×1080 after 4, 8, 12 and 14 calls: every window calling is in
// the panel, newest first, whole and inside it, in type readable across the hall; past
// 12 the newest 12. With ONEDOOR_SCREENSHOTS set it saves the 12-call board there.
func TestBoardCallsPanelShowsEveryWindowCalling(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	sup := ts.supervisor()
	// The demo hall has windows 1–6 and the pickup window 9; 14 comprehensive ones, the
	// last with the widest number a hall has.
	wins := []int{1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 101}
	for _, n := range wins {
		if n > 6 {
			if _, err := sup.CreateWindow(ctx, wire.WindowCreateRequest{Number: n, Name: fmt.Sprintf("%d号综合窗口", n), Kind: "comprehensive"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	clerks := map[int]*client.Client{}
	for _, n := range wins {
		clerks[n] = ts.clerk(n)
		ts.issue(itemA)
	}
	board := browsertest.Tab(t, 60*time.Second)
	if err := chromedp.Do(board, chromedp.EmulateViewport(1920, 1080)); err != nil {
		t.Fatal(err)
	}
	browsertest.Open(t, board, ts.URL()+"/board?voice=0", boardReady)
	type call struct {
		number string
		window int
	}
	var calls []call
	for _, stage := range []int{4, 8, 12, 14} {
		for len(calls) < stage {
			n := wins[len(calls)]
			tk, ok, err := clerks[n].Call(ctx, n)
			if err != nil || !ok {
				t.Fatalf("call at window %d: %v %v", n, ok, err)
			}
			calls = append(calls, call{tk.Number, n})
		}
		var want []call // newest first, at most 12
		for i := len(calls) - 1; i >= 0 && len(want) < 12; i-- {
			want = append(want, calls[i])
		}
		last := calls[len(calls)-1]
		browsertest.WaitTrue(t, board, 2*time.Second, fmt.Sprintf(`document.querySelectorAll('#now li').length === %d && `, len(want))+boardHas(last.number, last.window))
		browsertest.WaitTrue(t, board, 5*time.Second, `document.fonts.status === 'loaded'`)
		rows := browsertest.Eval[[]nowRow](t, board, nowRowsJS)
		var got []call
		for _, r := range rows {
			got = append(got, call{r.Number, r.Window})
			if !r.Shown || r.Cut {
				t.Errorf("%d calls: %s at window %d shown %v, cut %v", stage, r.Number, r.Window, r.Shown, r.Cut)
			}
			if r.NumPx < 54 { // 5 % of the screen's height: readable from the back of a hall
				t.Errorf("%d calls: %s in %.0f px type", stage, r.Number, r.NumPx)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%d calls: the panel shows %v, want %v", stage, got, want)
		}
		t.Logf("%d windows calling: %d rows, numbers in %.0f–%.0f px type", stage, len(rows), rows[len(rows)-1].NumPx, rows[0].NumPx)
		if dir := os.Getenv("ONEDOOR_SCREENSHOTS"); dir != "" && stage == 12 {
			browsertest.Eval[bool](t, board, `document.querySelectorAll('.blink').forEach(e => e.classList.remove('blink')); true`)
			png, err := chromedp.Run(board, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "board-calls-12.png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
