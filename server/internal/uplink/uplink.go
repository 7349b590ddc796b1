// Package uplink carries a center's event log up to the city tier, exactly once: it
// asks the city for its mark, uploads the events after it in batches (stripped by
// upload.Strip), and takes each answered mark as the next start. Any failure (the city
// away, a batch refused, a restart of either side) ends in asking for the mark again
// after a backoff, so the log is resumed where the city's database says it stands.
package uplink

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/upload"
)

// Source is the center's event log.
type Source interface {
	EventsAfter(after uint64, limit int) ([]queue.Event, uint64, error)
}

// Config configures an uplink.
type Config struct {
	URL    string // the city tier's base URL
	Token  string // this center's token at the city tier
	Center string // this center's code
	Source Source
	Log    *slog.Logger
	// Batch is the most events per upload (default and at most upload.MaxBatch).
	Batch int
	// Idle is how often the log is looked at when everything is up (default 500 ms);
	// Heartbeat how often an empty batch tells the city the center is alive (10 s).
	Idle, Heartbeat time.Duration
	// MinBackoff and MaxBackoff bound the wait after a failure (250 ms, 30 s).
	MinBackoff, MaxBackoff time.Duration
	Client                 *http.Client
	// Catalog, if set, keeps the catalog the city publishes for this center: fetched at
	// each session's start and with each heartbeat (catalog.go).
	Catalog CatalogKeeper
}

// Uplink is a running uplink.
type Uplink struct {
	cfg  Config
	mark atomic.Uint64 // the city's last answered mark
	stop context.CancelFunc
	done chan struct{}
}

// Start starts the uplink's goroutine.
func Start(cfg Config) *Uplink {
	if cfg.Batch <= 0 || cfg.Batch > upload.MaxBatch {
		cfg.Batch = upload.MaxBatch
	}
	cfg.Idle = or(cfg.Idle, 500*time.Millisecond)
	cfg.Heartbeat = or(cfg.Heartbeat, 10*time.Second)
	cfg.MinBackoff = or(cfg.MinBackoff, 250*time.Millisecond)
	cfg.MaxBackoff = or(cfg.MaxBackoff, 30*time.Second)
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	u := &Uplink{cfg: cfg, stop: cancel, done: make(chan struct{})}
	go u.run(ctx)
	return u
}

func or(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Mark is the seq of the last event the city tier answered it holds.
func (u *Uplink) Mark() uint64 { return u.mark.Load() }

// Close stops the uplink and waits for it.
func (u *Uplink) Close() {
	u.stop()
	<-u.done
}

// run loops: a session from the city's mark until it fails, then a backoff.
func (u *Uplink) run(ctx context.Context) {
	defer close(u.done)
	backoff := u.cfg.MinBackoff
	for ctx.Err() == nil {
		err := u.session(ctx)
		if ctx.Err() != nil {
			return
		}
		u.cfg.Log.Warn("city uplink", "err", err, "retry_in", backoff, "mark", u.Mark())
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return
		}
		backoff = min(backoff*2, u.cfg.MaxBackoff)
		if errors.Is(err, errProgress) {
			backoff = u.cfg.MinBackoff
		}
	}
}

// errProgress marks a session that uploaded something before it failed.
var errProgress = errors.New("after progress")

// session asks for the mark and uploads from it until an error.
func (u *Uplink) session(ctx context.Context) error {
	ack, err := u.call(ctx, http.MethodGet, "/api/v1/upload/mark", nil)
	if err != nil {
		return fmt.Errorf("ask the mark: %w", err)
	}
	u.mark.Store(ack.Mark)
	u.fetchCatalog(ctx)
	progressed := false
	lastSent := time.Now()
	for {
		evs, last, err := u.cfg.Source.EventsAfter(ack.Mark, u.cfg.Batch)
		if err != nil {
			return fmt.Errorf("read the log: %w", err)
		}
		if last < ack.Mark { // never overwrite upstream with other events under the same seqs
			return fmt.Errorf("the city holds this center's events up to seq %d but its log ends at %d (data restored from an older backup?): uploads wait for an operator", ack.Mark, last)
		}
		if len(evs) == 0 && time.Since(lastSent) < u.cfg.Heartbeat {
			select {
			case <-time.After(u.cfg.Idle):
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		b := upload.Batch{Center: u.cfg.Center, After: ack.Mark, Events: make([]upload.Event, len(evs))}
		for i, ev := range evs {
			b.Events[i] = upload.Strip(ev)
		}
		if ack, err = u.call(ctx, http.MethodPost, "/api/v1/upload", &b); err != nil {
			if progressed {
				err = fmt.Errorf("%w: %w", errProgress, err)
			}
			return fmt.Errorf("upload after %d: %w", b.After, err)
		}
		u.mark.Store(ack.Mark)
		if len(evs) == 0 {
			u.fetchCatalog(ctx) // with the heartbeat
		}
		progressed, lastSent = progressed || len(evs) > 0, time.Now()
	}
}

// call sends one request, a batch in the binary form (upload.ContentType) if any, and
// decodes the city's Ack; any answer but 200 is an error.
func (u *Uplink) call(ctx context.Context, method, path string, body *upload.Batch) (upload.Ack, error) {
	var ack upload.Ack
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(upload.AppendBinary(nil, body))
	}
	req, err := http.NewRequestWithContext(ctx, method, u.cfg.URL+path, rd)
	if err != nil {
		return ack, err
	}
	req.Header.Set("Authorization", "Bearer "+u.cfg.Token)
	if body != nil {
		req.Header.Set("Content-Type", upload.ContentType)
	}
	resp, err := u.cfg.Client.Do(req)
	if err != nil {
		return ack, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return ack, fmt.Errorf("city answered %s: %s", resp.Status, bytes.TrimSpace(raw))
	}
	if err := json.Unmarshal(raw, &ack); err != nil {
		return ack, fmt.Errorf("city's answer: %w", err)
	}
	if ack.Center != u.cfg.Center {
		return ack, fmt.Errorf("city answered for center %q, this is %q", ack.Center, u.cfg.Center)
	}
	return ack, nil
}
