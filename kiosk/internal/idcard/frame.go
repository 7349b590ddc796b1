package idcard

import (
	"encoding/binary"
	"fmt"
)

// Preamble starts every frame in both directions: three sync bytes, then 96 69.
var Preamble = [5]byte{0xAA, 0xAA, 0xAA, 0x96, 0x69}

const (
	// headerLen is the preamble plus the two length bytes.
	headerLen = 7
	// minBodyLen is the smallest legal LEN: a request's CMD, PARA and CHK.
	minBodyLen = 3
	// MaxBodyLen bounds LEN. The largest real frame (text, photo and 1024 bytes of
	// fingerprint) has LEN 2314; a larger value means we locked onto garbage.
	MaxBodyLen = 4096
)

// Checksum returns the XOR of b: for a frame, of every byte from LEN_H to the last data
// byte.
func Checksum(b []byte) byte {
	var c byte
	for _, x := range b {
		c ^= x
	}
	return c
}

// EncodeFrame wraps payload (CMD PARA DATA… or SW1 SW2 SW3 DATA…) in a frame: preamble,
// big-endian length, payload and check byte.
func EncodeFrame(payload []byte) []byte {
	n := len(payload) + 1
	out := make([]byte, 0, headerLen+n)
	out = append(out, Preamble[:]...)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = append(out, payload...)
	return append(out, Checksum(out[5:]))
}

// BuildRequest returns the request frame for cmd with optional data bytes.
func BuildRequest(cmd Command, data ...byte) []byte {
	payload := make([]byte, 0, 2+len(data))
	payload = append(payload, cmd.Code(), cmd.Param())
	return EncodeFrame(append(payload, data...))
}

// Request is a decoded request frame, as the simulator sees it.
type Request struct {
	Cmd  Command
	Data []byte
}

// ParseRequest splits a request payload (as FrameReader.Next returns it) into command
// and data.
func ParseRequest(payload []byte) (Request, error) {
	if len(payload) < 2 {
		return Request{}, fmt.Errorf("%w: request payload of %d bytes", ErrShortFrame, len(payload))
	}
	return Request{Cmd: NewCommand(payload[0], payload[1]), Data: payload[2:]}, nil
}

// Response is a decoded response frame.
type Response struct {
	SW1, SW2, SW3 byte
	Data          []byte
}

// ParseResponse splits a response payload (as FrameReader.Next returns it) into the
// three status bytes and the data.
func ParseResponse(payload []byte) (Response, error) {
	if len(payload) < 3 {
		return Response{}, fmt.Errorf("%w: response payload of %d bytes", ErrShortFrame, len(payload))
	}
	return Response{SW1: payload[0], SW2: payload[1], SW3: payload[2], Data: payload[3:]}, nil
}

// Encode returns the response as a frame; the simulator answers with it.
func (r Response) Encode() []byte {
	payload := make([]byte, 0, 3+len(r.Data))
	payload = append(payload, r.SW1, r.SW2, r.SW3)
	return EncodeFrame(append(payload, r.Data...))
}

// Err returns nil when SW3 reports success, and otherwise a *StatusError for cmd.
func (r Response) Err(cmd Command) error {
	if r.SW3 == SW3OK || r.SW3 == SW3FindOK {
		return nil
	}
	return &StatusError{Cmd: cmd, SW1: r.SW1, SW2: r.SW2, SW3: r.SW3}
}
