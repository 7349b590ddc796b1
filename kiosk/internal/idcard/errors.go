package idcard

import "errors"

// Errors of the link: the bytes between us and the reader.
var (
	// ErrChecksum: a frame's XOR check did not match, in our direction (detected
	// here) or in the reader's (it answered SW3 10).
	ErrChecksum = errors.New("idcard: frame checksum mismatch")
	// ErrShortFrame: a frame ended before its length said it would, or is too short
	// to hold its fields.
	ErrShortFrame = errors.New("idcard: frame too short")
	// ErrBadLength: a frame's length field is out of range (or the reader said SW3 11).
	ErrBadLength = errors.New("idcard: frame length out of range")
	// ErrNoAnswer: the reader sent nothing within the command's timeout.
	ErrNoAnswer = errors.New("idcard: reader did not answer in time")
	// ErrIO: the serial port failed (for example the device was unplugged); the
	// Reader closes the port and reopens it on the next call.
	ErrIO = errors.New("idcard: serial port I/O failed")
	// ErrClosed: the Reader was closed.
	ErrClosed = errors.New("idcard: reader closed")
)

// Errors the reader reports in SW3 (see status.go for the code table).
var (
	ErrNoCard       = errors.New("idcard: no card on the reader")
	ErrSelectFailed = errors.New("idcard: selecting the card failed")
	ErrReadFailed   = errors.New("idcard: reading the card failed")
	ErrSAMFault     = errors.New("idcard: SAM module fault")
	ErrCardType     = errors.New("idcard: card type not recognised")
	ErrAuth         = errors.New("idcard: card and SAM failed to authenticate each other")
	ErrCommand      = errors.New("idcard: command rejected by the reader")
	ErrNoContent    = errors.New("idcard: no content for this item")
	ErrDevice       = errors.New("idcard: reader reported an unrecognised error")
)

// ErrInvalidCard is wrapped by every error about the card's own data: a field that is
// not a date, an unknown code, an ID number whose check digit fails.
var ErrInvalidCard = errors.New("idcard: invalid card data")
