package city

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/server/internal/uplink"
	"onedoor/server/internal/upload"
)

// TestUploadRateBesideCopy measures, in one run on one PostgreSQL, the sustained upload
// rate into the city tier (4 centers' real uplinks sending their logs in batches of 5,000
// over HTTP in the binary form, each batch one transaction with its aggregates) beside a raw COPY of the same rows into a copy of
// the events table. ONEDOOR_CITY_BENCH=1 runs it (make bench-city); three rounds, medians.
func TestUploadRateBesideCopy(t *testing.T) {
	if os.Getenv("ONEDOOR_CITY_BENCH") == "" {
		t.Skip("set ONEDOOR_CITY_BENCH=1 to measure (make bench-city)")
	}
	const centers, perCenter, batch = 4, 50000, 5000
	s, _ := startCity(t)
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	var uploads, copies, ratios []float64
	for round := range 3 {
		tokens := make([]string, centers)
		for c := range centers {
			var err error
			if tokens[c], err = s.Store.AddCenter(ctx, Center{fmt.Sprintf("r%dc%d", round, c), "测速中心", "street", "d1"}); err != nil {
				t.Fatal(err)
			}
		}
		log := asLog(busyDay(1, perCenter)) // every center's log the same events; each read as its own
		start := time.Now()
		ups := make([]*uplink.Uplink, centers)
		for c := range centers {
			ups[c] = uplink.Start(uplink.Config{URL: s.URL(), Token: tokens[c], Center: fmt.Sprintf("r%dc%d", round, c),
				Source: log, Log: quiet, Batch: batch, MinBackoff: time.Millisecond})
		}
		testkit.Until(t, "every center's log acknowledged", 5*time.Minute, func() bool {
			for _, u := range ups {
				if u.Mark() < perCenter {
					return false
				}
			}
			return true
		})
		for _, u := range ups {
			u.Close()
		}
		up := float64(centers*perCenter) / time.Since(start).Seconds()
		uploads = append(uploads, up)
		cp := rawCopy(t, s, centers*perCenter)
		copies, ratios = append(copies, cp), append(ratios, up/cp)
		t.Logf("round %d: upload %.0f events/s, raw COPY %.0f rows/s (%.2f×)", round+1, up, cp, up/cp)
	}
	slices.Sort(uploads)
	slices.Sort(copies)
	slices.Sort(ratios)
	t.Logf("median of 3: upload %.0f events/s, raw COPY %.0f rows/s, ratio (each round's) %.2f", uploads[1], copies[1], ratios[1])
}

// busyDay makes events from..to as a hall's day has them: issues, calls with their
// waits, finishes, across eight categories.
func busyDay(from, to uint64) []upload.Event {
	out := make([]upload.Event, 0, to-from+1)
	base := time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)
	for seq := from; seq <= to; seq++ {
		n := seq / 3
		at := base.Add(time.Duration(seq) * 200 * time.Millisecond)
		e := upload.Event{Seq: seq, At: at, Ticket: fmt.Sprint("t", n), Number: fmt.Sprintf("A%03d", n%1000),
			Category: string(rune('A' + n%8)), IssuedAt: at.Add(-time.Duration(seq%3) * 5 * time.Minute)}
		switch seq % 3 {
		case 0:
			e.Type, e.State = "ticket.issued", "waiting"
		case 1:
			e.Type, e.State, e.CalledAt, e.Window = "ticket.called", "called", at, 1
		default:
			e.Type, e.State, e.Outcome, e.Window = "ticket.finished", "done", "accepted", 1
		}
		out = append(out, e)
	}
	return out
}

// fixedLog is a center's log made beforehand, read by a real uplink.
type fixedLog []queue.Event

func (l fixedLog) EventsAfter(after uint64, limit int) ([]queue.Event, uint64, error) {
	from := min(int(after), len(l))
	return l[from:min(len(l), from+limit)], uint64(len(l)), nil
}

// asLog makes the center's events that upload.Strip takes to evs.
func asLog(evs []upload.Event) fixedLog {
	out := make(fixedLog, len(evs))
	for i, e := range evs {
		out[i] = queue.Event{Seq: e.Seq, Type: queue.EventType(e.Type), At: e.At, Ticket: &queue.Ticket{ID: e.Ticket, Number: e.Number,
			Category: e.Category, State: queue.State(e.State), Window: e.Window, Outcome: queue.Outcome(e.Outcome),
			IssuedAt: e.IssuedAt, CalledAt: e.CalledAt}}
	}
	return out
}

// rawCopy COPYs n rows like the uploaded ones into a fresh copy of the events table
// (same columns and primary key, no aggregates, no check of the center) in one
// statement and one transaction, written by the tier's own binary COPY writer, and
// returns rows/s.
func rawCopy(t *testing.T, s *Server, n int) float64 {
	ctx := context.Background()
	if _, err := s.Store.pool.Exec(ctx, `DROP TABLE IF EXISTS events_copy; CREATE TABLE events_copy (LIKE events INCLUDING ALL)`); err != nil {
		t.Fatal(err)
	}
	evs := busyDay(1, uint64(n))
	conn, err := s.Store.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	start := time.Now()
	buf := appendCopy(nil, "copy", evs)
	_, err = conn.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(buf), strings.Replace(copyEventsSQL, "COPY events", "COPY events_copy", 1))
	if err != nil {
		t.Fatal(err)
	}
	return float64(n) / time.Since(start).Seconds()
}
