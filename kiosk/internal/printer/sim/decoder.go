package sim

import (
	"bufio"
	"fmt"
	"image"
	"image/draw"
	"io"

	"golang.org/x/text/encoding/simplifiedchinese"

	"onedoor/kiosk/internal/printer"
)

// lineDots is the default line spacing (ESC 2): about 1/6 inch at 203 dpi.
const lineDots = 32

// maxRaster bounds one GS v 0 image, so a corrupt header cannot exhaust memory.
const maxRaster = 4 << 20

// decoder interprets one ESC/POS stream.
type decoder struct {
	sim *Sim
	in  *bufio.Reader
	out io.Writer

	// Print modes.
	align      printer.Alignment
	magW, magH int
	bold       bool
	spacing    int
	qrModule   int
	qrData     []byte

	text  []byte        // the line buffer (GB18030 bytes)
	paper []*image.Gray // the ticket so far, strip by strip
}

func newDecoder(s *Sim, rw io.ReadWriter) *decoder {
	d := &decoder{sim: s, in: bufio.NewReaderSize(rw, 64<<10), out: rw}
	d.reset()
	return d
}

func (d *decoder) reset() {
	d.align, d.magW, d.magH, d.bold, d.spacing, d.qrModule = printer.AlignLeft, 1, 1, false, lineDots, 3
	d.text = d.text[:0]
}

// run decodes commands until the stream fails.
func (d *decoder) run() error {
	for {
		c, err := d.in.ReadByte()
		if err != nil {
			return err
		}
		switch c {
		case 0x10:
			err = d.dle()
		case 0x1B:
			err = d.esc()
		case 0x1C:
			err = d.fs()
		case 0x1D:
			err = d.gs()
		case 0x0A:
			d.printLine()
		case 0x0D, 0x00:
		default:
			if c >= 0x20 {
				d.text = append(d.text, c)
			}
		}
		if err != nil {
			return err
		}
	}
}

// args reads n argument bytes.
func (d *decoder) args(n int) ([]byte, error) {
	b := make([]byte, n)
	_, err := io.ReadFull(d.in, b)
	return b, err
}

func (d *decoder) arg() (byte, error) { return d.in.ReadByte() }

// dle handles the real-time commands; DLE EOT n is answered at once.
func (d *decoder) dle() error {
	a, err := d.args(2)
	if err != nil {
		return err
	}
	if a[0] == 0x04 {
		_, err = d.out.Write([]byte{d.sim.statusByte(a[1])})
	}
	return err
}

func (d *decoder) esc() error {
	c, err := d.arg()
	if err != nil {
		return err
	}
	switch c {
	case '@':
		d.reset()
		return nil
	case '2':
		d.spacing = lineDots
		return nil
	case 'a', 'E', 'd', 'J', '3', '!', 'M', 't', 'G', '-', 'R', 'V', '{', 'c', 'p':
	default:
		d.sim.log.Debug("unknown command", "esc", fmt.Sprintf("%02X", c))
		return nil
	}
	n, err := d.arg()
	if err != nil {
		return err
	}
	switch c {
	case 'a':
		d.align = printer.Alignment(n % 48)
	case 'E':
		d.bold = n&1 != 0
	case 'd':
		d.printLine()
		d.feed(int(n) * d.spacing)
	case 'J':
		d.printLine()
		d.feed(int(n))
	case '3':
		d.spacing = int(n)
	case 'c': // ESC c 3/4/5 n
		_, err = d.arg()
	case 'p': // ESC p m t1 t2: drawer kick
		_, err = d.args(2)
	}
	return err
}

func (d *decoder) fs() error {
	c, err := d.arg()
	if err != nil {
		return err
	}
	switch c {
	case '&', '.':
	case '!', 'W', 'C', '-':
		_, err = d.arg()
	default:
		d.sim.log.Debug("unknown command", "fs", fmt.Sprintf("%02X", c))
	}
	return err
}

func (d *decoder) gs() error {
	c, err := d.arg()
	if err != nil {
		return err
	}
	switch c {
	case '!':
		n, err := d.arg()
		d.magW, d.magH = int(n>>4)+1, int(n&0x0F)+1
		return err
	case 'v':
		return d.raster()
	case '(':
		return d.gsParen()
	case 'V':
		return d.cut()
	case 'r': // transmit status: paper present 00, out 0F
		if _, err := d.arg(); err != nil {
			return err
		}
		reply := byte(0)
		if d.sim.statusByte(4)&0x60 != 0 {
			reply = 0x0F
		}
		_, err := d.out.Write([]byte{reply})
		return err
	case 'a', 'h', 'w', 'H', 'f', 'B', 'b':
		_, err = d.arg()
	case 'L', 'W':
		_, err = d.args(2)
	default:
		d.sim.log.Debug("unknown command", "gs", fmt.Sprintf("%02X", c))
	}
	return err
}

