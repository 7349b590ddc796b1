package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// cpuTicks reads a process's user and system CPU time, in clock ticks, from /proc.
func cpuTicks(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	u, _ := strconv.ParseInt(f[11], 10, 64) // utime, the 14th field of the whole line
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return u + s
}

// TestWaitsUnderPhones has phones poll the waits page of a server in a process of its
// own, open loop, and reports the server's CPU (from /proc) and the answers' latency.
// ONEDOOR_WAITS_PHONES (default 10,000 phones, each once per 10 s: 1,000 requests a
// second) for ONEDOOR_WAITS_SECONDS (default 20). A measurement, run when
// ONEDOOR_WAITS_PHONES is set (make bench-waits), not in make test.
func TestWaitsUnderPhones(t *testing.T) {
	if os.Getenv("ONEDOOR_WAITS_PHONES") == "" {
		t.Skip("a load measurement: set ONEDOOR_WAITS_PHONES (make bench-waits)")
	}
	phones := envInt("ONEDOOR_WAITS_PHONES", 10000)
	secs := envInt("ONEDOOR_WAITS_SECONDS", 20)
	c := startChild(t, t.TempDir())
	defer c.kill()
	tr := &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 512}
	hc := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	get := func() (time.Duration, error) {
		start := time.Now()
		res, err := hc.Get(c.url + "/api/v1/waits")
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			return 0, fmt.Errorf("status %d", res.StatusCode)
		}
		return time.Since(start), nil
	}
	for range 50 { // warm the connections
		if _, err := get(); err != nil {
			t.Fatal(err)
		}
	}
	rate := float64(phones) / 10
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(secs)*time.Second)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var errs int
	var wg sync.WaitGroup
	before := cpuTicks(t, c.cmd.Process.Pid)
	began := time.Now()
	tick := time.NewTicker(time.Duration(float64(time.Second) / rate * 10)) // ten a tick
	defer tick.Stop()
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
			for range 10 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					d, err := get()
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						errs++
						return
					}
					lat = append(lat, d)
				}()
			}
		}
	}
	wg.Wait()
	elapsed := time.Since(began)
	used := float64(cpuTicks(t, c.cmd.Process.Pid)-before) / 100 // USER_HZ is 100 on Linux
	slices.Sort(lat)
	if len(lat) == 0 {
		t.Fatalf("no answer, %d errors", errs)
	}
	p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
	t.Logf("waits: %d phones (%.0f req/s) for %v: %d answers, %d errors; server CPU %.2f s = %.1f %% of one core; latency p50 %v, p99 %v",
		phones, rate, elapsed.Round(time.Second), len(lat), errs, used, 100*used/elapsed.Seconds(), p(0.5), p(0.99))
	if errs > 0 {
		t.Errorf("%d requests failed", errs)
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
