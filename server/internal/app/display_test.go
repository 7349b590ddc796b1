package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/gorilla/websocket"

	"onedoor/display/browsertest"
	"onedoor/internal/client"
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

// TestBoardCountsFollowTicketsIssued: the board view gets the waiting counts coalesced,
// not per ticket; the board still shows each category's count within about a second.
func TestBoardCountsFollowTicketsIssued(t *testing.T) {
	ts := startServer(t)
	board := browsertest.Tab(t, 30*time.Second)
	browsertest.Open(t, board, ts.URL()+"/board?voice=0", boardReady)
	shown := waitingShown("A")
	if err := browsertest.PollTrue(board, 3*time.Second, shown+` === "0"`); err != nil {
		t.Fatalf("A waiting shows %s before any ticket", browsertest.Eval[string](t, board, shown))
	}
	for i := 0; i < 7; i++ {
		ts.issue(itemA)
	}
	if err := browsertest.PollTrue(board, 3*time.Second, shown+` === "7"`); err != nil {
		t.Fatalf("A waiting shows %s, want 7", browsertest.Eval[string](t, board, shown))
	}
}

// waitingShown is the JavaScript for the waiting count the board shows for a prefix
// (undefined before the board has drawn it).
func waitingShown(prefix string) string {
	return fmt.Sprintf(`(document.querySelector('#waiting li[data-prefix=%q] .n') || {}).textContent`, prefix)
}

// clientCaller is what the tests need of a clerk's client.
type clientCaller interface {
	Call(ctx context.Context, n int) (wire.StaffTicket, bool, error)
	Act(ctx context.Context, n int, action string) (wire.StaffTicket, error)
}

func TestTrackingPageFollowsTheTicketAndTakesOneRating(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	t1, t2, mine := ts.issue(itemA), ts.issue(itemA), ts.issue(itemA)
	phone := browsertest.Tab(t, 30*time.Second)
	if err := chromedp.Do(phone, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	browsertest.Open(t, phone, ts.URL()+"/t/"+mine.ID, `document.body.dataset.state === 'waiting'`)
	ahead := func(n int) {
		t.Helper()
		browsertest.WaitTrue(t, phone, 2*time.Second, fmt.Sprintf(`document.getElementById('ahead').textContent === '%d'`, n))
	}
	ahead(2)
	// no window is open yet: the page says so instead of a figure
	browsertest.WaitTrue(t, phone, 2*time.Second, `document.getElementById('wait').textContent === '暂无窗口办理'`)
	browsertest.WaitTrue(t, phone, time.Second, fmt.Sprintf(`document.getElementById('number').textContent === %q && document.querySelectorAll('#materials li').length > 0`, mine.Number))
	c1, c2 := ts.clerk(1), ts.clerk(2)
	for i, c := range []clientCaller{c1, c2} {
		got, _, err := c.Call(ctx, i+1)
		if err != nil || got.Number != []string{t1.Number, t2.Number}[i] {
			t.Fatalf("call %d: %v %s", i+1, err, got.Number)
		}
		ahead(1 - i)
	}
	// both windows serve for their mean of 5 minutes: mine is next, in 4–7 minutes
	browsertest.WaitTrue(t, phone, 2*time.Second, `document.getElementById('wait').textContent === '4–7' && document.getElementById('wait-unit').textContent.includes('分钟')`)
	if _, err := c1.Act(ctx, 1, "start"); err != nil {
		t.Fatal(err)
	}
	if _, err := c1.Finish(ctx, 1, wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}}); err != nil {
		t.Fatal(err)
	}
	if got, _, err := c1.Call(ctx, 1); err != nil || got.Number != mine.Number {
		t.Fatalf("call mine: %v %s", err, got.Number)
	}
	browsertest.WaitTrue(t, phone, 2*time.Second, `document.body.dataset.state === 'called' && document.getElementById('window').textContent.includes('1 号窗口')`)
	if _, err := c1.Act(ctx, 1, "start"); err != nil {
		t.Fatal(err)
	}
	if _, err := c1.Finish(ctx, 1, wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}}); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitTrue(t, phone, 2*time.Second, `document.body.dataset.state === 'done' && !document.getElementById('rating').hidden`)

	// 不满意 needs a reason before it can be sent.
	browsertest.Eval[bool](t, phone, `document.querySelector('#levels button[data-level="2"]').click(); true`)
	if !browsertest.Eval[bool](t, phone, `document.getElementById('rate').disabled`) {
		t.Fatal("a bad rating without a reason can be submitted")
	}
	browsertest.Eval[bool](t, phone, `document.querySelector('#reason-list input').click();
		document.getElementById('comment').value = '<script>x</script> 等了很久'; document.getElementById('rate').disabled`)
	browsertest.Eval[bool](t, phone, `document.getElementById('rate').click(); true`)
	browsertest.WaitTrue(t, phone, 2*time.Second, `!document.getElementById('thanks').hidden && document.getElementById('rating').hidden`)

	if status, _ := ts.raw("POST", "/api/v1/tickets/"+mine.ID+"/rating", "", `{"level":5}`); status != 409 {
		t.Fatalf("second rating: status %d, want 409", status)
	}
	evs, err := ts.supervisor().Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var rated []wire.Event
	for _, ev := range evs.Events {
		if ev.Type == "ticket.rated" {
			rated = append(rated, ev)
		}
	}
	if len(rated) != 1 || rated[0].Ticket.ID != mine.ID || rated[0].Rating.Level != 2 || len(rated[0].Rating.Reasons) != 1 ||
		rated[0].Rating.Staff != "demo1" || !strings.Contains(rated[0].Rating.Comment, "等了很久") {
		t.Fatalf("rating events: %+v", rated)
	}
}

