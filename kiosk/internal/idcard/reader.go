package idcard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"go.bug.st/serial"
)

// CardReader is what the kiosk needs from an ID card reader. *Reader implements it;
// the kiosk's tests can use a fake.
type CardReader interface {
	// Next waits for a card to be placed and returns it, once per placement.
	Next(ctx context.Context) (*Card, error)
	// Close releases the device.
	Close() error
}

// DefaultBaud is the SAM's factory speed (115200 8N1).
const DefaultBaud = 115200

// DefaultPollInterval is the pause between two find-card attempts. A card placed just
// after a poll waits this long to be found, so it is most of the kiosk's card → ticket
// time: at 250 ms the real window's card → ticket screen was 337 ms. A find is a
// 10-byte command and an 11-byte answer, so 10 a second cost the host nothing
// measurable.
const DefaultPollInterval = 100 * time.Millisecond

// Config says where the reader is and how to talk to it.
type Config struct {
	// Port is the serial device path, e.g. /dev/ttyUSB0 (ptys are not listed by the
	// OS, so the path is always configured).
	Port string
	// Baud defaults to DefaultBaud.
	Baud int
	// Timeouts override DefaultTimeouts field by field.
	Timeouts Timeouts
	// PollInterval is the pause between two find-card attempts in Next, and between
	// two attempts to reopen a lost port (default DefaultPollInterval).
	PollInterval time.Duration
	// Logger receives device events (no personal data); nil means slog.Default().
	Logger *slog.Logger
	// OnHealth, if set, is called from Next when the device fails (err != nil) and when
	// it works again (err == nil), so that the kiosk can show "reader unavailable".
	OnHealth func(err error)
	// Open opens the port; nil opens Port with go.bug.st/serial at Baud, 8N1.
	Open func() (Port, error)
}

// Reader is an ID card reader on a serial port. It opens the port on first use and
// reopens it after an I/O failure (the device was unplugged and plugged back). After a
// SAM fault it resets the SAM before the next command. Methods are safe for
// concurrent use.
type Reader struct {
	cfg Config
	log *slog.Logger

	mu         sync.Mutex
	port       Port
	client     *Client
	closed     bool
	samSuspect bool      // the SAM failed: reset it before the next command
	mustLeave  bool      // a card was read: wait for it to leave before reading again
	lastRead   string    // identity of that card (see identity)
	noAnswers  int       // consecutive timeouts; a few in a row reopen the port
	healthErr  error     // last state reported to OnHealth
	healthSet  bool      // OnHealth has been called at least once
	lastFail   time.Time // last failed open, for back-off
}

var _ CardReader = (*Reader)(nil)

// NewReader returns a Reader for cfg. It does not touch the device yet.
func NewReader(cfg Config) *Reader {
	if cfg.Baud == 0 {
		cfg.Baud = DefaultBaud
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Reader{cfg: cfg, log: log.With("device", "idcard", "port", cfg.Port)}
}

// openSerial opens a serial port at the configured speed, 8N1, without touching the
// modem lines (on a pty those ioctls fail).
func (r *Reader) openSerial() (Port, error) {
	p, err := serial.Open(r.cfg.Port, &serial.Mode{
		BaudRate: r.cfg.Baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit,
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// with runs f on a working client, opening the port if needed and resetting a suspect
// SAM first, then judges f's error: I/O failures and repeated silence close the port,
// SAM faults mark the SAM for a reset. The caller must hold r.mu.
func (r *Reader) with(ctx context.Context, f func(*Client) error) error {
	if r.closed {
		return ErrClosed
	}
	if r.client == nil {
		if err := r.open(ctx); err != nil {
			return err
		}
	}
	if r.samSuspect {
		if err := r.client.ResetSAM(ctx); err != nil {
			return r.judge(fmt.Errorf("recover SAM: %w", err))
		}
		r.log.Info("SAM reset after a fault")
		r.samSuspect = false
	}
	return r.judge(f(r.client))
}

// judge updates the reader's state from the outcome of an exchange and returns err.
func (r *Reader) judge(err error) error {
	switch {
	case err == nil, errors.Is(err, ErrNoCard):
		r.noAnswers = 0
	case errors.Is(err, ErrIO):
		r.log.Warn("serial port failed; will reopen", "err", err)
		r.drop()
	case errors.Is(err, ErrNoAnswer):
		if r.noAnswers++; r.noAnswers >= 3 {
			r.log.Warn("reader silent; reopening the port", "timeouts", r.noAnswers)
			r.drop()
		}
	case errors.Is(err, ErrSAMFault):
		r.samSuspect = true
	}
	return err
}

// open opens the port, waiting out the back-off after a failed attempt.
func (r *Reader) open(ctx context.Context) error {
	if wait := time.Until(r.lastFail.Add(r.cfg.PollInterval)); wait > 0 {
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
	openFn := r.cfg.Open
	if openFn == nil {
		openFn = r.openSerial
	}
	p, err := openFn()
	if err != nil {
		r.lastFail = time.Now()
		return fmt.Errorf("open reader: %w: %w", ErrIO, err)
	}
	r.port, r.client, r.noAnswers = p, NewClient(p, r.cfg.Timeouts), 0
	r.log.Info("port opened", "baud", r.cfg.Baud)
	return nil
}

// drop closes the port; the next call reopens it.
func (r *Reader) drop() {
	if c, ok := r.port.(io.Closer); ok {
		_ = c.Close()
	}
	r.port, r.client = nil, nil
}

// SAMStatus checks that the reader answers and its SAM passed its self-test.
func (r *Reader) SAMStatus(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.with(ctx, func(c *Client) error { return c.SAMStatus(ctx) })
}

// SAMID reads the SAM module's management ID.
func (r *Reader) SAMID(ctx context.Context) (SAMID, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var id SAMID
	err := r.with(ctx, func(c *Client) (err error) { id, err = c.SAMID(ctx); return err })
	return id, err
}

// ReadCard makes one find → select → read attempt; ErrNoCard means no (new) card.
// It does not apply the card-must-leave rule; Next does.
func (r *Reader) ReadCard(ctx context.Context) (*Card, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.readCard(ctx)
}

func (r *Reader) readCard(ctx context.Context) (*Card, error) {
	var card *Card
	err := r.with(ctx, func(c *Client) (err error) { card, err = c.ReadCard(ctx); return err })
	if err != nil {
		return nil, fmt.Errorf("read card: %w", err)
	}
	return card, nil
}

// ReadNewAddress reads the newest appended address of the card just read; ErrNoContent
// means it has none. Call it right after a successful read, before the card leaves.
func (r *Reader) ReadNewAddress(ctx context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var addr string
	err := r.with(ctx, func(c *Client) (err error) { addr, err = c.ReadNewAddress(ctx); return err })
	return addr, err
}

// Close closes the port. Further calls return ErrClosed.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	r.drop()
	return nil
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
