package idcard

import (
	"bytes"
	"testing"
)

// BenchmarkFrameParse measures turning the 1295 bytes of a read-base answer into a
// Card: framing, check byte, status, text layout and validation.
func BenchmarkFrameParse(b *testing.B) {
	frame := readVector(b, "read-basic-resident.bin")
	r := bytes.NewReader(frame)
	fr := NewFrameReader(r)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(frame)
		fr.Reset()
		payload, err := fr.Next()
		if err != nil {
			b.Fatal(err)
		}
		resp, err := ParseResponse(payload)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ParseBaseMessage(resp.Data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFrameRead measures the framing alone on a short answer.
func BenchmarkFrameRead(b *testing.B) {
	frame := readTSV(b, "sam-responses.tsv")["find_ok"]
	r := bytes.NewReader(frame)
	fr := NewFrameReader(r)
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(frame)
		fr.Reset()
		if _, err := fr.Next(); err != nil {
			b.Fatal(err)
		}
	}
}
