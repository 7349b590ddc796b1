package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// BenchmarkIssue measures durable ticket issues (fsync on) through the real HTTP server
// on a loopback port with 1, 8 and 64 concurrent kiosks. It reports issues per second and
// the p50/p99 latency of one issue. Client and server share this machine's cores.
func BenchmarkIssue(b *testing.B) {
	for _, clients := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			cfg := Config{Addr: "127.0.0.1:0", Data: b.TempDir(), TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(), UnsafeNoSync: os.Getenv("BENCH_NOSYNC") == "1"}
			srv, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close(context.Background())
			kc := client.New(srv.URL(), srv.KioskToken)
			var next atomic.Int64
			all, elapsed := issueLatencies(b, context.Background(), kc, clients, func(int, int) (string, string, bool) {
				i := next.Add(1)
				return benchItems[i%int64(len(benchItems))], fmt.Sprintf("b%d", i), i <= int64(b.N)
			})
			if len(all) == 0 {
				return
			}
			b.ReportMetric(float64(len(all))/elapsed.Seconds(), "issues/s")
			b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50_ms")
			b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99_ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// benchItems are the items the benchmarks' kiosks issue, in turn.
var benchItems = []string{"440199-A-001", "440199-B-001", "440199-C-001", "440199-E-001", "440199-F-001"}

// issueLatencies has clients kiosks issue tickets through kc, kiosk c one after another
// for as long as next(c, i) gives its i-th issue an item and key (ok), and returns the
// latency of every issue, sorted, and how long the run took; b's timer runs over the
// issues only. An issue that fails while ctx is live fails b.
func issueLatencies(b *testing.B, ctx context.Context, kc *client.Client, clients int,
	next func(c, i int) (item, key string, ok bool)) (all []time.Duration, elapsed time.Duration) {
	lat := make([][]time.Duration, clients)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; ; i++ {
				item, key, ok := next(c, i)
				if !ok {
					return
				}
				t0 := time.Now()
				_, err := kc.Issue(ctx, wire.IssueRequest{Item: item}, key)
				if ctx.Err() != nil {
					return
				}
				if err != nil {
					b.Error(err)
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}(c)
	}
	wg.Wait()
	elapsed = time.Since(start)
	b.StopTimer()
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	return all, elapsed
}
