package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"onedoor/internal/certs/certstest"
	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// BenchmarkIssueTLS measures durable ticket issues at 64 concurrent kiosks over plain
// HTTP and over TLS in the same run: both servers run at once and the kiosks issue in
// alternating rounds (plain, TLS, plain, …), so a neighbour's load on this shared machine
// falls on both alike. Each kiosk has a client of its own (internal/client, as the kiosk
// makes it), so a connection of its own kept alive across issues, as in a hall; the
// handshakes happen before the timer starts. It reports each mode's issues per second
// and p50/p99 latency, and tls/plain, the ratio of the rates. BENCH_NOSYNC=1 switches
// fsync off.
//
//	go test -run '^$' -bench 'IssueTLS' -benchtime 4000x -count 3 ./server/internal/app
func BenchmarkIssueTLS(b *testing.B) {
	p := certstest.New(b, "127.0.0.1")
	trust, err := client.CAOption(p.CA)
	if err != nil {
		b.Fatal(err)
	}
	plain := benchStart(b, nil)
	tls := benchStart(b, &TLSOptions{CertFile: p.Cert, KeyFile: p.Key}, trust...)
	const round = 200
	b.ResetTimer()
	for done := 0; done < b.N; done += round {
		n := min(round, b.N-done)
		plain.issue(b, n)
		tls.issue(b, n)
	}
	b.StopTimer()
	pr, tr := plain.report(b, "plain"), tls.report(b, "tls")
	if pr > 0 {
		b.ReportMetric(tr/pr, "tls/plain")
	}
	b.ReportMetric(0, "ns/op")
}

// benchHall is a server and 64 warmed-up kiosks, with what they measured.
type benchHall struct {
	kiosks  []*client.Client
	next    atomic.Int64
	elapsed time.Duration
	lat     []time.Duration
}

func benchStart(b *testing.B, tlsOpts *TLSOptions, opts ...client.Option) *benchHall {
	cfg := Config{Addr: "127.0.0.1:0", Data: b.TempDir(), TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(),
		UnsafeNoSync: os.Getenv("BENCH_NOSYNC") == "1"}
	if tlsOpts != nil {
		cfg.TLS = *tlsOpts
	}
	srv, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close(context.Background()) })
	h := &benchHall{kiosks: make([]*client.Client, 64)}
	for i := range h.kiosks {
		h.kiosks[i] = client.New(srv.URL(), srv.KioskToken, opts...)
		if _, err := h.kiosks[i].Queue(context.Background()); err != nil { // connect (and handshake) now
			b.Fatal(err)
		}
	}
	return h
}

// issue makes n issues from all the kiosks at once and adds to the totals.
func (h *benchHall) issue(b *testing.B, n int) {
	items := []string{"440199-A-001", "440199-B-001", "440199-C-001", "440199-E-001", "440199-F-001"}
	limit := h.next.Load() + int64(n)
	lat := make([][]time.Duration, len(h.kiosks))
	start := time.Now()
	var wg sync.WaitGroup
	for c := range h.kiosks {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for {
				i := h.next.Add(1)
				if i > limit {
					return
				}
				t0 := time.Now()
				if _, err := h.kiosks[c].Issue(context.Background(), wire.IssueRequest{Item: items[i%int64(len(items))]}, fmt.Sprintf("t%d", i)); err != nil {
					b.Error(err)
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}(c)
	}
	wg.Wait()
	h.elapsed += time.Since(start)
	h.next.Store(limit)
	for _, l := range lat {
		h.lat = append(h.lat, l...)
	}
}

// report reports the mode's rate and latencies and returns the rate.
func (h *benchHall) report(b *testing.B, mode string) float64 {
	if len(h.lat) == 0 {
		return 0
	}
	sort.Slice(h.lat, func(i, j int) bool { return h.lat[i] < h.lat[j] })
	rate := float64(len(h.lat)) / h.elapsed.Seconds()
	b.ReportMetric(rate, mode+"_issues/s")
	b.ReportMetric(float64(h.lat[len(h.lat)/2].Microseconds())/1000, mode+"_p50_ms")
	b.ReportMetric(float64(h.lat[len(h.lat)*99/100].Microseconds())/1000, mode+"_p99_ms")
	return rate
}
