package idcard

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// FrameReader pulls frames out of a byte stream. Bytes before a preamble are skipped,
// so a burst of line noise costs nothing. A frame whose length is out of range or whose
// check byte is wrong is reported (ErrBadLength, ErrChecksum) and the search resumes
// one byte after its preamble, so a real frame hidden inside the bad one is still found.
type FrameReader struct {
	r          io.Reader
	buf        []byte
	start, end int // unread bytes are buf[start:end]
}

// NewFrameReader returns a FrameReader reading from r.
func NewFrameReader(r io.Reader) *FrameReader {
	return &FrameReader{r: r, buf: make([]byte, 512)}
}

// Reset drops any buffered bytes, so that a late answer to an earlier request is not
// taken for the answer to the next one.
func (fr *FrameReader) Reset() { fr.start, fr.end = 0, 0 }

// Buffered returns how many bytes have been read from the stream but not consumed.
func (fr *FrameReader) Buffered() int { return fr.end - fr.start }

// Next returns the payload of the next frame: the bytes between the length field and
// the check byte, in a new slice. Errors from the underlying reader are returned as
// they are when no frame has begun, and wrapped in ErrShortFrame when one has.
func (fr *FrameReader) Next() ([]byte, error) {
	for {
		i := bytes.Index(fr.buf[fr.start:fr.end], Preamble[:])
		if i < 0 {
			// Keep a tail that may be the start of a preamble split across reads.
			if keep := len(Preamble) - 1; fr.end-fr.start > keep {
				fr.start = fr.end - keep
			}
			if err := fr.fill(); err != nil {
				return nil, err
			}
			continue
		}
		fr.start += i
		if err := fr.need(headerLen); err != nil {
			return nil, fmt.Errorf("%w: header: %w", ErrShortFrame, err)
		}
		n := int(binary.BigEndian.Uint16(fr.buf[fr.start+5:]))
		if n < minBodyLen || n > MaxBodyLen {
			fr.start++
			return nil, fmt.Errorf("%w: LEN %d", ErrBadLength, n)
		}
		if err := fr.need(headerLen + n); err != nil {
			return nil, fmt.Errorf("%w: LEN %d but %d bytes arrived: %w",
				ErrShortFrame, n, fr.end-fr.start-headerLen, err)
		}
		frame := fr.buf[fr.start : fr.start+headerLen+n]
		if want, got := Checksum(frame[5:len(frame)-1]), frame[len(frame)-1]; want != got {
			fr.start++
			return nil, fmt.Errorf("%w: got %02X, want %02X", ErrChecksum, got, want)
		}
		payload := bytes.Clone(frame[headerLen : len(frame)-1])
		fr.start += len(frame)
		return payload, nil
	}
}

// need reads until at least n unread bytes are buffered.
func (fr *FrameReader) need(n int) error {
	for fr.end-fr.start < n {
		if err := fr.fill(); err != nil {
			return err
		}
	}
	return nil
}

// fill reads at least one more byte, growing or compacting the buffer as needed.
// A reader that returns (0, nil) forever would spin; io.Reader forbids it and the
// serial adapter turns its timeouts into ErrNoAnswer.
func (fr *FrameReader) fill() error {
	if fr.start > 0 {
		copy(fr.buf, fr.buf[fr.start:fr.end])
		fr.end -= fr.start
		fr.start = 0
	}
	if fr.end == len(fr.buf) {
		fr.buf = append(fr.buf, make([]byte, len(fr.buf))...)
	}
	for empty := 0; ; empty++ {
		n, err := fr.r.Read(fr.buf[fr.end:])
		fr.end += n
		if n > 0 {
			return nil
		}
		if err != nil {
			return err
		}
		if empty > 100 {
			return io.ErrNoProgress
		}
	}
}
