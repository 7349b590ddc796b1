package city

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"onedoor/server/internal/upload"
)

// TestUploadRateBesideCopy measures, in one run on one PostgreSQL, the sustained upload
// rate into the city tier (centers posting batches of 5,000, the uplink's, over HTTP, each batch one
// transaction with its aggregates) beside a raw COPY of the same rows into a copy of
// the events table. ONEDOOR_CITY_BENCH=1 runs it (make bench-city); three rounds, medians.
func TestUploadRateBesideCopy(t *testing.T) {
	if os.Getenv("ONEDOOR_CITY_BENCH") == "" {
		t.Skip("set ONEDOOR_CITY_BENCH=1 to measure (make bench-city)")
	}
	const centers, perCenter, batch = 4, 50000, 5000
	s, _ := startCity(t)
	ctx := context.Background()
	var uploads, copies, ratios []float64
	for round := range 3 {
		tokens := make([]string, centers)
		for c := range centers {
			var err error
			if tokens[c], err = s.Store.AddCenter(ctx, Center{fmt.Sprintf("r%dc%d", round, c), "测速中心", "street", "d1"}); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		var wg sync.WaitGroup
		for c := range centers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code := fmt.Sprintf("r%dc%d", round, c)
				for after := uint64(0); after < perCenter; after += batch {
					if err := post(s.URL(), tokens[c], upload.Batch{Center: code, After: after, Events: busyDay(after+1, after+batch)}); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
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

func post(url, token string, b upload.Batch) error {
	raw, err := json.Marshal(b)
	if err != nil {
		return err
	}
	req, _ := http.NewRequest("POST", url+"/api/v1/upload", bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var ack upload.Ack
	if err := json.NewDecoder(resp.Body).Decode(&ack); err != nil || resp.StatusCode != 200 || ack.Mark != b.Events[len(b.Events)-1].Seq {
		return fmt.Errorf("upload after %d: %s, mark %d, %v", b.After, resp.Status, ack.Mark, err)
	}
	return nil
}

// rawCopy COPYs n rows like the uploaded ones into a fresh copy of the events table
// (same columns and primary key, no aggregates) and returns rows/s.
func rawCopy(t *testing.T, s *Server, n int) float64 {
	ctx := context.Background()
	if _, err := s.Store.pool.Exec(ctx, `DROP TABLE IF EXISTS events_copy; CREATE TABLE events_copy (LIKE events INCLUDING ALL)`); err != nil {
		t.Fatal(err)
	}
	evs := busyDay(1, uint64(n))
	start := time.Now()
	rows := make([][]any, len(evs))
	for i, e := range evs {
		rows[i] = []any{"copy", int64(e.Seq), e.Type, e.At, e.Ticket, e.Number, e.Category, e.State, e.Window, e.Outcome, e.Rating}
	}
	_, err := s.Store.pool.CopyFrom(ctx, pgx.Identifier{"events_copy"},
		[]string{"center", "seq", "type", "at", "ticket", "number", "category", "state", "win", "outcome", "rating"}, pgx.CopyFromRows(rows))
	if err != nil {
		t.Fatal(err)
	}
	return float64(n) / time.Since(start).Seconds()
}
