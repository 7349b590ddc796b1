package kioskapp

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"onedoor/kiosk/internal/diag/vport"
	idsim "onedoor/kiosk/internal/idcard/sim"
	"onedoor/kiosk/internal/printer"
	prsim "onedoor/kiosk/internal/printer/sim"
)

// openPrinter returns the printer named by spec: tcp:HOST:PORT, a device file under
// /dev/usb, or a serial port.
func openPrinter(spec string, log *slog.Logger) (*printer.Printer, error) {
	open := func(context.Context) (printer.Transport, error) { return printer.OpenSerial(spec, 115200) }
	switch {
	case strings.HasPrefix(spec, "tcp:"):
		addr := strings.TrimPrefix(spec, "tcp:")
		open = func(ctx context.Context) (printer.Transport, error) { return printer.DialTCP(ctx, addr) }
	case strings.HasPrefix(spec, "/dev/usb/"):
		open = func(context.Context) (printer.Transport, error) { return printer.OpenDevice(spec) }
	}
	p, err := printer.New(printer.Config{Open: open, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("printer %s: %w", spec, err)
	}
	return p, nil
}

// Simulators are the reader and printer simulators on pseudo-terminals.
type Simulators struct {
	// ReaderPort and PrinterPort are where the kiosk opens them.
	ReaderPort, PrinterPort string
	Cards                   *idsim.Sim
	Printer                 *prsim.Sim
	closers                 []func() error
}

// StartSimulators starts both simulators in dir (their pty links) until ctx ends; the
// printer writes each ticket as a PNG in printed. The card simulator is driven through
// Cards (place, remove, fault) — in the app, from its console on standard input.
func StartSimulators(ctx context.Context, dir, printed string, log *slog.Logger) (*Simulators, error) {
	if err := os.MkdirAll(printed, 0o755); err != nil {
		return nil, fmt.Errorf("simulators: %w", err)
	}
	cards, err := idsim.New(idsim.Config{Cards: idsim.SampleCards(), Logger: log})
	if err != nil {
		return nil, fmt.Errorf("reader simulator: %w", err)
	}
	prn, err := prsim.New(prsim.Config{OutDir: printed, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("printer simulator: %w", err)
	}
	s := &Simulators{Cards: cards, Printer: prn}
	rv, err := vport.Open(filepath.Join(dir, "idcard"))
	if err != nil {
		return nil, fmt.Errorf("reader simulator: %w", err)
	}
	pv, err := vport.Open(filepath.Join(dir, "printer"))
	if err != nil {
		rv.Close()
		return nil, fmt.Errorf("printer simulator: %w", err)
	}
	s.ReaderPort, s.PrinterPort = rv.Path, pv.Path
	s.closers = []func() error{rv.Close, pv.Close}
	go func() { _ = cards.Serve(ctx, rv) }()
	go func() { _ = prn.Serve(ctx, pv) }()
	return s, nil
}

// Close removes the simulators' ptys.
func (s *Simulators) Close() {
	for _, c := range s.closers {
		_ = c()
	}
}
