package app

import (
	"context"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// collector gathers a subscriber's events.
type collector struct {
	mu   sync.Mutex
	evs  []wire.Event
	at   []time.Time // when each arrived
	more chan struct{}
}

func newCollector() *collector { return &collector{more: make(chan struct{}, 1)} }

func (c *collector) add(ev wire.Event) {
	c.mu.Lock()
	c.evs = append(c.evs, ev)
	c.at = append(c.at, time.Now())
	c.mu.Unlock()
	select {
	case c.more <- struct{}{}:
	default:
	}
}

// waitSeq waits until an event with seq ≥ want has arrived.
func (c *collector) waitSeq(t *testing.T, want uint64) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		n := len(c.evs)
		reached := n > 0 && c.evs[n-1].Seq >= want
		c.mu.Unlock()
		if reached {
			return
		}
		select {
		case <-c.more:
		case <-deadline:
			t.Fatalf("waited for seq %d; have %d events", want, n)
		}
	}
}

// events returns a copy of the events gathered so far.
func (c *collector) events() []wire.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.evs)
}

func (c *collector) seqs() []uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]uint64, len(c.evs))
	for i, ev := range c.evs {
		out[i] = ev.Seq
	}
	return out
}

// TestStreamReplayAfterReconnect: a subscriber that goes away and comes back with
// after=SEQ receives every event it missed exactly once, in order, then live ones.
func TestStreamReplayAfterReconnect(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	sup := ts.supervisor()
	col := newCollector()
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	up := make(chan bool, 8)
	go func() {
		defer close(done)
		sup.Subscribe(sctx, client.StreamOptions{After: ts.Store.LastSeq(), OnState: func(u bool) { up <- u }}, col.add)
	}()
	<-up
	ts.issue("440199-A-001")
	ts.issue("440199-B-001")
	col.waitSeq(t, ts.Store.LastSeq())
	cancel()
	<-done
	seen := col.seqs()
	last := seen[len(seen)-1]

	// While it is away: events it must not miss.
	c1 := ts.clerk(1)
	for i := 0; i < 5; i++ {
		ts.issue("440199-C-001")
	}
	c1.Call(ctx, 1)
	missedUpTo := ts.Store.LastSeq()

	col2 := newCollector()
	sctx2, cancel2 := context.WithCancel(ctx)
	defer cancel2()
	go sup.Subscribe(sctx2, client.StreamOptions{After: last}, col2.add)
	col2.waitSeq(t, missedUpTo)
	ts.issue("440199-A-001") // and a live one after the replay
	col2.waitSeq(t, ts.Store.LastSeq())
	got := col2.seqs()
	for i, s := range got {
		if s != last+1+uint64(i) {
			t.Fatalf("after reconnect got seqs %v, want %d.. consecutive", got, last+1)
		}
	}
	if got[len(got)-1] != ts.Store.LastSeq() {
		t.Fatalf("last seq %d, want %d", got[len(got)-1], ts.Store.LastSeq())
	}
}

// TestStalledSubscriberDoesNotDelayOthers: one client connects and never reads; the
// others keep receiving every event promptly while it is dropped.
func TestStalledSubscriberDoesNotDelayOthers(t *testing.T) {
	ts := startServerWith(t, noAlarms) // every event public: the crowd's alarm is staff-only
	ctx := context.Background()
	u, _ := url.Parse(ts.URL())
	u.Scheme, u.Path = "ws", "/api/v1/stream"
	// The stalled one: a tiny read buffer, and nobody reading.
	d := websocket.Dialer{ReadBufferSize: 64}
	stalled, _, err := d.Dial(u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	if tcp, ok := stalled.UnderlyingConn().(interface{ SetReadBuffer(int) error }); ok {
		tcp.SetReadBuffer(1024)
	}

	const readers = 3
	cols := make([]*collector, readers)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for i := range cols {
		cols[i] = newCollector()
		up := make(chan bool, 4)
		go client.New(ts.URL(), "").Subscribe(sctx, client.StreamOptions{After: ts.Store.LastSeq(), OnState: func(u bool) { up <- u }}, cols[i].add)
		<-up
	}
	start := ts.Store.LastSeq()
	// Enough events to fill the stalled client's socket and its hub buffer many times.
	var wg sync.WaitGroup
	var answered sync.Map // ticket number → when the kiosk had its answer
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 150; i++ {
				tk, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, nextKey())
				if err != nil {
					t.Error(err)
					return
				}
				answered.Store(tk.Number, time.Now())
			}
		}()
	}
	wg.Wait()
	end := ts.Store.LastSeq()
	for i, c := range cols {
		c.waitSeq(t, end)
		got := c.seqs()
		if uint64(len(got)) != end-start {
			t.Fatalf("reader %d got %d events, want %d", i, len(got), end-start)
		}
		// Promptly: a reader blocked behind the stalled one would wait out its write
		// deadline (10 s).
		var lat []time.Duration
		c.mu.Lock()
		for j, ev := range c.evs {
			if at, ok := answered.Load(ev.Ticket.Number); ok && ev.Type == "ticket.issued" {
				lat = append(lat, max(0, c.at[j].Sub(at.(time.Time))))
			}
		}
		c.mu.Unlock()
		if len(lat) != 600 {
			t.Fatalf("reader %d: %d tickets matched, want 600", i, len(lat))
		}
		p50, p99 := percentiles(lat)
		t.Logf("reader %d: an issued ticket reached it p50 %v, p99 %v after the kiosk's answer", i, p50, p99)
		if p99 > 2*time.Second {
			t.Errorf("reader %d: p99 %v from the kiosk's answer to the stream: the stalled client delays the others", i, p99)
		}
	}
	// The stalled client is still connected (the kernel buffers what it does not read);
	// the hub drops it once its own buffer fills: see hub's TestSlowSubscriberIsDropped.
}

