// Package idcard reads second-generation Chinese ID cards, Hong Kong/Macao/Taiwan
// residence permits and foreign permanent residence cards through a reader's SAM module,
// speaking the GA 467 serial protocol (see shared/protocols/README.md §1).
//
// The package is layered so that each layer can be tested on its own:
//
//   - frame.go, framereader.go: the wire format. A frame is the preamble AA AA AA 96 69, a
//     big-endian length counting everything after itself, the payload and an XOR check.
//     FrameReader pulls frames out of a byte stream, skipping garbage up to the next
//     preamble, so one corrupted byte costs one frame and not the session.
//   - status.go, errors.go: the SW3 status byte (the only one to judge, SW1/SW2 are the
//     card's) mapped to sentinel errors such as ErrNoCard or ErrSAMFault, wrapped in a
//     StatusError that keeps the raw bytes.
//   - layout.go, text.go, text_encode.go, card.go: the 256-byte UCS-2 text block. The
//     card-type marker at bytes 248–249 picks one of four layouts before any field is
//     read; dates, gender and nation codes are checked, and an 18-character number must
//     pass the GB 11643 check digit, or the card is rejected with ErrInvalidCard. The
//     photo is kept as opaque bytes: it is a licensed WLT format and is never decoded.
//   - client.go: one request, one response, with the per-command timeouts of the spec,
//     over any Port (a go.bug.st/serial port or a fake).
//   - reader.go: the Reader the kiosk uses. It opens the serial port lazily, reopens it
//     after the device is unplugged, resets a SAM that failed its self-test, and polls for
//     cards with the card-must-leave rule: one read per placement.
//
// Personal data never reaches a log line: Card's String and LogValue methods print only
// the card type, and the package logs commands, status codes and durations only.
// The simulator in package sim plays the reader's side over a pseudo-terminal.
package idcard
