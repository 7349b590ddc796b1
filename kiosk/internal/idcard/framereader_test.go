package idcard

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// chunkReader hands out its data in the given chunk sizes, then the rest.
type chunkReader struct {
	data   []byte
	chunks []int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := len(c.data)
	if len(c.chunks) > 0 {
		n, c.chunks = min(c.chunks[0], n), c.chunks[1:]
	}
	n = copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

func TestFrameReaderSplitAtEveryByteBoundary(t *testing.T) {
	for _, name := range []string{"read-basic-resident.bin", "read-basic-gat_J.bin", "read-basic-foreign_I.bin", "read-fp-resident-nofp.hex"} {
		frame := readVector(t, name)
		want := frame[headerLen : len(frame)-1]
		for cut := 1; cut < len(frame); cut++ {
			fr := NewFrameReader(&chunkReader{data: frame, chunks: []int{cut}})
			got, err := fr.Next()
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s split at %d: %v (got %d bytes)", name, cut, err, len(got))
			}
		}
		got, err := NewFrameReader(iotest.OneByteReader(bytes.NewReader(frame))).Next()
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s one byte at a time: %v", name, err)
		}
	}
}

func TestFrameReaderShortFramesSplitEverywhere(t *testing.T) {
	frames := readTSV(t, "sam-responses.tsv")
	for name, frame := range frames {
		var stream []byte
		for range 3 {
			stream = append(stream, frame...)
		}
		for cut := 1; cut < len(stream); cut++ {
			fr := NewFrameReader(&chunkReader{data: stream, chunks: []int{cut, 1, cut}})
			for i := range 3 {
				got, err := fr.Next()
				if err != nil || !bytes.Equal(got, frame[headerLen:len(frame)-1]) {
					t.Fatalf("%s: frame %d with cuts at %d: %v", name, i, cut, err)
				}
			}
			if _, err := fr.Next(); err != io.EOF {
				t.Fatalf("%s: after the frames got %v, want io.EOF", name, err)
			}
		}
	}
}

func TestFrameReaderBadFrames(t *testing.T) {
	good := BuildRequest(CmdFindCard)                      // AA AA AA 96 69 00 03 20 01 22
	status := readTSV(t, "sam-responses.tsv")["status_ok"] // AA AA AA 96 69 00 04 00 00 90 94
	badSum := bytes.Clone(status)
	badSum[len(badSum)-1] ^= 0xFF
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	cases := []struct {
		name    string
		stream  []byte
		wantErr []error // one per Next call; nil = the good frame's payload
		want    [][]byte
	}{
		{"wrong checksum", badSum, []error{ErrChecksum, io.EOF}, nil},
		{"wrong checksum then a good frame", cat(badSum, good), []error{ErrChecksum, nil}, [][]byte{nil, good[7:9]}},
		{"short frame: header cut", good[:6], []error{ErrShortFrame}, nil},
		{"short frame: header only", good[:7], []error{ErrShortFrame}, nil},
		{"length past the end", cat(status[:5], []byte{0x00, 0x40}, status[7:]), []error{ErrShortFrame}, nil},
		{"length below minimum", cat(Preamble[:], []byte{0x00, 0x01, 0x01}), []error{ErrBadLength, io.EOF}, nil},
		{"length above maximum", cat(Preamble[:], []byte{0xFF, 0xFF}, good), []error{ErrBadLength, nil}, [][]byte{nil, good[7:9]}},
		{"garbage before the preamble", cat([]byte{0x00, 0x13, 0xAA, 0x96, 0x69, 0xAA, 0xAA}, good), []error{nil}, [][]byte{good[7:9]}},
		{"noise of sync bytes", cat(bytes.Repeat([]byte{0xAA}, 50), []byte{0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22}), []error{nil}, [][]byte{good[7:9]}},
		{"preamble split by garbage", cat(good[:4], []byte{0x00}, good), []error{nil}, [][]byte{good[7:9]}},
		{"only garbage", []byte{1, 2, 3, 0xAA, 0xAA, 0xAA, 0x96}, []error{io.EOF}, nil},
		{"empty", nil, []error{io.EOF}, nil},
		{"frame hidden inside a bad frame", cat(Preamble[:], []byte{0x00, 0x10}, good, []byte{1, 2, 3, 4, 5, 6}), []error{ErrChecksum, nil}, [][]byte{nil, good[7:9]}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Every case must hold however the stream is chopped.
			for _, r := range []io.Reader{bytes.NewReader(c.stream), iotest.OneByteReader(bytes.NewReader(c.stream))} {
				fr := NewFrameReader(r)
				for i, wantErr := range c.wantErr {
					got, err := fr.Next()
					if wantErr == nil {
						if err != nil || !bytes.Equal(got, c.want[i]) {
							t.Fatalf("call %d: got % X, %v; want % X", i, got, err, c.want[i])
						}
						continue
					}
					if !errors.Is(err, wantErr) {
						t.Fatalf("call %d: err %v, want %v", i, err, wantErr)
					}
				}
			}
		})
	}
}

func TestFrameReaderShortFrameKeepsCause(t *testing.T) {
	_, err := NewFrameReader(bytes.NewReader(BuildRequest(CmdFindCard)[:8])).Next()
	if !errors.Is(err, ErrShortFrame) || !errors.Is(err, io.EOF) {
		t.Errorf("err %v, want ErrShortFrame wrapping io.EOF", err)
	}
}

func TestEncodeFrameRoundTrip(t *testing.T) {
	for _, n := range []int{2, 3, 100, MaxBodyLen - 1} {
		payload := make([]byte, n)
		for i := range payload {
			payload[i] = byte(i * 31)
		}
		got, err := NewFrameReader(bytes.NewReader(EncodeFrame(payload))).Next()
		if err != nil || !bytes.Equal(got, payload) {
			t.Errorf("%d-byte payload: %v", n, err)
		}
	}
}
