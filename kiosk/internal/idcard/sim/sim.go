// Package sim plays the card reader's side of the GA 467 protocol over any byte stream:
// a pseudo-terminal, a serial port, or a pipe in tests. Cards come from a JSON file;
// they are placed and removed on command, and faults are injected on command, so that
// the kiosk's Reader and the installers' tools can be exercised with no hardware.
//
// Like a real reader it enforces the card-must-leave rule: after a successful read,
// find-card fails until the card is removed and placed again (unless KeepFinding is
// set, to imitate readers that do not, and so test the host's own rule).
package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"sync"

	"onedoor/kiosk/internal/idcard"
)

// Fault is a misbehaviour injected on command.
type Fault int

// The faults. Checksum, NoAnswer and Garbage affect the next answer, whatever the
// command; ReadFailed the next read-base; SAM lasts until the host resets the SAM.
const (
	FaultChecksum   Fault = iota + 1 // the next answer's check byte is wrong
	FaultNoAnswer                    // the next request gets no answer
	FaultSAM                         // the SAM fails its self-test (SW3 60) until reset
	FaultReadFailed                  // the next read-base answers SW3 41
	FaultGarbage                     // a burst of line noise precedes the next answer
)

var faultNames = map[string]Fault{
	"checksum": FaultChecksum, "noanswer": FaultNoAnswer, "sam": FaultSAM,
	"readfail": FaultReadFailed, "garbage": FaultGarbage,
}

// ParseFault returns the fault named s: checksum, noanswer, sam, readfail or garbage.
func ParseFault(s string) (Fault, error) {
	if f, ok := faultNames[s]; ok {
		return f, nil
	}
	return 0, fmt.Errorf("unknown fault %q (want one of %v)", s, FaultNames())
}

// FaultNames lists the fault names ParseFault accepts.
func FaultNames() []string {
	names := make([]string, 0, len(faultNames))
	for n := range faultNames {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Config sets up a Sim.
type Config struct {
	Cards []CardSpec
	// KeepFinding makes find-card succeed again after a read while the card stays.
	KeepFinding bool
	// Logger receives protocol events (commands and status codes only); nil discards.
	Logger *slog.Logger
}

// samID is a synthetic SAM ID (the vector sam_id_synthetic).
var samID = []byte{0x05, 0x00, 0x01, 0x00, 0xA5, 0x3A, 0x34, 0x01, 0x4E, 0x61, 0xBC, 0x00, 0xFF, 0xFF, 0xFF, 0x7F}

// Sim is a simulated card reader. Its methods are safe for concurrent use.
type Sim struct {
	log         *slog.Logger
	keepFinding bool
	cards       map[string]card
	keys        []string

	mu        sync.Mutex
	placed    string // key of the card in the field, "" for none
	found     bool   // find succeeded since the last read
	selected  bool   // select succeeded since the last find
	read      bool   // the placed card was read: it must leave
	samFailed bool
	pending   []Fault
	served    int // answers sent, for tests that wait on progress
}

// New returns a Sim holding cfg's cards, none placed.
func New(cfg Config) (*Sim, error) {
	s := &Sim{log: cfg.Logger, keepFinding: cfg.KeepFinding, cards: make(map[string]card)}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, spec := range cfg.Cards {
		if _, dup := s.cards[spec.Key]; dup || spec.Key == "" {
			return nil, fmt.Errorf("new simulator: card key %q empty or repeated", spec.Key)
		}
		c, err := encodeCard(spec)
		if err != nil {
			return nil, fmt.Errorf("new simulator: %w", err)
		}
		s.cards[spec.Key] = c
		s.keys = append(s.keys, spec.Key)
	}
	return s, nil
}

// Keys returns the card keys in file order.
func (s *Sim) Keys() []string { return append([]string(nil), s.keys...) }

// Place puts the card with this key on the reader, replacing any other.
func (s *Sim) Place(key string) error {
	if _, ok := s.cards[key]; !ok {
		return fmt.Errorf("place: no card %q (have %v)", key, s.keys)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.placed, s.found, s.selected, s.read = key, false, false, false
	return nil
}

// Remove takes the card off the reader.
func (s *Sim) Remove() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.placed, s.found, s.selected, s.read = "", false, false, false
}

// Placed returns the key of the card on the reader and whether it has been read.
func (s *Sim) Placed() (key string, read bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.placed, s.read
}

// Inject queues a fault.
func (s *Sim) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f == FaultSAM {
		s.samFailed = true
		return
	}
	s.pending = append(s.pending, f)
}

// Served returns how many answers the simulator has sent.
func (s *Sim) Served() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served
}

// Serve answers the requests read from rw until reading fails (the stream is closed)
// or ctx ends; on ctx's end it closes rw if rw is an io.Closer, to unblock the read.
func (s *Sim) Serve(ctx context.Context, rw io.ReadWriter) error {
	if c, ok := rw.(io.Closer); ok {
		stop := context.AfterFunc(ctx, func() { _ = c.Close() })
		defer stop()
	}
	frames := idcard.NewFrameReader(rw)
	for {
		payload, err := frames.Next()
		var out []byte
		switch {
		case errors.Is(err, idcard.ErrChecksum):
			out = idcard.Response{SW3: idcard.SW3Checksum}.Encode()
		case errors.Is(err, idcard.ErrBadLength):
			out = idcard.Response{SW3: idcard.SW3Length}.Encode()
		case err != nil:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("simulator: read request: %w", err)
		default:
			out = s.Answer(payload)
		}
		if out == nil {
			continue
		}
		if _, err := rw.Write(out); err != nil {
			return fmt.Errorf("simulator: write answer: %w", err)
		}
	}
}