// TestBoardFollowsAServerKilledAndRestarted kills the server under a board, makes calls
// while the board is away, and checks the board shows them after it reconnects, having
// announced every call once.
func TestBoardFollowsAServerKilledAndRestarted(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	srv := startChild(t, dir, "-addr", addr)
	t.Cleanup(func() { srv.kill() })
	board := browsertest.Tab(t, 40*time.Second)
	browsertest.Open(t, board, srv.url+"/board", boardReady)
	browsertest.Eval[bool](t, board, fakeVoice(1))
	ctx := context.Background()
	clerk := childClerk(t, srv.url, 1)
	issueAndCall := func(kiosk *client.Client) string {
		t.Helper()
		tk, err := kiosk.Issue(ctx, wire.IssueRequest{Item: itemA}, nextKey())
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := clerk.Call(ctx, 1); err != nil {
			t.Fatal(err)
		}
		return tk.Number
	}
	first := issueAndCall(client.New(srv.url, srv.token))
	browsertest.WaitTrue(t, board, 2*time.Second, boardHas(first, 1))

	srv.kill()
	browsertest.WaitTrue(t, board, 3*time.Second, `document.body.classList.contains('offline') && getComputedStyle(document.getElementById('conn')).display !== 'none'`)
	srv = startChild(t, dir, "-addr", addr)
	kiosk := client.New(srv.url, srv.token)
	if _, err := clerk.Act(ctx, 1, "no-show"); err != nil {
		t.Fatal(err)
	}
	second := issueAndCall(kiosk)
	browsertest.WaitTrue(t, board, 10*time.Second, boardHas(second, 1)+` && !document.body.classList.contains('offline')`)
	browsertest.WaitTrue(t, board, 2*time.Second, fmt.Sprintf(`!!document.querySelector('#recent li[data-number=%q]')`, first))
	browsertest.WaitTrue(t, board, 2*time.Second, `!window.onedoorVoice.busy`)
	chimes := browsertest.Eval[string](t, board, `window.onedoorVoice.log.filter(e => e.clip === 'chime').map(e => e.number).join(',')`)
	if chimes != first+","+second {
		t.Fatalf("announced %q, want each call once: %s,%s", chimes, first, second)
	}
	// The counts are right after the restart too (the board view's replay skips them;
	// the board fetches them when its stream comes back, and summaries follow).
	for i := 0; i < 3; i++ {
		if _, err := kiosk.Issue(ctx, wire.IssueRequest{Item: itemA}, nextKey()); err != nil {
			t.Fatal(err)
		}
	}
	q, err := kiosk.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range q.Categories {
		if c.Prefix == "A" {
			shown := waitingShown("A")
			if err := browsertest.PollTrue(board, 3*time.Second, fmt.Sprintf(`%s === "%d"`, shown, c.Waiting)); err != nil {
				t.Fatalf("A waiting shows %s, the server says %d", browsertest.Eval[string](t, board, shown), c.Waiting)
			}
		}
	}
}

