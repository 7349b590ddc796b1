package upload

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// ContentType is the media type of a batch's binary form, version 1: what the uplink
// sends and the city tier reads beside JSON. Another version is another media type.
const ContentType = "application/vnd.onedoor.batch.v1"

// magic opens every batch in the binary form.
const magic = "ODB1"

// The binary form, all integers as (zig-zag for signed) varints, a string as its
// length and its UTF-8 bytes, a time as seconds since 1970 and nanoseconds:
//
//	"ODB1" center after count, then count events:
//	seq type at flags ticket number category state outcome case_no case_state
//	window transfers reinstated rating [issued_at if flags&1] [called_at if flags&2]
//
// flags&4 is CaseOverdue; no other flag bit may be set, and nothing may follow the last
// event.
const (
	flagIssuedAt = 1 << iota
	flagCalledAt
	flagCaseOverdue
	flagsKnown = flagIssuedAt | flagCalledAt | flagCaseOverdue
)

// The times the binary form carries: years 1 to 9999, as JSON's.
var (
	minSec = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	maxSec = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
)

// maxString is the longest string the binary form carries; Check is stricter per field.
const maxString = 1 << 10

// AppendBinary appends b's binary form to dst. Times are sent as instants (their zone
// is not kept); a zero time is sent as absent.
func AppendBinary(dst []byte, b *Batch) []byte {
	dst = append(dst, magic...)
	dst = appendString(dst, b.Center)
	dst = binary.AppendUvarint(dst, b.After)
	dst = binary.AppendUvarint(dst, uint64(len(b.Events)))
	for i := range b.Events {
		e := &b.Events[i]
		dst = binary.AppendUvarint(dst, e.Seq)
		dst = appendString(dst, e.Type)
		dst = appendTime(dst, e.At)
		var flags uint64
		if !e.IssuedAt.IsZero() {
			flags |= flagIssuedAt
		}
		if !e.CalledAt.IsZero() {
			flags |= flagCalledAt
		}
		if e.CaseOverdue {
			flags |= flagCaseOverdue
		}
		dst = binary.AppendUvarint(dst, flags)
		for _, s := range [...]string{e.Ticket, e.Number, e.Category, e.State, e.Outcome, e.CaseNo, e.CaseState} {
			dst = appendString(dst, s)
		}
		for _, n := range [...]int{e.Window, e.Transfers, e.Reinstated, e.Rating} {
			dst = binary.AppendVarint(dst, int64(n))
		}
		if flags&flagIssuedAt != 0 {
			dst = appendTime(dst, e.IssuedAt)
		}
		if flags&flagCalledAt != 0 {
			dst = appendTime(dst, e.CalledAt)
		}
	}
	return dst
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendTime(dst []byte, t time.Time) []byte {
	dst = binary.AppendVarint(dst, t.Unix())
	return binary.AppendUvarint(dst, uint64(t.Nanosecond()))
}

// DecodeBinary reads a batch in the binary form. It refuses a wrong version, a
// truncated or overlong form, strings that are not UTF-8 or hold a NUL, times outside
// years 1 to 9999 and more than MaxBatch events; it does not Check the batch. The
// strings share one copy of data. Times come back in UTC.
func DecodeBinary(data []byte) (*Batch, error) {
	if !strings.HasPrefix(string(data), magic) {
		return nil, errors.New("not a batch of version 1 (it starts with " + magic + ")")
	}
	d := decoder{s: string(data), pos: len(magic)}
	b := &Batch{Center: d.string("center"), After: d.uvarint("after")}
	n := d.uvarint("count")
	if d.err == nil && n > MaxBatch {
		return nil, fmt.Errorf("events: at most %d in a batch, got %d", MaxBatch, n)
	}
	if d.err == nil && n > uint64(len(d.s)-d.pos) { // an event takes more than a byte
		return nil, errors.New("events: cut short")
	}
	if d.err == nil {
		b.Events = make([]Event, n)
	}
	for i := range b.Events {
		d.event(&b.Events[i])
		if d.err != nil {
			return nil, fmt.Errorf("events[%d]: %w", i, d.err)
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if d.pos != len(d.s) {
		return nil, fmt.Errorf("%d bytes after the last event", len(d.s)-d.pos)
	}
	return b, nil
}

// decoder reads the binary form; its first error stops it.
type decoder struct {
	s   string
	pos int
	err error
}

func (d *decoder) event(e *Event) {
	e.Seq = d.uvarint("seq")
	e.Type = d.string("type")
	e.At = d.time("at")
	flags := d.uvarint("flags")
	if d.err == nil && flags&^flagsKnown != 0 {
		d.err = fmt.Errorf("flags %#x: unknown bits", flags)
	}
	for _, f := range [...]struct {
		to   *string
		name string
	}{{&e.Ticket, "ticket"}, {&e.Number, "number"}, {&e.Category, "category"}, {&e.State, "state"},
		{&e.Outcome, "outcome"}, {&e.CaseNo, "case_no"}, {&e.CaseState, "case_state"}} {
		*f.to = d.string(f.name)
	}
	e.Window, e.Transfers = d.int("window"), d.int("transfers")
	e.Reinstated, e.Rating = d.int("reinstated"), d.int("rating")
	e.CaseOverdue = flags&flagCaseOverdue != 0
	if flags&flagIssuedAt != 0 {
		e.IssuedAt = d.time("issued_at")
	}
	if flags&flagCalledAt != 0 {
		e.CalledAt = d.time("called_at")
	}
}

func (d *decoder) uvarint(what string) uint64 {
	if d.err != nil {
		return 0
	}
	var x uint64
	for shift := uint(0); ; shift += 7 {
		if d.pos >= len(d.s) {
			d.err = fmt.Errorf("%s: cut short", what)
			return 0
		}
		c := d.s[d.pos]
		d.pos++
		if shift == 63 && c > 1 || shift > 63 {
			d.err = fmt.Errorf("%s: more than 64 bits", what)
			return 0
		}
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			if c == 0 && shift > 0 {
				d.err = fmt.Errorf("%s: not in its shortest form", what)
				return 0
			}
			return x
		}
	}
}

func (d *decoder) varint(what string) int64 {
	u := d.uvarint(what)
	return int64(u>>1) ^ -int64(u&1)
}

func (d *decoder) int(what string) int {
	n := d.varint(what)
	if d.err == nil && (n < math.MinInt32 || n > math.MaxInt32) {
		d.err = fmt.Errorf("%s: %d out of range", what, n)
	}
	return int(n)
}

func (d *decoder) string(what string) string {
	n := d.uvarint(what)
	if d.err != nil {
		return ""
	}
	if n > maxString || n > uint64(len(d.s)-d.pos) {
		d.err = fmt.Errorf("%s: length %d too long or cut short", what, n)
		return ""
	}
	s := d.s[d.pos : d.pos+int(n)]
	d.pos += int(n)
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		d.err = fmt.Errorf("%s: not UTF-8 text", what)
		return ""
	}
	return s
}

func (d *decoder) time(what string) time.Time {
	sec := d.varint(what)
	nsec := d.uvarint(what)
	if d.err != nil {
		return time.Time{}
	}
	if sec < minSec || sec > maxSec || nsec >= 1e9 {
		d.err = fmt.Errorf("%s: not a time of years 1 to 9999", what)
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}
