package printer

import (
	"errors"
	"fmt"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Control bytes.
const (
	esc = 0x1B
	gs  = 0x1D
	fs  = 0x1C
	dle = 0x10
	eot = 0x04
	lf  = 0x0A
)

// Alignment is the ESC a justification.
type Alignment byte

// The alignments.
const (
	AlignLeft   Alignment = 0
	AlignCenter Alignment = 1
	AlignRight  Alignment = 2
)

// QRLevel is a QR error-correction level as GS ( k function 169 takes it.
type QRLevel byte

// The QR levels, L (7 %) to H (30 %).
const (
	QRLevelL QRLevel = 48
	QRLevelM QRLevel = 49
	QRLevelQ QRLevel = 50
	QRLevelH QRLevel = 51
)

// ErrEncode is wrapped by the errors an Encoder records.
var ErrEncode = errors.New("printer: cannot encode")

// Encoder builds an ESC/POS byte stream. Methods append one command each; the first
// invalid argument is recorded and returned by Err (like bufio.Writer), so a ticket
// can be written as a plain sequence of calls.
type Encoder struct {
	buf []byte
	err error
}

// Bytes returns the stream built so far.
func (e *Encoder) Bytes() []byte { return e.buf }

// Err returns the first error recorded, or nil.
func (e *Encoder) Err() error { return e.err }

// Reset empties the encoder for reuse, keeping its buffer.
func (e *Encoder) Reset() { e.buf, e.err = e.buf[:0], nil }

func (e *Encoder) fail(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf("%w: "+format, append([]any{ErrEncode}, args...)...)
	}
}

// Init (ESC @) clears the printer's buffer and modes.
func (e *Encoder) Init() { e.buf = append(e.buf, esc, '@') }

// ChineseMode turns the two-byte character mode on (FS &) or off (FS .).
func (e *Encoder) ChineseMode(on bool) {
	if on {
		e.buf = append(e.buf, fs, '&')
	} else {
		e.buf = append(e.buf, fs, '.')
	}
}

// Align (ESC a n) sets the justification; it takes effect at the start of a line.
func (e *Encoder) Align(a Alignment) {
	if a > AlignRight {
		e.fail("alignment %d", a)
		return
	}
	e.buf = append(e.buf, esc, 'a', byte(a))
}

// CharSize (GS ! n) sets the character magnification, 1 to 8 in each direction.
func (e *Encoder) CharSize(width, height int) {
	if width < 1 || width > 8 || height < 1 || height > 8 {
		e.fail("character size %d×%d", width, height)
		return
	}
	e.buf = append(e.buf, gs, '!', byte(width-1)<<4|byte(height-1))
}

// Bold (ESC E n) turns emphasis on or off.
func (e *Encoder) Bold(on bool) {
	var n byte
	if on {
		n = 1
	}
	e.buf = append(e.buf, esc, 'E', n)
}

// Text appends s in GB18030, for printers in Chinese mode. Firmware fonts hold only the
// two-byte areas, so a character that needs four bytes (rare name characters) is an
// error here; tickets avoid the problem by printing raster images.
func (e *Encoder) Text(s string) {
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		e.fail("text: %v", err)
		return
	}
	for i := 0; i < len(b); i++ {
		if c := b[i]; c >= 0x81 && c <= 0xFE && i+1 < len(b) {
			if n := b[i+1]; n >= 0x30 && n <= 0x39 {
				e.fail("text: a character needs a four-byte GB18030 code that printer fonts lack")
				return
			}
			i++
		}
	}
	e.buf = append(e.buf, b...)
}

// LF prints the line buffer and feeds one line.
func (e *Encoder) LF() { e.buf = append(e.buf, lf) }

// Feed (ESC d n) prints the buffer and feeds n lines.
func (e *Encoder) Feed(lines int) {
	if lines < 0 || lines > 255 {
		e.fail("feed %d lines", lines)
		return
	}
	e.buf = append(e.buf, esc, 'd', byte(lines))
}

// QR stores data and prints it as a model 2 QR code with the printer's own encoder
// (GS ( k, functions 165, 167, 169, 180, 181). module is the size of a module in dots
// (1–16). Printers without GS ( k print nothing, which is one reason tickets are raster.
func (e *Encoder) QR(data string, module int, level QRLevel) {
	if module < 1 || module > 16 || level < QRLevelL || level > QRLevelH || len(data) == 0 || len(data) > 7089 {
		e.fail("QR code: module %d, level %d, %d bytes", module, level, len(data))
		return
	}
	e.buf = append(e.buf, gs, '(', 'k', 4, 0, 49, 65, 50, 0) // fn165: model 2
	e.buf = append(e.buf, gs, '(', 'k', 3, 0, 49, 67, byte(module))
	e.buf = append(e.buf, gs, '(', 'k', 3, 0, 49, 69, byte(level))
	n := len(data) + 3
	e.buf = append(e.buf, gs, '(', 'k', byte(n), byte(n>>8), 49, 80, 48)
	e.buf = append(e.buf, data...)
	e.buf = append(e.buf, gs, '(', 'k', 3, 0, 49, 81, 48) // fn181: print
}

// Cut (GS V m) cuts the paper where it is: full or partial.
func (e *Encoder) Cut(partial bool) {
	m := byte(0)
	if partial {
		m = 1
	}
	e.buf = append(e.buf, gs, 'V', m)
}

// FeedAndCut (GS V 65/66 n) feeds n dots past the cutter position, then cuts: full
// (65) or partial (66). Many kiosk printers only cut partially, whatever is asked.
func (e *Encoder) FeedAndCut(partial bool, n byte) {
	m := byte(65)
	if partial {
		m = 66
	}
	e.buf = append(e.buf, gs, 'V', m, n)
}

// StatusRequest returns the real-time status request DLE EOT n (n = 1 printer,
// 2 offline cause, 3 error cause, 4 roll paper).
func StatusRequest(n byte) []byte { return []byte{dle, eot, n} }
