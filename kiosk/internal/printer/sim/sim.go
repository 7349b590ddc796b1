// Package sim is a thermal receipt printer that exists only in software. It reads an
// ESC/POS byte stream from a pseudo-terminal, a serial port or TCP connections, answers
// the real-time status requests (DLE EOT) from a state set on command (paper out, paper
// low, cover open, offline), and turns each ticket it receives back into an image at
// the cut, saved as PNG: the way tests and people see what would have been printed.
//
// It understands the commands the kiosk sends (GS v 0 raster above all) and the common
// text, feed, QR and cut commands, drawing text with the bundled font as a stand-in for
// the printer's own.
package sim

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"

	"onedoor/assets"
	"onedoor/kiosk/internal/printer"
)

// Config sets up a simulated printer.
type Config struct {
	// Width is the paper width in dots (printer.Width80mm by default).
	Width int
	// OutDir, if set, receives each ticket as ticket-0001.png, ticket-0002.png, …
	OutDir string
	// Logger receives events; nil discards them.
	Logger *slog.Logger
}

// Printed is one ticket that came out of the printer.
type Printed struct {
	Index int         // 1 for the first ticket
	Image *image.Gray // black and white, as wide as the paper
	Path  string      // the PNG file, when Config.OutDir is set
}

// state is what the status replies report.
type state struct {
	paperOut, paperLow, coverOpen, offline bool
}

// Sim is a simulated printer. Its methods are safe for concurrent use.
type Sim struct {
	cfg      Config
	log      *slog.Logger
	renderer *printer.Renderer

	mu      sync.Mutex
	st      state
	printed []Printed
	lost    int           // tickets cut while a fault stopped printing
	changed chan struct{} // closed and replaced when a ticket comes out
}

// New returns a printer with paper, cover closed, online.
func New(cfg Config) (*Sim, error) {
	if cfg.Width == 0 {
		cfg.Width = printer.Width80mm
	}
	r, err := printer.NewRenderer(cfg.Width, assets.FontTTF)
	if err != nil {
		return nil, fmt.Errorf("new printer simulator: %w", err)
	}
	if cfg.OutDir != "" {
		if err := os.MkdirAll(cfg.OutDir, 0o755); err != nil {
			return nil, fmt.Errorf("new printer simulator: %w", err)
		}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sim{cfg: cfg, log: log, renderer: r, changed: make(chan struct{})}, nil
}

// SetPaper sets the paper sensors: out of paper, or near the end of the roll.
func (s *Sim) SetPaper(out, low bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.paperOut, s.st.paperLow = out, low
}

// SetCoverOpen opens or closes the cover.
func (s *Sim) SetCoverOpen(open bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.coverOpen = open
}

// SetOffline takes the printer offline (or back online) for another reason.
func (s *Sim) SetOffline(off bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.offline = off
}

// statusByte answers DLE EOT n from the state; bits as in the Epson reference.
func (s *Sim) statusByte(n byte) byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	b := byte(0x12)
	switch n {
	case 1:
		if st.offline || st.coverOpen || st.paperOut {
			b |= 0x08
		}
	case 2:
		if st.coverOpen {
			b |= 0x04
		}
		if st.paperOut {
			b |= 0x20
		}
	case 4:
		if st.paperLow {
			b |= 0x0C
		}
		if st.paperOut {
			b |= 0x60
		}
	}
	return b
}

// canPrint reports whether paper would come out now.
func (s *Sim) canPrint() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.st.paperOut && !s.st.coverOpen && !s.st.offline
}

// Printed returns the tickets printed so far.
func (s *Sim) Printed() []Printed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Printed(nil), s.printed...)
}

// Lost returns how many tickets were cut while a fault kept them from printing.
func (s *Sim) Lost() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lost
}

// WaitPrinted waits until n tickets have been printed and returns the n-th.
func (s *Sim) WaitPrinted(ctx context.Context, n int) (Printed, error) {
	for {
		s.mu.Lock()
		if len(s.printed) >= n {
			p := s.printed[n-1]
			s.mu.Unlock()
			return p, nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return Printed{}, fmt.Errorf("wait for ticket %d: %w", n, ctx.Err())
		case <-ch:
		}
	}
}

// finish stores a cut ticket, or counts it lost when a fault stopped the printer.
func (s *Sim) finish(img *image.Gray) error {
	if !s.canPrint() {
		s.mu.Lock()
		s.lost++
		s.mu.Unlock()
		s.log.Warn("ticket lost: printer faulted")
		return nil
	}
	s.mu.Lock()
	p := Printed{Index: len(s.printed) + 1, Image: img}
	s.mu.Unlock()
	if s.cfg.OutDir != "" {
		p.Path = filepath.Join(s.cfg.OutDir, fmt.Sprintf("ticket-%04d.png", p.Index))
		if err := writePNG(p.Path, img); err != nil {
			return err
		}
	}
	s.mu.Lock()
	s.printed = append(s.printed, p)
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	s.log.Info("ticket printed", "index", p.Index, "height", img.Rect.Dy(), "png", p.Path)
	return nil
}

// writePNG writes img to path through a temporary file, so that whoever watches the
// directory never sees half a ticket.
func writePNG(path string, img image.Image) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("save ticket: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("save ticket: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save ticket: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("save ticket: %w", err)
	}
	return nil
}

// Serve reads one ESC/POS stream from rw, answering status requests on rw, until the
// stream ends or ctx is done (then rw is closed if it is an io.Closer).
func (s *Sim) Serve(ctx context.Context, rw io.ReadWriter) error {
	if c, ok := rw.(io.Closer); ok {
		stop := context.AfterFunc(ctx, func() { _ = c.Close() })
		defer stop()
	}
	err := newDecoder(s, rw).run()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// ServeTCP accepts connections on ln, like a network printer on port 9100, and serves
// each until ctx is done; it closes ln then.
func (s *Sim) ServeTCP(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() { _ = ln.Close() })
	defer stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("printer simulator: accept: %w", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Serve(ctx, c); err != nil && ctx.Err() == nil {
				s.log.Warn("connection ended", "err", err)
			}
			_ = c.Close()
		}()
	}
}
