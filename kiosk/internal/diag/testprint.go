package diag

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"log/slog"
	"os"
	"time"

	"onedoor/kiosk/internal/printer"
)

// TestPrint implements `kiosk test-print -port PATH | -tcp HOST:PORT | -device PATH`:
// it reads the printer's status, reports a fault (paper out, cover open…) and
// otherwise prints a sample ticket.
func TestPrint(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlags("test-print", "-port PATH | -tcp HOST[:PORT] | -device PATH [flags]", stdio.Err)
	port := fs.String("port", "", "serial port of the printer, e.g. /dev/ttyUSB1")
	tcp := fs.String("tcp", "", "network printer, host or host:port (port 9100 by default)")
	device := fs.String("device", "", "printer device file, e.g. /dev/usb/lp0")
	baud := fs.Int("baud", 115200, "serial speed")
	paper := fs.Int("paper", 80, "paper width in mm: 80 (576 dots) or 58 (384 dots)")
	url := fs.String("url", "https://example.gov.cn/q?t=T001", "URL for the sample ticket's QR code")
	noStatus := fs.Bool("no-status", false, "print even if the printer does not answer status requests (USB printer-class devices)")
	preview := fs.String("preview", "", "also save the ticket as a PNG file here")
	timeout := fs.Duration("timeout", 15*time.Second, "give up after this long")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	open, where, code := printerOpener(fs, *port, *tcp, *device, *baud)
	if open == nil {
		return code
	}
	width := map[int]int{80: printer.Width80mm, 58: printer.Width58mm}[*paper]
	if width == 0 {
		return usageError(fs, "-paper must be 80 or 58")
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stdio.Err, "test-print: "+format+"\n", a...)
		return ExitFault
	}
	p, err := printer.New(printer.Config{Open: open, Width: width, IgnoreMissingStatus: *noStatus,
		Logger: slog.New(slog.NewTextHandler(stdio.Err, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		return fail("%v", err)
	}
	defer p.Close()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	st, err := p.Status(ctx)
	switch {
	case errors.Is(err, printer.ErrNoStatus) && *noStatus:
		fmt.Fprintf(stdio.Out, "printer on %s gives no status; printing anyway\n", where)
	case err != nil:
		return fail("%s", explainPrinter(err, where))
	default:
		fmt.Fprintf(stdio.Out, "printer on %s: %s (status bytes % X)\n", where, describe(st), st.Raw)
		if err := st.Err(); err != nil {
			return fail("%s", explainPrinter(err, where))
		}
	}
	tk := SampleTicket(*url, time.Now())
	if *preview != "" {
		if err := savePreview(p, tk, *preview); err != nil {
			return fail("preview: %v", err)
		}
	}
	if err := p.Print(ctx, tk); err != nil {
		return fail("%s", explainPrinter(err, where))
	}
	fmt.Fprintf(stdio.Out, "sample ticket %s sent to %s (%d dots wide)\n", tk.Number, where, width)
	return ExitOK
}

// SampleTicket is the ticket test-print prints: a fictional centre and matter.
func SampleTicket(url string, now time.Time) printer.Ticket {
	return printer.Ticket{
		Center:   "示例市政务服务中心 · 打印测试",
		Number:   "T001",
		Item:     "打印机测试 Printer test",
		Ahead:    3,
		Wait:     12 * time.Minute,
		Issued:   now,
		TrackURL: url,
		Note:     "这是一张测试凭条。若号码、中文与二维码都清晰，打印机即可使用。This is a test ticket.",
	}
}

// printerOpener checks that exactly one of the three places is given and returns how
// to open it and a name for messages; on a usage error open is nil.
func printerOpener(fs *flag.FlagSet, port, tcp, device string, baud int) (open func(context.Context) (printer.Transport, error), where string, code int) {
	n := 0
	for _, s := range []string{port, tcp, device} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		return nil, "", usageError(fs, "give exactly one of -port, -tcp and -device")
	}
	switch {
	case port != "":
		return func(context.Context) (printer.Transport, error) { return printer.OpenSerial(port, baud) }, port, 0
	case tcp != "":
		return func(ctx context.Context) (printer.Transport, error) { return printer.DialTCP(ctx, tcp) }, tcp, 0
	default:
		return func(context.Context) (printer.Transport, error) { return printer.OpenDevice(device) }, device, 0
	}
}

// describe says what a healthy-looking status shows.
func describe(s printer.Status) string {
	if err := s.Err(); err != nil {
		return err.Error()
	}
	if s.PaperNearEnd {
		return "ready, paper near its end"
	}
	return "ready"
}

// explainPrinter turns a printer error into a sentence an installer can act on.
func explainPrinter(err error, where string) string {
	switch {
	case errors.Is(err, printer.ErrPaperOut):
		return fmt.Sprintf("out of paper: load a roll and close the cover (%v)", err)
	case errors.Is(err, printer.ErrCoverOpen):
		return fmt.Sprintf("the cover is open: close it (%v)", err)
	case errors.Is(err, printer.ErrNoStatus):
		return fmt.Sprintf("no status reply from %s: is the printer on, the port and speed right? "+
			"(USB printer-class devices may never answer: try -no-status) (%v)", where, err)
	case errors.Is(err, printer.ErrTransport):
		return fmt.Sprintf("cannot reach the printer at %s: %v", where, err)
	}
	return err.Error()
}

// savePreview writes the ticket as the printer would print it.
func savePreview(p *printer.Printer, tk printer.Ticket, path string) error {
	page, err := p.Renderer().Render(tk)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, printer.FromGray(page.Image, 128).Gray()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
