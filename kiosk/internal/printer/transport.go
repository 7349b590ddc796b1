package printer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"go.bug.st/serial"
)

// Transport carries bytes to a printer and, when the link allows, status bytes back.
type Transport interface {
	io.Writer
	// ReadStatus reads one status byte, waiting at most d; ErrNoStatus when none came.
	ReadStatus(d time.Duration) (byte, error)
	// Discard drops bytes received but not read (stale replies, Automatic Status Back).
	Discard()
	Close() error
}

// ErrTransport is wrapped by I/O failures of a transport; the Printer reopens it.
var ErrTransport = errors.New("printer: transport failed")

// DefaultTCPPort is the raw printing port of network printers (JetDirect, 9100).
const DefaultTCPPort = "9100"

// serialTransport is a printer on a serial or USB-CDC port.
type serialTransport struct{ port serial.Port }

// OpenSerial opens a printer on a serial port at baud, 8N1 (kiosk printers mostly use
// 115200 or 9600 on RS-232, any speed on USB-CDC).
func OpenSerial(path string, baud int) (Transport, error) {
	p, err := serial.Open(path, &serial.Mode{BaudRate: baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit})
	if err != nil {
		return nil, fmt.Errorf("open printer %s: %w: %w", path, ErrTransport, err)
	}
	return &serialTransport{port: p}, nil
}

func (s *serialTransport) Write(b []byte) (int, error) {
	n, err := s.port.Write(b)
	if err != nil {
		return n, fmt.Errorf("%w: %w", ErrTransport, err)
	}
	return n, nil
}

func (s *serialTransport) ReadStatus(d time.Duration) (byte, error) {
	var b [1]byte
	deadline := time.Now().Add(d)
	for left := d; left > 0; left = time.Until(deadline) {
		if err := s.port.SetReadTimeout(left); err != nil {
			return 0, fmt.Errorf("%w: %w", ErrTransport, err)
		}
		n, err := s.port.Read(b[:])
		if err != nil {
			return 0, fmt.Errorf("%w: %w", ErrTransport, err)
		}
		if n == 1 {
			return b[0], nil
		}
	}
	return 0, ErrNoStatus
}

func (s *serialTransport) Discard() { _ = s.port.ResetInputBuffer() }

func (s *serialTransport) Close() error { return s.port.Close() }

// connTransport is a printer on a TCP connection, or any net.Conn.
type connTransport struct{ conn net.Conn }

// DialTCP connects to a network printer; addr is host:port, or a host alone for
// port 9100.
func DialTCP(ctx context.Context, addr string) (Transport, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		addr = net.JoinHostPort(addr, DefaultTCPPort)
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("connect printer %s: %w: %w", addr, ErrTransport, err)
	}
	return &connTransport{conn: c}, nil
}

func (c *connTransport) Write(b []byte) (int, error) {
	_ = c.conn.SetWriteDeadline(time.Now().Add(30 * time.Second))
	n, err := c.conn.Write(b)
	if err != nil {
		return n, fmt.Errorf("%w: %w", ErrTransport, err)
	}
	return n, nil
}

func (c *connTransport) ReadStatus(d time.Duration) (byte, error) {
	return readWithDeadline(c.conn, d)
}

func (c *connTransport) Discard() { discardPending(c.conn) }

func (c *connTransport) Close() error { return c.conn.Close() }

// deviceTransport is a printer device file such as /dev/usb/lp0. USB printer-class
// devices often return no status; then status requests end with ErrNoStatus.
type deviceTransport struct{ f *os.File }

// OpenDevice opens a printer device file for reading and writing (or writing only, if
// the device refuses reads).
func OpenDevice(path string) (Transport, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if f, err = os.OpenFile(path, os.O_WRONLY, 0); err != nil {
			return nil, fmt.Errorf("open printer %s: %w: %w", path, ErrTransport, err)
		}
	}
	return &deviceTransport{f: f}, nil
}

func (t *deviceTransport) Write(b []byte) (int, error) {
	n, err := t.f.Write(b)
	if err != nil {
		return n, fmt.Errorf("%w: %w", ErrTransport, err)
	}
	return n, nil
}

func (t *deviceTransport) ReadStatus(d time.Duration) (byte, error) {
	return readWithDeadline(t.f, d)
}

func (t *deviceTransport) Discard() { discardPending(t.f) }

func (t *deviceTransport) Close() error { return t.f.Close() }

// deadlineReader is a stream that supports read deadlines (net.Conn, pollable files).
type deadlineReader interface {
	io.Reader
	SetReadDeadline(time.Time) error
}

// readWithDeadline reads one byte within d. A stream that cannot time out (a
// non-pollable device file) cannot report status: ErrNoStatus, without blocking.
func readWithDeadline(r deadlineReader, d time.Duration) (byte, error) {
	if err := r.SetReadDeadline(time.Now().Add(d)); err != nil {
		return 0, fmt.Errorf("%w: device cannot time out a read: %v", ErrNoStatus, err)
	}
	var b [1]byte
	_, err := io.ReadFull(r, b[:])
	switch {
	case err == nil:
		return b[0], nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		return 0, ErrNoStatus
	default:
		return 0, fmt.Errorf("%w: %w", ErrTransport, err)
	}
}

// discardPending reads whatever is already waiting, without waiting for more.
func discardPending(r deadlineReader) {
	var buf [256]byte
	for {
		if r.SetReadDeadline(time.Now().Add(time.Millisecond)) != nil {
			return
		}
		if n, err := r.Read(buf[:]); n == 0 || err != nil {
			return
		}
	}
}