// TestBoardViewCoalescesCounts: the board view gets calls and window events as they
// happen, never a ticket.issued or a start, and the waiting counts as queue.waiting summaries, far
// fewer than the tickets issued, the last one right; seqs keep rising so a board resumes
// where it was. The full stream meanwhile gets every event and no summary.
func TestBoardViewCoalescesCounts(t *testing.T) {
	ts := startServerWith(t, noAlarms) // every event public: the crowd's alarm is staff-only
	ctx := context.Background()
	c1 := ts.clerk(1)
	board, full := newCollector(), newCollector()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	start := ts.Store.LastSeq()
	for _, sub := range []struct {
		col  *collector
		view string
	}{{board, "board"}, {full, ""}} {
		up := make(chan bool, 4)
		go client.New(ts.URL(), "").Subscribe(sctx, client.StreamOptions{After: start, View: sub.view, OnState: func(u bool) { up <- u }}, sub.col.add)
		<-up
	}
	const issued = 30
	for i := 0; i < issued; i++ {
		ts.issue("440199-A-001")
	}
	called, ok, err := c1.Call(ctx, 1)
	if err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	if _, err := c1.Act(ctx, 1, "start"); err != nil { // changes nothing a board shows
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		ts.issue("440199-A-001")
	}
	last := ts.Store.LastSeq()
	board.waitSeq(t, last) // the last summary comes at the next tick
	full.waitSeq(t, last)

	q, err := ts.kiosk.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := -1
	for _, c := range q.Categories {
		if c.Prefix == "A" {
			want = c.Waiting
		}
	}
	evs := board.events()
	var summaries, calls int
	prev := start
	for _, ev := range evs {
		if ev.Seq <= prev {
			t.Fatalf("board seqs not rising: %d after %d", ev.Seq, prev)
		}
		prev = ev.Seq
		switch ev.Type {
		case wire.QueueWaiting:
			summaries++
		case "ticket.called":
			calls++
			if ev.Ticket == nil || ev.Ticket.Number != called.Number || ev.Waiting == nil {
				t.Fatalf("board's call: %+v", ev)
			}
		case "ticket.issued", "ticket.started":
			t.Fatalf("the board view got a %s: %+v", ev.Type, ev)
		}
	}
	if calls != 1 || summaries == 0 || summaries > issued/2 {
		t.Fatalf("board got %d calls and %d summaries for %d tickets: %d events", calls, summaries, issued+5, len(evs))
	}
	if lastEv := evs[len(evs)-1]; lastEv.Type != wire.QueueWaiting || lastEv.Waiting["A"] != want {
		t.Fatalf("board's last message %+v, want queue.waiting with A=%d", lastEv, want)
	}
	got := full.seqs()
	if uint64(len(got)) != last-start {
		t.Fatalf("full stream got %d events, want %d", len(got), last-start)
	}
	for _, ev := range full.events() {
		if ev.Type == wire.QueueWaiting {
			t.Errorf("the full stream got a summary: %+v", ev)
		}
	}
}
