package kioskapp

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"go.bug.st/serial"
)

// readScanner reads codes from a serial QR scanner, one per line (scanners end each
// code with CR or CR LF), and hands each to scanned until ctx ends. A port that fails
// is reopened every few seconds. Codes are not logged: an appointment code is the key
// to a booking.
func readScanner(ctx context.Context, port string, log *slog.Logger, scanned func(string)) {
	for ctx.Err() == nil {
		if err := scanOnce(ctx, port, scanned); err != nil && ctx.Err() == nil {
			log.Warn("scanner", "port", port, "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(3 * time.Second):
		}
	}
}

func scanOnce(ctx context.Context, port string, scanned func(string)) error {
	p, err := serial.Open(port, &serial.Mode{BaudRate: 9600})
	if err != nil {
		return fmt.Errorf("open scanner: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { _ = p.Close() })
	defer stop()
	defer p.Close()
	sc := bufio.NewScanner(p)
	sc.Split(splitCR)
	for sc.Scan() {
		if code := strings.TrimSpace(sc.Text()); code != "" {
			scanned(code)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read scanner: %w", err)
	}
	return fmt.Errorf("read scanner: port closed")
}

// splitCR splits at CR or LF.
func splitCR(data []byte, atEOF bool) (int, []byte, error) {
	for i, b := range data {
		if b == '\r' || b == '\n' {
			return i + 1, data[:i], nil
		}
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
