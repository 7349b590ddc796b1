package city

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"

	"github.com/jackc/pgx/v5"

	"onedoor/server/internal/upload"
)

// copyEventsSQL names the columns appendCopy writes, in its order and types.
const copyEventsSQL = `COPY events (center, seq, type, at, ticket, number, category, state, win, outcome, rating, case_no) FROM STDIN (FORMAT binary)`

// copyHeader opens PostgreSQL's binary COPY: its signature, no flags, no extension.
var copyHeader = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// y2kMicros is 2000-01-01 UTC, PostgreSQL's epoch, in microseconds since 1970.
const y2kMicros = 946684800 * 1000000

// copyEvents copies checked events into the events table, in tx, in the binary COPY
// form written straight from the batch (no per-value encoding plan as pgx.CopyFrom's).
func copyEvents(ctx context.Context, tx pgx.Tx, center string, evs []upload.Event) error {
	buf := appendCopy(make([]byte, 0, 64+len(evs)*(110+len(center))), center, evs)
	if _, err := tx.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(buf), copyEventsSQL); err != nil {
		return fmt.Errorf("copy events: %w", err)
	}
	return nil
}

// appendCopy appends the binary COPY of evs: each a row of 12 fields, text as its
// UTF-8 bytes (empty, not NULL, when absent, as before), bigint and int big-endian,
// timestamptz as microseconds since 2000. The events are checked (upload.Batch.Check):
// their numbers fit the columns.
func appendCopy(dst []byte, center string, evs []upload.Event) []byte {
	dst = append(dst, copyHeader...)
	for i := range evs {
		e := &evs[i]
		dst = binary.BigEndian.AppendUint16(dst, 12)
		dst = copyText(dst, center)
		dst = binary.BigEndian.AppendUint32(dst, 8)
		dst = binary.BigEndian.AppendUint64(dst, e.Seq)
		dst = copyText(dst, e.Type)
		dst = binary.BigEndian.AppendUint32(dst, 8)
		dst = binary.BigEndian.AppendUint64(dst, uint64(e.At.Unix()*1000000+int64(e.At.Nanosecond()/1000)-y2kMicros))
		dst = copyText(dst, e.Ticket)
		dst = copyText(dst, e.Number)
		dst = copyText(dst, e.Category)
		dst = copyText(dst, e.State)
		dst = copyInt(dst, e.Window)
		dst = copyText(dst, e.Outcome)
		dst = copyInt(dst, e.Rating)
		dst = copyText(dst, e.CaseNo)
	}
	return binary.BigEndian.AppendUint16(dst, 0xffff)
}

func copyText(dst []byte, s string) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(s)))
	return append(dst, s...)
}

func copyInt(dst []byte, n int) []byte {
	dst = binary.BigEndian.AppendUint32(dst, 4)
	return binary.BigEndian.AppendUint32(dst, uint32(int32(n)))
}

// statements are the writes a batch makes after its COPY, sent in one round trip.
type statements struct {
	batch pgx.Batch
	what  []string
}

func (q *statements) add(what, sql string, args ...any) {
	q.batch.Queue(sql, args...)
	q.what = append(q.what, what)
}

// send runs the statements in tx and says which failed first.
func (q *statements) send(ctx context.Context, tx pgx.Tx) error {
	br := tx.SendBatch(ctx, &q.batch)
	for _, what := range q.what {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("after the copy: %w", err)
	}
	return nil
}