// freeAddr returns a loopback address with a port free now, so that every restart of a
// child server listens where its clients reconnect.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// childClerk logs demo clerk n in to window n of a child server and opens the window.
func childClerk(t *testing.T, url string, n int) *client.Client {
	t.Helper()
	c := client.New(url, "")
	ctx := context.Background()
	if _, err := c.Login(ctx, wire.LoginRequest{Staff: fmt.Sprintf("demo%d", n), PIN: DemoPIN, Window: n}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WindowState(ctx, n, "open", ""); err != nil {
		t.Fatal(err)
	}
	return c
}

// gatedVoice replaces the board's audio player by one that holds every clip until the
// test calls window.openVoiceGate(), then "plays" each for 5 ms; console warnings are
// kept in window.voiceWarnings.
const gatedVoice = `window.voiceGate = new Promise(r => { window.openVoiceGate = r; });
window.onedoorVoice.player = () => window.voiceGate.then(() => new Promise(r => setTimeout(r, 5)));
if (!window.voiceWarnings) {
  window.voiceWarnings = [];
  const warn = console.warn;
  console.warn = (...a) => { window.voiceWarnings.push(a.join(' ')); warn(...a); };
}
true`

// TestAnnouncementsOnceEachRepeatOnlyWhenIdle makes three calls and a recall of the
// second while the first announcement is still held: each call is announced once, in
// order, the recall merges into the second's waiting announcement, and only the last is
// said again, when nothing else waits. A queue past its limit drops the oldest waiting
// announcement and says so on the console.
func TestAnnouncementsOnceEachRepeatOnlyWhenIdle(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	board := browsertest.Tab(t, 30*time.Second)
	browsertest.Open(t, board, ts.URL()+"/board", boardReady)
	browsertest.Eval[bool](t, board, gatedVoice)
	if _, err := ts.supervisor().CreateWindow(ctx, wire.WindowCreateRequest{Number: 12, Name: "12号综合窗口", Kind: "comprehensive"}); err != nil {
		t.Fatal(err)
	}
	clerks := []*client.Client{ts.clerk(1), ts.clerk(2), ts.clerk(12)}
	wins := []int{1, 2, 12}
	callAll := func() []string {
		t.Helper()
		var numbers []string
		for range clerks {
			numbers = append(numbers, ts.issue(itemA).Number)
		}
		for i, c := range clerks {
			if _, _, err := c.Call(ctx, wins[i]); err != nil {
				t.Fatal(err)
			}
		}
		return numbers
	}
	numbers := callAll()
	if _, err := clerks[1].Act(ctx, 2, "recall"); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitTrue(t, board, 2*time.Second, `window.onedoorVoice.merged === 1 && window.onedoorVoice.queue.length === 2`)
	browsertest.Eval[bool](t, board, `window.openVoiceGate(); true`)
	var want []string
	for i, n := range numbers {
		want = append(want, "chime")
		want = append(want, voicePhrase(n, wins[i])...)
	}
	want = append(want, voicePhrase(numbers[2], wins[2])...) // the last, again: nothing waits
	browsertest.WaitTrue(t, board, 10*time.Second, fmt.Sprintf(`window.onedoorVoice.log.length >= %d && !window.onedoorVoice.busy`, len(want)))
	got := browsertest.Eval[[]string](t, board, `window.onedoorVoice.log.map(e => e.clip)`)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("clips played:\n%v\nwant:\n%v", got, want)
	}
	if overlap := browsertest.Eval[int](t, board, `window.onedoorVoice.log.findIndex((e, i) => i > 0 && e.start < window.onedoorVoice.log[i-1].end)`); overlap != -1 {
		t.Fatalf("clip %d started before the one before it ended", overlap)
	}

	// A queue of one: the second call waits, the third pushes it out, on the console.
	browsertest.Eval[bool](t, board, gatedVoice+`; window.onedoorVoice.maxQueued = 1; true`)
	for i, c := range clerks {
		if _, err := c.Act(ctx, wins[i], "no-show"); err != nil {
			t.Fatal(err)
		}
	}
	numbers = callAll()
	browsertest.WaitTrue(t, board, 2*time.Second, `window.onedoorVoice.dropped === 1`)
	warned := browsertest.Eval[string](t, board, `window.voiceWarnings.join('\n')`)
	if !strings.Contains(warned, "dropped "+numbers[1]) {
		t.Fatalf("console says %q, want the drop of %s", warned, numbers[1])
	}
	browsertest.Eval[bool](t, board, `window.openVoiceGate(); true`)
	browsertest.WaitTrue(t, board, 5*time.Second, fmt.Sprintf(`!window.onedoorVoice.busy && window.onedoorVoice.log.some(e => e.number === %q)`, numbers[2]))
	if browsertest.Eval[bool](t, board, fmt.Sprintf(`window.onedoorVoice.log.some(e => e.number === %q)`, numbers[1])) {
		t.Fatalf("%s was dropped but spoken", numbers[1])
	}
}

