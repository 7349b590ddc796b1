package city

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/server/internal/uplink"
	"onedoor/server/internal/upload"
)

// memLog is a simulated center's event log: events appended at a steady rate, with the
// time each was made, read by a real uplink.
type memLog struct {
	mu   sync.Mutex
	evs  []queue.Event
	made []time.Time
}

func (l *memLog) add(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	seq := uint64(len(l.evs) + 1)
	n := seq / 4
	t := &queue.Ticket{ID: fmt.Sprint("t", n), Number: fmt.Sprintf("A%03d", n%1000), Category: string(rune('A' + n%8)), IssuedAt: now}
	types := []queue.EventType{queue.TicketIssued, queue.TicketCalled, queue.TicketStarted, queue.TicketFinished}
	states := []queue.State{queue.Waiting, queue.Called, queue.Serving, queue.Done}
	t.State = states[seq%4]
	if t.State != queue.Waiting {
		t.CalledAt = now
	}
	l.evs = append(l.evs, queue.Event{Seq: seq, Type: types[seq%4], At: now, Ticket: t})
	l.made = append(l.made, now)
}

func (l *memLog) EventsAfter(after uint64, limit int) ([]queue.Event, uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	end := min(len(l.evs), int(after)+limit)
	if int(after) >= end {
		return nil, uint64(len(l.evs)), nil
	}
	return slices.Clone(l.evs[after:end]), uint64(len(l.evs)), nil
}

func (l *memLog) madeAt(seq uint64) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.made[seq-1]
}

// TestUploadLagAt180Centers: 180 simulated centers, each logging at ten times a big
// district center's busy day (6,000 visits of 4 events in 9 hours: 7.4 events/s; here
// 8/s), upload through the real uplink to the city tier for 20 s; the lag from an
// event made to its batch acknowledged, p50 and p99. ONEDOOR_CITY_BENCH=1 (make bench-city).
func TestUploadLagAt180Centers(t *testing.T) {
	if os.Getenv("ONEDOOR_CITY_BENCH") == "" {
		t.Skip("set ONEDOOR_CITY_BENCH=1 to measure (make bench-city)")
	}
	const centers, perSecond, run = 180, 8, 20 * time.Second
	s, _ := startCity(t)
	ctx := context.Background()
	logs := make([]*memLog, centers)
	ups := make([]*uplink.Uplink, centers)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	for i := range centers {
		code := fmt.Sprintf("s%03d", i)
		tok, err := s.Store.AddCenter(ctx, Center{code, "模拟中心", "street", "d1"})
		if err != nil {
			t.Fatal(err)
		}
		logs[i] = &memLog{}
		ups[i] = uplink.Start(uplink.Config{URL: s.URL(), Token: tok, Center: code, Source: logs[i], Log: quiet,
			Client: &http.Client{Timeout: 30 * time.Second}})
	}
	defer func() {
		for _, u := range ups {
			u.Close()
		}
	}()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, l := range logs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(time.Second / perSecond)
			defer tick.Stop()
			for {
				select {
				case now := <-tick.C:
					l.add(now)
				case <-stop:
					return
				}
			}
		}()
	}
	var lags []time.Duration
	seen := make([]uint64, centers)
	deadline := time.Now().Add(run)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond) // the sampling period of the acknowledged marks
		now := time.Now()
		for i, u := range ups {
			for m := u.Mark(); seen[i] < m; {
				seen[i]++
				lags = append(lags, now.Sub(logs[i].madeAt(seen[i])))
			}
		}
	}
	close(stop)
	wg.Wait()
	slices.Sort(lags)
	if len(lags) == 0 {
		t.Fatal("nothing acknowledged")
	}
	p := func(q float64) time.Duration { return lags[int(q*float64(len(lags)-1))] }
	t.Logf("180 centers × %d events/s for %v: %d events acknowledged (%.0f/s); lag p50 %v, p99 %v, max %v",
		perSecond, run, len(lags), float64(len(lags))/run.Seconds(), p(0.5).Round(time.Millisecond), p(0.99).Round(time.Millisecond), lags[len(lags)-1].Round(time.Millisecond))
}

// TestDashboardOverAYear: a year of hourly aggregates for 180 centers (8 categories, the
// ten open hours a day: 5.3 million rows), then the city's page, 50 times; p50 and p95.
// ONEDOOR_CITY_BENCH=1 (make bench-city).
func TestDashboardOverAYear(t *testing.T) {
	if os.Getenv("ONEDOOR_CITY_BENCH") == "" {
		t.Skip("set ONEDOOR_CITY_BENCH=1 to measure (make bench-city)")
	}
	s, _ := startCity(t)
	ctx := context.Background()
	for i := range 180 {
		parent := "d1"
		if _, err := s.Store.AddCenter(ctx, Center{fmt.Sprintf("s%03d", i), "模拟中心", "street", parent}); err != nil {
			t.Fatal(err)
		}
	}
	now := t0.Add(time.Hour)
	start := time.Now()
	_, err := s.Store.pool.Exec(ctx, `INSERT INTO hourly (center, category, hour, issued, called, served, wait_n, wait_sum_s, wait_max_s, rated, rated_good)
		SELECT 's' || lpad(c::text, 3, '0'), chr(65 + k), h, 20, 19, 18, 19, 19 * 600, 1800, 5, 4
		FROM generate_series(0, 179) c, generate_series(0, 7) k,
			generate_series($1::timestamptz - interval '365 days', $1::timestamptz, interval '1 hour') h
		WHERE extract(hour FROM h) BETWEEN 0 AND 9`, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.pool.Exec(ctx, `ANALYZE hourly`); err != nil {
		t.Fatal(err)
	}
	var rows int
	_ = s.Store.pool.QueryRow(ctx, `SELECT count(*) FROM hourly`).Scan(&rows)
	t.Logf("%d hourly rows made in %v", rows, time.Since(start).Round(time.Second))
	var took []time.Duration
	for range 50 {
		t1 := time.Now()
		resp, err := http.Get(s.URL() + "/c/d1")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("dashboard: %s", resp.Status)
		}
		took = append(took, time.Since(t1))
	}
	slices.Sort(took)
	t.Logf("the district page over 180 centers and a year of aggregates: p50 %v, p95 %v", took[25].Round(time.Millisecond), took[47].Round(time.Millisecond))
}

// TestUplinkWaitsWhenTheLogIsBehindTheCity: a center whose log ends before the city's
// mark (its data restored from an older backup) uploads nothing under seqs the city
// already holds, and says why.
func TestUplinkWaitsWhenTheLogIsBehindTheCity(t *testing.T) {
	s, tok := startCity(t)
	ctx := context.Background()
	if _, err := s.Store.Ingest(ctx, &upload.Batch{Center: "s1", Events: events(1, 10)}); err != nil {
		t.Fatal(err)
	}
	l := &memLog{}
	for range 3 {
		l.add(t0)
	}
	logs := &testkit.Buffer{}
	u := uplink.Start(uplink.Config{URL: s.URL(), Token: tok, Center: "s1", Source: l,
		Log: slog.New(slog.NewTextHandler(logs, nil)), MinBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	defer u.Close()
	testkit.Until(t, "the uplink to say the log is behind the city", 10*time.Second, func() bool {
		return strings.Contains(logs.String(), "older backup")
	})
	if n := s.count(t, `SELECT count(*) FROM events WHERE center = 's1'`); n != 10 || u.Mark() != 10 {
		t.Errorf("%d events upstream, mark %d; want the 10 the city held", n, u.Mark())
	}
}
