package printer

import (
	"errors"
	"fmt"
	"strings"
)

// Status is the printer's state, decoded from the replies to DLE EOT 1, 2 and 4.
type Status struct {
	Offline      bool // DLE EOT 1 bit 3
	CoverOpen    bool // DLE EOT 2 bit 2
	PaperEnd     bool // DLE EOT 4 bits 5–6, or DLE EOT 2 bit 5 (stopped by paper end)
	PaperNearEnd bool // DLE EOT 4 bits 2–3: a warning, printing goes on
	Error        bool // DLE EOT 2 bit 6
	// Raw holds the three reply bytes, for diagnostics.
	Raw [3]byte
}

// Faults and status problems, matched with errors.Is.
var (
	ErrPaperOut     = errors.New("printer: out of paper")
	ErrCoverOpen    = errors.New("printer: cover open")
	ErrOffline      = errors.New("printer: offline")
	ErrPrinterError = errors.New("printer: error state (cutter jam or mechanism fault)")
	// ErrNoStatus: the printer did not answer a status request in time (it is off,
	// unplugged, or a device that cannot report status).
	ErrNoStatus = errors.New("printer: no status reply")
	// ErrBadStatus: a reply byte does not have the fixed pattern 0xx1xx10.
	ErrBadStatus = errors.New("printer: malformed status reply")
)

// validReply checks the fixed bits of a DLE EOT reply: bit 1 and bit 4 set, bits 0
// and 7 clear. An Automatic Status Back byte has bit 1 clear and fails here.
func validReply(b byte) bool { return b&0x93 == 0x12 }

// DecodeStatus decodes the replies to DLE EOT 1 (printer), 2 (offline cause) and
// 4 (roll paper).
func DecodeStatus(printer, offline, paper byte) (Status, error) {
	for _, b := range []byte{printer, offline, paper} {
		if !validReply(b) {
			return Status{}, fmt.Errorf("%w: %02X", ErrBadStatus, b)
		}
	}
	return Status{
		Offline:      printer&0x08 != 0,
		CoverOpen:    offline&0x04 != 0,
		PaperEnd:     paper&0x60 != 0 || offline&0x20 != 0,
		PaperNearEnd: paper&0x0C != 0,
		Error:        offline&0x40 != 0,
		Raw:          [3]byte{printer, offline, paper},
	}, nil
}

// Err returns nil when the printer can print, and otherwise a *FaultError.
func (s Status) Err() error {
	if s.Offline || s.CoverOpen || s.PaperEnd || s.Error {
		return &FaultError{Status: s}
	}
	return nil
}

// FaultError says why the printer cannot print. errors.Is matches it against
// ErrPaperOut, ErrCoverOpen, ErrPrinterError and ErrOffline as its status says.
type FaultError struct {
	Status Status
}

// Error lists every fault, the most actionable first.
func (e *FaultError) Error() string {
	var parts []string
	for _, f := range e.faults() {
		parts = append(parts, strings.TrimPrefix(f.Error(), "printer: "))
	}
	return "printer fault: " + strings.Join(parts, ", ")
}

// faults returns the sentinels that apply, the most actionable first.
func (e *FaultError) faults() []error {
	var out []error
	s := e.Status
	for _, f := range []struct {
		on  bool
		err error
	}{{s.PaperEnd, ErrPaperOut}, {s.CoverOpen, ErrCoverOpen}, {s.Error, ErrPrinterError}, {s.Offline, ErrOffline}} {
		if f.on {
			out = append(out, f.err)
		}
	}
	return out
}

// Is reports whether target is one of the faults.
func (e *FaultError) Is(target error) bool {
	for _, f := range e.faults() {
		if f == target {
			return true
		}
	}
	return false
}