// voicePhrase is "请 A001 号 到 N 号窗口 办理" as clip names, as a person reads it.
func voicePhrase(number string, window int) []string {
	out := []string{"qing"}
	for _, c := range number {
		if c >= 'A' && c <= 'Z' {
			out = append(out, "l"+string(c))
		} else {
			out = append(out, "d"+string(c))
		}
	}
	out = append(out, "hao", "dao")
	switch {
	case window < 10:
		out = append(out, fmt.Sprintf("d%d", window))
	case window < 20:
		out = append(out, "shi")
		if window%10 != 0 {
			out = append(out, fmt.Sprintf("d%d", window%10))
		}
	}
	return append(out, "hao", "chuangkou_banli")
}

// TestAnonymousPagesReceiveNoPersonalData records, on the wire, everything the board,
// a window display and a tracking page receive while a ticket with an applicant is
// issued, called and served, and checks none of it names the applicant or carries
// another ticket's id.
func TestAnonymousPagesReceiveNoPersonalData(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	app := &wire.Applicant{CardType: "resident", IDNumber: validID("44010619580307123"), Name: "欧阳秀英",
		Gender: "女", Nation: "汉", BirthDate: "1958-03-07", Address: "广州市天河区体育西路191号"}
	other := ts.issue(itemA)
	mine, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: itemA, Applicant: app}, nextKey())
	if err != nil {
		t.Fatal(err)
	}
	type page struct {
		ctx  context.Context
		wire *browsertest.Wire
	}
	var pages []page
	for _, p := range []struct{ path, ready string }{
		{"/board?voice=0", boardReady},
		{"/board/window/1", windowReady},
		{"/t/" + mine.ID, `document.body.dataset.state === 'waiting'`},
	} {
		tab := browsertest.Tab(t, 30*time.Second)
		w := browsertest.RecordWire(t, tab)
		browsertest.Open(t, tab, ts.URL()+p.path, p.ready)
		pages = append(pages, page{tab, w})
	}
	clerk := ts.clerk(1)
	for range 2 { // the elderly applicant goes first
		got, _, err := clerk.Call(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := clerk.Act(ctx, 1, "start"); err != nil {
			t.Fatal(err)
		}
		if got.ID == mine.ID {
			if _, err := clerk.Reveal(ctx, 1); err != nil { // the clerk sees the applicant: the pages must not
				t.Fatal(err)
			}
		}
		if _, err := clerk.Finish(ctx, 1, wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}}); err != nil {
			t.Fatal(err)
		}
	}
	browsertest.WaitTrue(t, pages[0].ctx, 2*time.Second, fmt.Sprintf(`!!document.querySelector('#recent li[data-number=%q]')`, other.Number))
	browsertest.WaitTrue(t, pages[1].ctx, 2*time.Second, `document.body.dataset.phase === 'idle' && window.onedoorWindow.seq > 0`)
	browsertest.WaitTrue(t, pages[2].ctx, 2*time.Second, `document.body.dataset.state === 'done'`)
	secrets := []string{app.IDNumber, app.IDNumber[6:14], app.Name, app.Address, app.BirthDate, other.ID}
	for i, p := range pages {
		got := p.wire.Text(t, p.ctx)
		if len(p.wire.Frames()) == 0 || !strings.Contains(got, mine.Number) || !strings.Contains(got, `"center_name"`) {
			t.Fatalf("page %d: nothing recorded on the wire", i)
		}
		for _, s := range secrets {
			if strings.Contains(got, s) {
				t.Errorf("page %d received %q", i, s)
			}
		}
		if i < 2 && strings.Contains(got, mine.ID) {
			t.Errorf("page %d received a ticket id", i)
		}
	}
}

