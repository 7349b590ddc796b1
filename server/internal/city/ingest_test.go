package city

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"onedoor/server/internal/upload"
)

// TestCopyStoresEveryField: an event ingested by the binary COPY reads back field by
// field (its time to the microsecond, PostgreSQL's).
func TestCopyStoresEveryField(t *testing.T) {
	s, _ := startCity(t)
	ctx := context.Background()
	at := time.Date(1999, 12, 31, 23, 59, 59, 987654321, time.UTC) // before PostgreSQL's epoch
	e := upload.Event{Seq: 1<<40 + 1, Type: "ticket.rated", At: at, Ticket: "票-1", Number: "A001", Category: "户籍",
		State: "done", Window: 2147483647, Outcome: "accepted", Rating: 5, CaseNo: "GZ-1"}
	if _, err := s.Store.Ingest(ctx, &upload.Batch{Center: "s1", Events: []upload.Event{e}}); err != nil {
		t.Fatal(err)
	}
	var got upload.Event
	var center string
	err := s.Store.pool.QueryRow(ctx, `SELECT center, seq, type, at, ticket, number, category, state, win, outcome, rating, case_no FROM events`).
		Scan(&center, &got.Seq, &got.Type, &got.At, &got.Ticket, &got.Number, &got.Category, &got.State, &got.Window, &got.Outcome, &got.Rating, &got.CaseNo)
	if err != nil {
		t.Fatal(err)
	}
	got.At = got.At.UTC()
	want := e
	want.At = at.Truncate(time.Microsecond)
	if center != "s1" || got != want {
		t.Errorf("stored %s %+v\nwant s1 %+v", center, got, want)
	}
}

// TestEventsKeepTheirCenter: without the per-row foreign key, an event still cannot
// name a center outside the tree (by INSERT, COPY or UPDATE), and a center with events
// can be neither deleted nor renamed; one without can.
func TestEventsKeepTheirCenter(t *testing.T) {
	s, _ := startCity(t)
	ctx := context.Background()
	if _, err := s.Store.Ingest(ctx, &upload.Batch{Center: "s1", Events: events(1, 3)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.AddCenter(ctx, Center{"s2", "空中心", "street", "d1"}); err != nil {
		t.Fatal(err)
	}
	tx, err := s.Store.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	copyErr := copyEvents(ctx, tx, "nope", events(1, 2))
	_ = tx.Rollback(ctx)
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"insert naming no center", s.exec(`INSERT INTO events (center, seq, type, at) VALUES ('s1', 100, 'x', now()), ('nope', 1, 'x', now())`)},
		{"copy naming no center", copyErr},
		{"update to no center", s.exec(`UPDATE events SET center = 'nope' WHERE seq = 1`)},
		{"delete a center with events", s.exec(`DELETE FROM centers WHERE code = 's1'`)},
		{"rename a center with events", s.exec(`UPDATE centers SET code = 's9' WHERE code = 's1'`)},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), "23503") {
			t.Errorf("%s: %v, want a foreign key violation", tc.name, tc.err)
		}
	}
	if n := s.count(t, `SELECT count(*) FROM events`); n != 3 {
		t.Errorf("%d events, want the 3 ingested", n)
	}
	if err := s.exec(`UPDATE centers SET code = 's3' WHERE code = 's2'`); err != nil {
		t.Errorf("rename a center without events: %v", err)
	}
	if err := s.exec(`DELETE FROM centers WHERE code = 's3'`); err != nil {
		t.Errorf("delete a center without events: %v", err)
	}
}

func (s *Server) exec(sql string) error {
	_, err := s.Store.pool.Exec(context.Background(), sql)
	return err
}

// TestUploadBinary: a batch in the binary form is stored; a damaged one, one whose
// figures Check refuses, one of another center and one of an unknown media type get
// their 4xx in the JSON error shape and store nothing.
func TestUploadBinary(t *testing.T) {
	s, tok := startCity(t)
	at := time.Date(2026, 11, 25, 1, 30, 0, 0, time.UTC)
	form := func(b upload.Batch) []byte { return upload.AppendBinary(nil, &b) }
	good := form(upload.Batch{Center: "s1", Events: []upload.Event{{Seq: 1, Type: "ticket.issued", At: at}}})
	tests := []struct {
		name, ctype string
		body        []byte
		status      int
	}{
		{"cut short", upload.ContentType, good[:len(good)-2], 400},
		{"a window past an int", upload.ContentType, form(upload.Batch{Center: "s1", Events: []upload.Event{{Seq: 1, Type: "x", At: at, Window: -1}}}), 400},
		{"seqs falling", upload.ContentType, form(upload.Batch{Center: "s1", Events: []upload.Event{{Seq: 2, Type: "x", At: at}, {Seq: 1, Type: "x", At: at}}}), 400},
		{"another center's", upload.ContentType, form(upload.Batch{Center: "d1", Events: []upload.Event{{Seq: 1, Type: "x", At: at}}}), 403},
		{"a version not known", "application/vnd.onedoor.batch.v2", good, 415},
		{"binary sent as JSON", "application/json", good, 400},
		{"good", upload.ContentType, good, 200},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest("POST", s.URL()+"/api/v1/upload", bytes.NewReader(tc.body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", tc.ctype)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || tc.status != 200 && !strings.Contains(string(body), `"error":{"code"`) {
			t.Errorf("%s: %d %s, want %d", tc.name, resp.StatusCode, body, tc.status)
		}
		if want := map[bool]int{true: 1}[tc.status == 200]; s.count(t, `SELECT count(*) FROM events`) != want {
			t.Fatalf("%s: events stored: want %d", tc.name, want)
		}
	}
	if n := s.count(t, `SELECT mark FROM centers WHERE code = 's1'`); n != 1 {
		t.Errorf("mark %d, want 1", n)
	}
}
