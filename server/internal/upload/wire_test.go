package upload

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sample is a batch using every field of the binary form.
func sample() *Batch {
	at := time.Date(2026, 11, 25, 1, 30, 0, 123456789, time.UTC)
	return &Batch{Center: "街道中心-1", After: 41, Events: []Event{
		{Seq: 42, Type: "ticket.issued", At: at, Ticket: "t1", Number: "A001", Category: "A", State: "waiting", IssuedAt: at},
		{Seq: 43, Type: "ticket.called", At: at.Add(time.Minute), Ticket: "t1", Number: "A001", Category: "A", State: "called",
			Window: 3, IssuedAt: at, CalledAt: at.Add(time.Minute), Transfers: 1, Reinstated: 2},
		{Seq: 50, Type: "ticket.rated", At: at.Add(time.Hour), Ticket: "t1", Rating: 5, Outcome: "accepted",
			CaseNo: "GZ-2026-0001", CaseState: "accepted", CaseOverdue: true},
	}}
}

func TestBinaryRoundTrip(t *testing.T) {
	for _, b := range []*Batch{sample(), {Center: "c", After: 7}} {
		got, err := DecodeBinary(AppendBinary(nil, b))
		if err != nil {
			t.Fatal(err)
		}
		if b.Events == nil {
			b.Events = []Event{}
		}
		if !reflect.DeepEqual(got, b) {
			t.Errorf("decode(encode(x)) = %+v, want %+v", got, b)
		}
	}
}

// TestBinaryRefusesBadInput: each damage to a good batch is refused with an error,
// never a batch.
func TestBinaryRefusesBadInput(t *testing.T) {
	good := AppendBinary(nil, sample())
	one := AppendBinary(nil, &Batch{Center: "c", Events: []Event{{Seq: 1, Type: "x", At: time.Unix(1e9, 0)}}})
	// the offsets of one: magic 0-3, center 4-5, after 6, count 7, seq 8, type 9-10, at 11-16
	patch := func(b []byte, at int, with ...byte) []byte {
		out := bytes.Clone(b)
		return append(append(out[:at:at], with...), b[at+1:]...)
	}
	count := func(n uint64) []byte {
		b := append([]byte(magic), 1, 'c', 0)
		return binary.AppendUvarint(b, n)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "version 1"},
		{"JSON", []byte(`{"center":"c"}`), "version 1"},
		{"another version", append([]byte("ODB2"), good[4:]...), "version 1"},
		{"cut short", good[:len(good)-1], "cut short"},
		{"cut in the header", good[:6], "cut short"},
		{"a byte after the end", append(bytes.Clone(good), 0), "after the last event"},
		{"too many events", count(MaxBatch + 1), "at most"},
		{"count beyond the data", count(3), "cut short"},
		{"string longer than the data", patch(one, 9, 100), "too long or cut short"},
		{"not UTF-8", patch(one, 10, 0xff), "UTF-8"},
		{"a NUL in a string", patch(one, 10, 0), "UTF-8"},
		{"varint past 64 bits", append(append([]byte(magic), 1, 'c'), bytes.Repeat([]byte{0xff}, 10)...), "64 bits"},
		{"varint not shortest", patch(one, 6, 0x80, 0), "shortest"},
		{"unknown flag", patch(one, 17, 8), "unknown bits"},
		{"time past year 9999", patch(one, 11, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), "years 1 to 9999"},
		{"nanoseconds past a second", patch(one, 16, 0x80, 0x94, 0xeb, 0xdc, 0x03), "years 1 to 9999"},
	}
	if _, err := DecodeBinary(one); err != nil {
		t.Fatalf("the batch the damages start from: %v", err)
	}
	for _, tc := range tests {
		b, err := DecodeBinary(tc.data)
		if err == nil || b != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, %v; want an error saying %q", tc.name, b, err, tc.want)
		}
	}
}

// FuzzDecodeBinary: any input is either refused or decodes to a batch that encodes and
// decodes to itself; and a batch built from the fuzzer's figures survives the round
// trip. make fuzz runs it; the seeds run with the tests.
func FuzzDecodeBinary(f *testing.F) {
	f.Add(AppendBinary(nil, sample()), "t1", int64(1e9), uint64(3), 2)
	f.Add([]byte(magic+"\x01c\x00\x00"), "", int64(0), uint64(0), 0)
	f.Add([]byte("ODB1"), "状态", int64(-1e10), uint64(1<<63), -5)
	f.Fuzz(func(t *testing.T, data []byte, s string, sec int64, seq uint64, n int) {
		if b, err := DecodeBinary(data); err == nil {
			again, err := DecodeBinary(AppendBinary(nil, b))
			if err != nil || !reflect.DeepEqual(again, b) {
				t.Fatalf("an accepted batch does not survive encode, decode: %v\n%+v\n%+v", err, b, again)
			}
		}
		at := time.Unix(min(max(sec, minSec+1), maxSec), int64(seq%1e9)).UTC()
		n = int(int32(n))
		b := &Batch{Center: s, After: seq, Events: []Event{{Seq: seq, Type: s, At: at, Ticket: s, Category: s,
			Window: n, Transfers: -(n / 2), Rating: n, IssuedAt: at, CaseOverdue: n%2 == 0}}}
		got, err := DecodeBinary(AppendBinary(nil, b))
		valid := len(s) <= maxString && !strings.ContainsRune(s, 0) && strings.ToValidUTF8(s, "") == s
		if valid != (err == nil) {
			t.Fatalf("string %q: decode error %v", s, err)
		}
		if err == nil && !reflect.DeepEqual(got, b) {
			t.Fatalf("decode(encode(x)) = %+v, want %+v", got, b)
		}
	})
}
