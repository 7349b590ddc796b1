package idcard

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
)

// FuzzFrameReader feeds arbitrary streams to the frame reader: it must end (each call
// consumes at least one byte), never panic, and return only frames that were really
// in the stream with a correct check byte.
func FuzzFrameReader(f *testing.F) {
	for _, frame := range readTSV(f, "sam-responses.tsv") {
		f.Add(frame)
		f.Add(append([]byte{0xAA, 0x96, 0x69, 0xAA}, frame...))
	}
	for _, frame := range readTSV(f, "sam-requests.tsv") {
		f.Add(frame[:len(frame)-1])
	}
	f.Add(readVector(f, "read-basic-gat_J.bin"))
	f.Add([]byte{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, data []byte) {
		fr := NewFrameReader(bytes.NewReader(data))
		for calls := 0; ; calls++ {
			if calls > len(data)+1 {
				t.Fatalf("%d calls on %d bytes: no progress", calls, len(data))
			}
			payload, err := fr.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !errors.Is(err, ErrChecksum) && !errors.Is(err, ErrBadLength) && !errors.Is(err, ErrShortFrame) {
					t.Fatalf("unexpected error %v", err)
				}
				if errors.Is(err, ErrShortFrame) {
					return // the stream ended inside a frame
				}
				continue
			}
			if len(payload)+1 < minBodyLen || len(payload)+1 > MaxBodyLen {
				t.Fatalf("payload of %d bytes", len(payload))
			}
			if !bytes.Contains(data, EncodeFrame(payload)) {
				t.Fatalf("returned a frame that is not in the stream")
			}
		}
	})
}

// FuzzParseText feeds arbitrary 256-byte blocks to the text parser: it must never
// panic, and what it accepts must satisfy the rules it claims to check and survive a
// re-encoding unchanged.
func FuzzParseText(f *testing.F) {
	for _, name := range []string{"read-basic-resident.bin", "read-basic-gat_J.bin", "read-basic-foreign_I.bin"} {
		f.Add(readVector(f, name)[14:270])
	}
	if y, err := EncodeText(Foreign23, foreign23Fields()); err == nil {
		f.Add(y)
	}
	if r, err := EncodeText(Resident, residentFields()); err == nil {
		f.Add(r)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text := make([]byte, TextLen)
		copy(text, data)
		c, err := ParseText(text)
		if err != nil {
			if !errors.Is(err, ErrInvalidCard) {
				t.Fatalf("error %v does not wrap ErrInvalidCard", err)
			}
			return
		}
		if !c.Gender.Valid() || c.Birth.IsZero() || c.ValidFrom.IsZero() || (c.ValidTo.IsZero() != c.LongTerm) {
			t.Fatalf("accepted a card with bad gender or dates")
		}
		switch c.Type {
		case Resident, GAT, Foreign23:
			if len(c.IDNumber) != 18 || checkCitizenNumber(c.Type, c.IDNumber, c.Birth) != nil {
				t.Fatalf("accepted an ID number that fails its check")
			}
		case Foreign:
			if checkForeign2017Number(c.IDNumber) != nil {
				t.Fatalf("accepted a malformed foreign number")
			}
		}
		if c.Type == Resident && !c.Nation.Valid() {
			t.Fatalf("accepted nation %q", c.Nation)
		}
		if c.Type == Foreign23 {
			return // a name split inside a surrogate pair does not re-encode the same way
		}
		typ, fields, err := decodeText(text)
		if err != nil {
			t.Fatal(err)
		}
		again, err := EncodeText(typ, fields)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		c2, err := ParseText(again)
		if err != nil {
			t.Fatalf("re-encoded card rejected: %v", err)
		}
		c2.Photo = c.Photo
		if !reflect.DeepEqual(c, c2) {
			t.Fatalf("re-encoded card differs")
		}
	})
}