// TestDisplayScreenshots fills a demo hall and saves screenshots of the board
// (1920×1080), a window display and the tracking page (phone size) into the folder
// named by ONEDOOR_SCREENSHOTS (make screenshots-display). It is skipped without it.
func TestDisplayScreenshots(t *testing.T) {
	dir := os.Getenv("ONEDOOR_SCREENSHOTS")
	if dir == "" {
		t.Skip("set ONEDOOR_SCREENSHOTS to a folder to take the screenshots")
	}
	ts := startServer(t)
	ctx := context.Background()
	sup := ts.supervisor()
	if err := sup.SetNotice(ctx, "温馨提示：请携带本人有效身份证件原件，按叫号顺序到对应窗口办理；过号请到导办台重新取号。Please bring your original ID card and wait for your number."); err != nil {
		t.Fatal(err)
	}
	byCat := map[string]string{}
	for _, it := range ts.Store.Catalog().Items {
		if byCat[it.Category] == "" {
			byCat[it.Category] = it.Code
		}
	}
	var mine wire.Ticket
	for i, cat := range []string{"SSDJ", "SCJG", "RSSB", "SSDJ", "YLBZ", "HZGA", "BDCDJ", "SSDJ", "ZFGJJ", "SCJG", "SWFW", "SSDJ", "RSSB", "HZGA", "SSDJ", "MZSW", "SSDJ", "SCJG", "SSDJ", "GCJS", "SSDJ", "SSDJ"} {
		tk := ts.issue(byCat[cat])
		if i == 14 {
			mine = tk
		}
	}
	clerks := map[int]*client.Client{}
	for n := 1; n <= 6; n++ {
		clerks[n] = ts.clerk(n)
	}
	// Twelve calls: windows 1–6 serve and finish, then call again.
	for round := 0; round < 2; round++ {
		for n := 1; n <= 6; n++ {
			got, _, err := clerks[n].Call(ctx, n)
			if err != nil {
				t.Fatal(err)
			}
			if round == 0 {
				if _, err := clerks[n].Act(ctx, n, "start"); err != nil {
					t.Fatal(err)
				}
				ts.clock.Add(time.Duration(n) * time.Minute) // visits of some minutes: the waits page quotes from them
				if _, err := clerks[n].Finish(ctx, n, acceptAll(ts, got.Item)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	clerks[2].Act(ctx, 2, "start")
	if _, err := clerks[5].Act(ctx, 5, "no-show"); err != nil {
		t.Fatal(err)
	}
	if _, err := clerks[5].WindowState(ctx, 5, "pause", "系统维护 System maintenance"); err != nil {
		t.Fatal(err)
	}

	shoot := func(name, path, ready string, w, h int64, mobile, full bool) {
		t.Helper()
		tab := browsertest.Tab(t, 30*time.Second)
		opts := []chromedp.EmulateViewportOption{}
		if mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
		}
		err := chromedp.Do(tab, chromedp.EmulateViewport(w, h, opts...), shanghaiTime())
		if err != nil {
			t.Fatal(err)
		}
		browsertest.Open(t, tab, ts.URL()+path, ready)
		// Fonts loaded, and no blink caught halfway.
		browsertest.WaitTrue(t, tab, 5*time.Second, `document.fonts.status === 'loaded'`)
		browsertest.Eval[bool](t, tab, `document.querySelectorAll('.blink').forEach(e => e.classList.remove('blink')); document.body.style.animation = 'none'; true`)
		var png []byte
		if full {
			png, err = chromedp.Run(tab, chromedp.FullScreenshot(100))
		} else {
			png, err = chromedp.Run(tab, chromedp.CaptureScreenshot())
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The board's newest call, as the hall sees it a moment after the call.
	if _, err := clerks[6].Act(ctx, 6, "recall"); err != nil {
		t.Fatal(err)
	}
	shoot("board.png", "/board?voice=0", boardReady+` && document.querySelectorAll('#recent li').length === 10`, 1920, 1080, false, false)
	shoot("board-categories-A.png", "/board?voice=0&categories=A", boardReady+` && document.querySelectorAll('#recent li').length > 0`, 1920, 1080, false, false)
	shoot("window.png", "/board/window/2", windowReady+` && document.body.dataset.phase === 'serving'`, 1280, 720, false, false)
	shoot("window-paused.png", "/board/window/5", windowReady+` && document.body.dataset.phase === 'paused'`, 1280, 720, false, false)
	shoot("track.png", "/t/"+mine.ID, `document.body.dataset.state === 'waiting' && document.querySelectorAll('#materials li').length > 0`, 390, 844, true, true)
	shoot("waits.png", "/waits", `document.querySelectorAll('#list li').length === 13`, 390, 844, true, true)
	// A finished visit, with the evaluation open at 不满意 and its reasons.
	var last wire.StaffTicket
	for {
		cur, ok, err := clerks[1].Current(ctx, 1)
		if err == nil && ok && cur.State == "called" {
			clerks[1].Act(ctx, 1, "start")
			cur.State = "serving"
		}
		if err == nil && ok && cur.State == "serving" {
			if _, err := clerks[1].Finish(ctx, 1, acceptAll(ts, cur.Item)); err != nil {
				t.Fatal(err)
			}
			last = cur
		}
		if last.ID == mine.ID {
			break
		}
		if _, ok, err := clerks[1].Call(ctx, 1); err != nil || !ok {
			t.Fatalf("call: %v %v", err, ok)
		}
	}
	shoot("track-rating.png", "/t/"+mine.ID+"#rate", `document.body.dataset.state === 'done' && !document.getElementById('rating').hidden &&
		(document.querySelector('#levels button[data-level="2"]').click(), document.querySelector('#reason-list input').click(), true)`, 390, 844, true, true)
}

// shanghaiTime makes the tab's clock read the center's time.
func shanghaiTime() chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Shanghai"})
		return chromedp.Void{}, err
	}
}

// acceptAll finishes a visit as accepted with every material of the item received.
func acceptAll(ts *testServer, item string) wire.FinishRequest {
	req := wire.FinishRequest{Outcome: "accepted"}
	for _, it := range ts.Store.Catalog().Items {
		if it.Code == item {
			for i := range it.Materials {
				req.Received = append(req.Received, fmt.Sprintf("m%d", i+1))
			}
		}
	}
	return req
}

// TestDisplayFanout measures what the hall's screens need of the stream: N subscribers
// at once (default 1,000: half hall boards on /stream, half tracking pages on
// /stream?ticket=ID) on a real server process over loopback, and the time from a call
// being sent to its event reaching each of them. It runs when ONEDOOR_BENCH_DISPLAY is
// set (make bench-display; a number there sets N); it reports, it does not gate: the
// 100 ms p99 target is for the median of three runs on a shared machine.
// Server memory per connection is the growth of the server process's resident set
// (VmRSS) while the subscribers connect, divided by N.
func TestDisplayFanout(t *testing.T) {
	env := os.Getenv("ONEDOOR_BENCH_DISPLAY")
	if env == "" {
		t.Skip("set ONEDOOR_BENCH_DISPLAY=1 (or a subscriber count) to measure the stream's fan-out")
	}
	subs := 1000
	if n, err := strconv.Atoi(env); err == nil && n > 1 {
		subs = n
	}
	raiseFileLimit(t, uint64(subs)*2+1024)
	srv := startChild(t, t.TempDir())
	t.Cleanup(srv.kill)
	ctx := context.Background()
	kiosk := client.New(srv.url, srv.token)
	var ids []string
	for range subs / 2 {
		tk, err := kiosk.Issue(ctx, wire.IssueRequest{Item: itemA}, nextKey())
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	clerk := childClerk(t, srv.url, 1)
	rssBefore := rssKiB(t, srv.cmd.Process.Pid)

	const calls = 20
	type got struct {
		number string
		at     time.Time
	}
	recv := make(chan got, subs*calls)
	ws := strings.Replace(srv.url, "http://", "ws://", 1) + "/api/v1/stream"
	conns := make([]*websocket.Conn, 0, subs)
	q, err := client.New(srv.url, "").Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range subs {
		u := fmt.Sprintf("%s?after=%d", ws, q.Seq)
		if i%2 == 1 {
			u += "&ticket=" + ids[i/2]
		}
		c, _, err := websocket.DefaultDialer.Dial(u, nil)
		if err != nil {
			t.Fatalf("subscriber %d: %v", i, err)
		}
		conns = append(conns, c)
		go func() {
			for {
				_, data, err := c.ReadMessage()
				if err != nil {
					return
				}
				at := time.Now()
				// Cheap on purpose: the load generator shares the cores with the server.
				if bytes.Contains(data, []byte(`"type":"ticket.called"`)) {
					recv <- got{calledNumber(data), at}
				}
			}
		}()
	}
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	rssAfter := rssKiB(t, srv.cmd.Process.Pid)

	var lat []time.Duration
	for range calls {
		start := time.Now()
		tk, ok, err := clerk.Call(ctx, 1)
		if err != nil || !ok {
			t.Fatalf("call: %v %v", err, ok)
		}
		for n := 0; n < subs; {
			select {
			case g := <-recv:
				if g.number == tk.Number {
					lat = append(lat, g.at.Sub(start))
					n++
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("call %s reached %d of %d subscribers", tk.Number, n, subs)
			}
		}
		if _, err := clerk.Act(ctx, 1, "no-show"); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	t.Logf("fanout: %d subscribers (%d boards, %d tracking pages), %d calls: call→delivery p50 %v, p99 %v, max %v; server RSS +%d KiB = %.1f KiB per connection",
		subs, subs-subs/2, subs/2, calls, pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond),
		lat[len(lat)-1].Round(time.Microsecond), rssAfter-rssBefore, float64(rssAfter-rssBefore)/float64(subs))
	if p99 := pct(0.99); p99 > 100*time.Millisecond {
		t.Logf("p99 %v is over the 100 ms target in this run (the target is for the median of 3 runs)", p99)
	}
}

// raiseFileLimit lifts the open-file limit for many sockets (the child inherits it).
func raiseFileLimit(t *testing.T, n uint64) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur < n {
		lim.Cur = min(n, lim.Max)
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			t.Fatalf("raise the open-file limit to %d: %v", n, err)
		}
	}
}

// rssKiB reads a process's resident set size from /proc.
func rssKiB(t *testing.T, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// calledNumber picks the ticket number out of an event without decoding all of it.
func calledNumber(data []byte) string {
	var ev struct {
		Ticket struct {
			Number string `json:"number"`
		} `json:"ticket"`
	}
	json.Unmarshal(data, &ev)
	return ev.Ticket.Number
}