// raster reads GS v 0 m xL xH yL yH d… and adds the image to the paper.
func (d *decoder) raster() error {
	h, err := d.args(6)
	if err != nil {
		return err
	}
	if h[0] != '0' {
		return fmt.Errorf("printer simulator: GS v %02X is not GS v 0", h[0])
	}
	stride, rows := int(h[2])|int(h[3])<<8, int(h[4])|int(h[5])<<8
	if stride*rows > maxRaster {
		return fmt.Errorf("printer simulator: raster of %d×%d bytes", stride, rows)
	}
	data, err := d.args(stride * rows)
	if err != nil {
		return err
	}
	bm := &printer.Bitmap{Width: stride * 8, Height: rows, Stride: stride, Pix: data}
	d.place(bm.Gray())
	return nil
}

// gsParen handles GS ( k, the QR code functions; other GS ( functions are skipped.
func (d *decoder) gsParen() error {
	h, err := d.args(3)
	if err != nil {
		return err
	}
	body, err := d.args(int(h[1]) | int(h[2])<<8)
	if err != nil || h[0] != 'k' || len(body) < 2 || body[0] != 49 {
		return err
	}
	switch body[1] {
	case 67: // module size
		if len(body) >= 3 {
			d.qrModule = max(1, int(body[2]))
		}
	case 80: // store
		d.qrData = append(d.qrData[:0], body[3:]...)
	case 81: // print
		d.printLine()
		img, err := printer.QRImage(string(d.qrData), d.qrModule, d.sim.cfg.Width, d.align)
		if err != nil {
			d.sim.log.Warn("QR code not printable", "err", err)
			return nil
		}
		d.place(img)
	}
	return nil
}

// cut reads GS V m [n] and finishes the ticket.
func (d *decoder) cut() error {
	m, err := d.arg()
	if err != nil {
		return err
	}
	if m == 65 || m == 66 {
		if _, err := d.arg(); err != nil {
			return err
		}
	}
	d.printLine()
	if len(d.paper) == 0 {
		return nil
	}
	img := d.assemble()
	d.paper = nil
	return d.sim.finish(img)
}

// printLine prints the line buffer (an empty buffer feeds one line).
func (d *decoder) printLine() {
	if len(d.text) == 0 {
		return
	}
	s, err := simplifiedchinese.GB18030.NewDecoder().Bytes(d.text)
	d.text = d.text[:0]
	if err != nil {
		d.sim.log.Warn("text not GB18030", "err", err)
		return
	}
	d.place(d.sim.renderer.RenderLine(string(s), 24*d.magH, d.align, d.bold))
	d.feed(max(0, d.spacing-24*d.magH))
}

// feed adds n white rows.
func (d *decoder) feed(n int) {
	if n > 0 {
		img := image.NewGray(image.Rect(0, 0, d.sim.cfg.Width, n))
		for i := range img.Pix {
			img.Pix[i] = 0xFF
		}
		d.paper = append(d.paper, img)
	}
}

// place adds a strip to the paper; one narrower than the paper is placed by the
// current alignment.
func (d *decoder) place(img *image.Gray) {
	w := d.sim.cfg.Width
	if dx := img.Rect.Dx(); dx < w {
		x := 0
		switch d.align {
		case printer.AlignCenter:
			x = (w - dx) / 2
		case printer.AlignRight:
			x = w - dx
		}
		strip := image.NewGray(image.Rect(0, 0, w, img.Rect.Dy()))
		for i := range strip.Pix {
			strip.Pix[i] = 0xFF
		}
		draw.Draw(strip, img.Rect.Add(image.Pt(x, 0)), img, img.Rect.Min, draw.Src)
		img = strip
	}
	d.paper = append(d.paper, img)
}

// assemble stacks the strips into one image as wide as the paper.
func (d *decoder) assemble() *image.Gray {
	h := 0
	for _, p := range d.paper {
		h += p.Rect.Dy()
	}
	out := image.NewGray(image.Rect(0, 0, d.sim.cfg.Width, h))
	for i := range out.Pix {
		out.Pix[i] = 0xFF
	}
	y := 0
	for _, p := range d.paper {
		r := image.Rect(0, y, d.sim.cfg.Width, y+p.Rect.Dy())
		draw.Draw(out, r, p, p.Rect.Min, draw.Src)
		y += p.Rect.Dy()
	}
	return out
}
