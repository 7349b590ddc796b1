package app

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// TestClientStreamSurvivesAServerCrash: a subscriber of internal/client keeps following
// across a SIGKILL and restart of the server, and receives every event exactly once, in
// order — including those committed while it was away.
func TestClientStreamSurvivesAServerCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	dir := t.TempDir()
	addr := "127.0.0.1:" + freePort(t)
	srv := startChild(t, dir, "-addr", addr)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sup := client.New(srv.url, "")
	if _, err := sup.Login(ctx, wire.LoginRequest{Staff: "super", PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	q, err := sup.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	col := newCollector()
	states := make(chan bool, 16)
	go sup.Subscribe(ctx, client.StreamOptions{After: q.Seq, MinBackoff: 50 * time.Millisecond, MaxBackoff: 500 * time.Millisecond,
		OnState: func(up bool) { states <- up }}, col.add)
	waitState(t, states, true)
	kc := client.New(srv.url, srv.token)
	if _, err := kc.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, "c-1"); err != nil {
		t.Fatal(err)
	}
	srv.kill()
	waitState(t, states, false)
	// While the server is down nothing can happen; it comes back on the same port, a
	// ticket is issued before the subscriber has reconnected, then another.
	srv = startChild(t, dir, "-addr", addr)
	kc = client.New(srv.url, srv.token)
	for _, key := range []string{"c-2", "c-3"} {
		if _, err := kc.Issue(ctx, wire.IssueRequest{Item: "440199-B-001"}, key); err != nil {
			t.Fatal(err)
		}
	}
	sup2 := client.New(srv.url, "")
	sup2.Login(ctx, wire.LoginRequest{Staff: "super", PIN: DemoPIN})
	last, _ := sup2.Queue(ctx)
	col.waitSeq(t, last.Seq)
	got := col.seqs()
	for i, s := range got {
		if s != q.Seq+1+uint64(i) {
			t.Fatalf("seqs %v: want every event after %d exactly once, in order", got, q.Seq)
		}
	}
	issued := 0
	col.mu.Lock()
	for _, ev := range col.evs {
		if ev.Type == "ticket.issued" {
			issued++
		}
	}
	col.mu.Unlock()
	if issued != 3 {
		t.Fatalf("%d ticket.issued events, want 3", issued)
	}
	srv.kill()
}

func waitState(t *testing.T, states chan bool, want bool) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case s := <-states:
			if s == want {
				return
			}
		case <-timeout:
			t.Fatalf("the stream never went %v", want)
		}
	}
}
