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
//   - layout.go, text.go, idnumber.go, card.go, nation.go, basemsg.go: the 256-byte
//     UCS-2 text block. The card-type marker at bytes 248–249 picks one of four layouts
//     (resident, 'J' residence permit, 'I' and 'Y' foreign permanent residence cards)
//     before any field is read; fields are trimmed, dates read (valid-to may be 长期),
//     gender and nation codes checked against their tables, and an 18-character number
//     must pass the GB 11643 check digit (internal/queue), or the card is rejected with
//     ErrInvalidCard. The photo's length comes from the frame and its bytes are kept
//     opaque: WLT is a licensed format and is never decoded here. text_encode.go is the
//     inverse, for the simulator and tests.
//   - client.go: one request, one response, with the per-command timeouts of the spec,
//     over any Port (a go.bug.st/serial port or a fake).
//   - reader.go, poll.go: the Reader the kiosk uses (through the CardReader interface).
//     It opens the serial port lazily (115200 8N1 by default), reopens it after the
//     device is unplugged or stays silent, resets a SAM that failed its self-test, and
//     polls for cards with the card-must-leave rule: one read per placement. Device
//     faults are retried and reported through Config.OnHealth; card faults are returned.
//
// Personal data never reaches a log line: Card's String and LogValue methods print only
// the card type, and the package logs commands, status codes and durations only.
// The simulator in package sim plays the reader's side over a pseudo-terminal.
package idcard
