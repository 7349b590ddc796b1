package printer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"onedoor/assets"
)

// Config describes a printer.
type Config struct {
	// Open connects to the printer (OpenSerial, DialTCP, OpenDevice wrapped in a
	// closure). The Printer calls it on first use and again after a transport failure.
	Open func(ctx context.Context) (Transport, error)
	// Width is the paper width in dots (Width80mm by default).
	Width int
	// StatusTimeout bounds the wait for each status byte (default 500 ms).
	StatusTimeout time.Duration
	// IgnoreMissingStatus prints even when the printer does not answer status
	// requests, for USB printer-class devices that never do. A printer that answers
	// and reports a fault is never printed to.
	IgnoreMissingStatus bool
	// BandRows is the height of each GS v 0 band (DefaultBandRows by default).
	BandRows int
	// Font is the TrueType font to draw with (assets.FontTTF by default).
	Font []byte
	// Logger receives device events (no ticket content); nil means slog.Default().
	Logger *slog.Logger
}

// Printer prints tickets as raster images. Its methods are safe for concurrent use;
// tickets are printed one at a time.
type Printer struct {
	cfg      Config
	log      *slog.Logger
	renderer *Renderer

	mu sync.Mutex
	t  Transport
}

// New returns a Printer for cfg. It does not connect yet.
func New(cfg Config) (*Printer, error) {
	if cfg.Open == nil {
		return nil, errors.New("new printer: no Open function")
	}
	if cfg.Width == 0 {
		cfg.Width = Width80mm
	}
	if cfg.StatusTimeout <= 0 {
		cfg.StatusTimeout = 500 * time.Millisecond
	}
	if cfg.Font == nil {
		cfg.Font = assets.FontTTF
	}
	r, err := NewRenderer(cfg.Width, cfg.Font)
	if err != nil {
		return nil, fmt.Errorf("new printer: %w", err)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Printer{cfg: cfg, log: log.With("device", "printer"), renderer: r}, nil
}

// Renderer returns the renderer the printer draws with (for previews).
func (p *Printer) Renderer() *Renderer { return p.renderer }

// Status asks the printer for its state with DLE EOT 1, 2 and 4.
func (p *Printer) Status(ctx context.Context) (Status, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status(ctx)
}

func (p *Printer) status(ctx context.Context) (Status, error) {
	t, err := p.transport(ctx)
	if err != nil {
		return Status{}, err
	}
	t.Discard()
	var reply [3]byte
	for i, n := range []byte{1, 2, 4} {
		if err := ctx.Err(); err != nil {
			return Status{}, fmt.Errorf("printer status: %w", err)
		}
		if _, err := t.Write(StatusRequest(n)); err != nil {
			return Status{}, p.fail(fmt.Errorf("printer status: %w", err))
		}
		if reply[i], err = t.ReadStatus(p.cfg.StatusTimeout); err != nil {
			return Status{}, p.fail(fmt.Errorf("printer status (DLE EOT %d): %w", n, err))
		}
	}
	s, err := DecodeStatus(reply[0], reply[1], reply[2])
	if err != nil {
		return Status{}, fmt.Errorf("printer status: %w", err)
	}
	return s, nil
}

// Print checks the printer's status, then draws the ticket and sends it with a
// partial cut. A fault (paper out, cover open, …) is returned as a *FaultError before
// anything is sent. Paper near its end is logged and printing goes on.
func (p *Printer) Print(ctx context.Context, tk Ticket) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, err := p.status(ctx)
	switch {
	case errors.Is(err, ErrNoStatus) && p.cfg.IgnoreMissingStatus:
		p.log.Debug("no status reply; printing anyway")
	case err != nil:
		return fmt.Errorf("print ticket: %w", err)
	case s.Err() != nil:
		p.log.Warn("printer fault", "err", s.Err())
		return fmt.Errorf("print ticket: %w", s.Err())
	case s.PaperNearEnd:
		p.log.Warn("paper near end")
	}
	data, err := p.Encode(tk)
	if err != nil {
		return fmt.Errorf("print ticket: %w", err)
	}
	if _, err := p.t.Write(data); err != nil {
		return p.fail(fmt.Errorf("print ticket: %w", err))
	}
	p.log.Info("ticket printed", "bytes", len(data))
	return nil
}

// Encode renders a ticket and returns the bytes Print sends: init, the image in
// GS v 0 bands, a feed and a partial cut.
func (p *Printer) Encode(tk Ticket) ([]byte, error) {
	page, err := p.renderer.Render(tk)
	if err != nil {
		return nil, err
	}
	for _, c := range page.Missing {
		p.log.Warn("character missing from the font", "rune", fmt.Sprintf("U+%04X", c))
	}
	var e Encoder
	e.Init()
	e.Align(AlignLeft)
	e.Raster(FromGray(page.Image, 128), p.cfg.BandRows)
	e.Feed(3)
	e.FeedAndCut(true, 0)
	return e.Bytes(), e.Err()
}

// Close disconnects from the printer.
func (p *Printer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.t == nil {
		return nil
	}
	err := p.t.Close()
	p.t = nil
	return err
}

// transport returns the open transport, opening it if needed (the caller holds p.mu).
func (p *Printer) transport(ctx context.Context) (Transport, error) {
	if p.t != nil {
		return p.t, nil
	}
	t, err := p.cfg.Open(ctx)
	if err != nil {
		return nil, fmt.Errorf("printer: %w", err)
	}
	p.t = t
	return t, nil
}

// fail closes the transport after an I/O failure so that the next call reopens it,
// and returns err.
func (p *Printer) fail(err error) error {
	if errors.Is(err, ErrTransport) && p.t != nil {
		p.log.Warn("printer connection lost; will reconnect", "err", err)
		_ = p.t.Close()
		p.t = nil
	}
	return err
}
