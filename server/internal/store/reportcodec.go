package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"onedoor/internal/queue"
)

// The report cells' storage form: a key of its parts joined by NUL, the day first so a
// range of days is a range of keys; a value of varints (a month's report decodes tens of
// thousands of cells: JSON would cost most of the answer).

const reportCodecVersion = 1

// reportKey is the bucket key of a cell.
func reportKey(k queue.ReportKey) string {
	return k.Day + "\x00" + k.Category + "\x00" + k.Item + "\x00" + fmt.Sprintf("%03d", k.Window) + "\x00" + k.Clerk
}

// parseReportKey reads a bucket key back.
func parseReportKey(s string) (queue.ReportKey, error) {
	p := strings.Split(s, "\x00")
	if len(p) != 5 {
		return queue.ReportKey{}, fmt.Errorf("report key %q: %d parts", s, len(p))
	}
	n, err := strconv.Atoi(p[3])
	if err != nil {
		return queue.ReportKey{}, fmt.Errorf("report key %q: window: %w", s, err)
	}
	return queue.ReportKey{Day: p[0], Category: p[1], Item: p[2], Window: n, Clerk: p[4]}, nil
}

// counters lists a cell's plain counters in their storage order.
func counters(c *queue.ReportCell) []*int64 {
	out := []*int64{&c.Issued, &c.Called, &c.Served, &c.Missed, &c.Cancelled, &c.Expired, &c.Transferred,
		&c.Accepted, &c.Supplement, &c.Rejected, &c.Consulted, &c.Completed, &c.IdleS, &c.PausedS, &c.Bad,
		&c.Quoted, &c.QuoteErrS, &c.QuoteWithin5}
	for i := range c.Ratings {
		out = append(out, &c.Ratings[i])
	}
	return out
}

// encodeCell writes c.
func encodeCell(c *queue.ReportCell) []byte {
	b := make([]byte, 0, 64+8*(len(c.Wait)+len(c.Service)))
	b = binary.AppendUvarint(b, reportCodecVersion)
	for _, p := range counters(c) {
		b = binary.AppendVarint(b, *p)
	}
	return appendDist(appendDist(b, c.Wait), c.Service)
}

// appendDist writes a distribution as its size, then value deltas and counts in order.
func appendDist(b []byte, d queue.Dist) []byte {
	vals := make([]int64, 0, len(d))
	for v := range d {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	b = binary.AppendUvarint(b, uint64(len(vals)))
	var prev int64
	for _, v := range vals {
		b = binary.AppendVarint(b, v-prev)
		b = binary.AppendVarint(b, d[v])
		prev = v
	}
	return b
}

var errCell = errors.New("report cell: truncated or corrupt")

// cellReader reads varints off a value.
type cellReader struct {
	b   []byte
	err error
}

func (r *cellReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errCell
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *cellReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errCell
		return 0
	}
	r.b = r.b[n:]
	return v
}

// decodeCell reads a value written by encodeCell.
func decodeCell(b []byte) (*queue.ReportCell, error) {
	c := &queue.ReportCell{}
	return c, addCell(c, b)
}

// addCell adds the cell b holds to c, straight from its bytes: a report adds up tens of
// thousands of cells, and decoding each into maps of its own would double the work.
func addCell(c *queue.ReportCell, b []byte) error {
	r := &cellReader{b: b}
	if v := r.uvarint(); v != reportCodecVersion {
		return fmt.Errorf("report cell: version %d (rebuild the reports)", v)
	}
	for _, p := range counters(c) {
		*p += r.varint()
	}
	c.Wait, c.Service = r.addDist(c.Wait), r.addDist(c.Service)
	if r.err == nil && len(r.b) != 0 {
		r.err = errCell
	}
	return r.err
}

// addDist adds the distribution next in r to d and returns it (a nil d is made).
func (r *cellReader) addDist(d queue.Dist) queue.Dist {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errCell
		return d
	}
	if n > 0 && d == nil {
		d = make(queue.Dist, n)
	}
	var v int64
	for range n {
		v += r.varint()
		d[v] += r.varint()
	}
	return d
}
