package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
)

// BenchmarkIssueWithBackups is the A/B of what timed backups cost: durable issues per
// second through the real HTTP server with no backups, a backup a minute and a backup a
// second, each for ONEDOOR_AB_SECONDS (default 60) with ONEDOOR_AB_CLIENTS kiosks
// (default 64), in ONEDOOR_AB_ROUNDS rounds (default 3) of the three, interleaved so that
// a noisy minute of the machine falls on all three alike. The minute's backup is taken
// halfway through, so its window holds exactly one, as a minute of a real day would.
//
//	go test -run='^$' -bench=IssueWithBackups -benchtime=1x ./server/internal/app
func BenchmarkIssueWithBackups(b *testing.B) {
	d, clients, rounds := 60*time.Second, 64, 3
	if v, err := strconv.Atoi(os.Getenv("ONEDOOR_AB_SECONDS")); err == nil && v > 0 {
		d = time.Duration(v) * time.Second
	}
	if v, err := strconv.Atoi(os.Getenv("ONEDOOR_AB_CLIENTS")); err == nil && v > 0 {
		clients = v
	}
	if v, err := strconv.Atoi(os.Getenv("ONEDOOR_AB_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	for round := 1; round <= rounds; round++ {
		for _, v := range []struct {
			name  string
			every time.Duration
		}{{"none", 0}, {"1m", time.Minute}, {"1s", time.Second}} {
			abRun(b, fmt.Sprintf("round=%d/backups=%s", round, v.name), v.every, clients, d)
		}
	}
}

// abRun is one variant of the A/B: a fresh server, backups every every (0: none).
func abRun(b *testing.B, name string, every time.Duration, clients int, d time.Duration) {
	b.Run(name, func(b *testing.B) {
		cfg := Config{Addr: "127.0.0.1:0", Data: b.TempDir(), TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy()}
		if every > 0 {
			cfg.Backup = BackupConfig{Dir: b.TempDir(), Every: every, first: min(every, d) / 2}
		}
		srv, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			b.Fatal(err)
		}
		defer srv.Close(context.Background())
		rate, p99 := issueFor(b, srv, clients, d)
		b.ReportMetric(rate, "issues/s")
		b.ReportMetric(p99, "p99_ms")
		if bk := srv.backups; bk != nil {
			bk.mu.Lock()
			b.ReportMetric(float64(bk.ok), "backups")
			b.ReportMetric(bk.lastDur.Seconds(), "backup_s")
			b.ReportMetric(float64(bk.failures), "failures")
			bk.mu.Unlock()
		}
		b.ReportMetric(0, "ns/op")
	})
}

// issueFor has clients kiosks issue tickets as fast as they are answered for d, and
// returns the issues per second and the p99 latency in milliseconds.
func issueFor(b *testing.B, srv *Server, clients int, d time.Duration) (rate, p99 float64) {
	kc := client.New(srv.URL(), srv.KioskToken)
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	all, elapsed := issueLatencies(b, ctx, kc, clients, func(c, i int) (string, string, bool) {
		return benchItems[i%len(benchItems)], fmt.Sprintf("c%d-%d", c, i), true
	})
	if len(all) == 0 {
		b.Fatal("no ticket issued")
	}
	return float64(len(all)) / elapsed.Seconds(), float64(all[len(all)*99/100].Microseconds()) / 1000
}
