package printer_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onedoor/internal/testkit"
	"onedoor/kiosk/internal/diag/vport"
	"onedoor/kiosk/internal/printer"
	"onedoor/kiosk/internal/printer/sim"
)

func sampleTicket() printer.Ticket {
	return printer.Ticket{
		Center:   "示例市政务服务中心",
		Number:   "B107",
		Item:     "不动产登记 · 抵押注销",
		Ahead:    3,
		Wait:     9 * time.Minute,
		Issued:   time.Date(2025, 3, 4, 14, 5, 0, 0, time.FixedZone("CST", 8*3600)),
		TrackURL: "https://q.example.gov.cn/t/7Kx2-B107",
		Note:     "请携带：不动产权证书、身份证原件。",
	}
}

// decodeQR runs zbarimg on a PNG and returns the text of the one code in it.
func decodeQR(t *testing.T, png string) string {
	t.Helper()
	zbar := testkit.NeedTool(t, "zbarimg", "zbar-tools")
	out, err := exec.Command(zbar, "-q", "--raw", png).Output()
	if err != nil {
		t.Fatalf("zbarimg %s: %v", png, err)
	}
	return strings.TrimRight(string(out), "\n")
}

// plug serves a simulated printer on a new pseudo-terminal at link.
func plug(t *testing.T, s *sim.Sim, link string) (unplug func()) {
	t.Helper()
	vp, err := vport.Open(link)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Serve(ctx, vp) }()
	unplug = func() { cancel(); <-done; _ = vp.Close() }
	t.Cleanup(unplug)
	return unplug
}

func newSim(t *testing.T, width int) *sim.Sim {
	t.Helper()
	s, err := sim.New(sim.Config{Width: width, OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func serialPrinter(t *testing.T, path string, width int) *printer.Printer {
	t.Helper()
	p, err := printer.New(printer.Config{Width: width, Open: func(context.Context) (printer.Transport, error) {
		return printer.OpenSerial(path, 115200)
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// checkPrinted compares the ticket that came out with the one rendered, dot for dot,
// and decodes its QR code.
func checkPrinted(t *testing.T, p *printer.Printer, got sim.Printed, tk printer.Ticket) {
	t.Helper()
	page, err := p.Renderer().Render(tk)
	if err != nil {
		t.Fatal(err)
	}
	want := printer.FromGray(page.Image, 128)
	out := printer.FromGray(got.Image, 128)
	if out.Width != want.Width || out.Height < want.Height {
		t.Fatalf("printed %d×%d, rendered %d×%d", out.Width, out.Height, want.Width, want.Height)
	}
	if !bytes.Equal(out.Pix[:len(want.Pix)], want.Pix) {
		t.Errorf("the printed ticket differs from the rendered one")
	}
	if n := countInk(out, image.Rect(0, want.Height, out.Width, out.Height)); n != 0 {
		t.Errorf("%d dots of ink below the ticket (in the feed before the cut)", n)
	}
	// The number and the Chinese lines are there: their areas carry ink in the print.
	for _, name := range []string{"center", "number", "item", "ahead", "note"} {
		a := page.Areas[name]
		if countInk(out, a) < a.Dx()*a.Dy()/50 {
			t.Errorf("%s area %v is (almost) blank in the print", name, a)
		}
	}
	if url := decodeQR(t, got.Path); url != tk.TrackURL {
		t.Errorf("QR code reads %q, want %q", url, tk.TrackURL)
	}
}

func countInk(b *printer.Bitmap, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if b.Black(x, y) {
				n++
			}
		}
	}
	return n
}

func TestPrintOverPTY(t *testing.T) {
	for _, width := range []int{printer.Width80mm, printer.Width58mm} {
		s := newSim(t, width)
		link := filepath.Join(t.TempDir(), "ttyPRINTER")
		plug(t, s, link)
		p := serialPrinter(t, link, width)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		tk := sampleTicket()
		if err := p.Print(ctx, tk); err != nil {
			t.Fatal(err)
		}
		got, err := s.WaitPrinted(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		checkPrinted(t, p, got, tk)
		if keep := os.Getenv("TICKET_PNG_DIR"); keep != "" {
			b, _ := os.ReadFile(got.Path)
			_ = os.WriteFile(filepath.Join(keep, filepath.Base(link)+"-"+strings.TrimSuffix(filepath.Base(got.Path), ".png")+map[int]string{576: "-80mm", 384: "-58mm"}[width]+".png"), b, 0o644)
		}
	}
}

func TestFaultsReportedBeforePrinting(t *testing.T) {
	s := newSim(t, printer.Width80mm)
	link := filepath.Join(t.TempDir(), "ttyPRINTER")
	plug(t, s, link)
	p := serialPrinter(t, link, printer.Width80mm)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, tc := range []struct {
		set  string
		want error
	}{
		{"paper out", printer.ErrPaperOut},
		{"cover open", printer.ErrCoverOpen},
		{"offline", printer.ErrOffline},
	} {
		if _, err := s.Exec(tc.set); err != nil {
			t.Fatal(err)
		}
		err := p.Print(ctx, sampleTicket())
		var fe *printer.FaultError
		if !errors.Is(err, tc.want) || !errors.As(err, &fe) {
			t.Errorf("%s: Print = %v, want a FaultError matching %v", tc.set, err, tc.want)
		}
		if n := len(s.Printed()); n != 0 || s.Lost() != 0 {
			t.Errorf("%s: the ticket was sent anyway (%d printed, %d lost)", tc.set, n, s.Lost())
		}
		for _, reset := range []string{"paper ok", "cover close", "online"} {
			if _, err := s.Exec(reset); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Paper near its end is a warning: the ticket prints.
	s.SetPaper(false, true)
	st, err := p.Status(ctx)
	if err != nil || !st.PaperNearEnd || st.Err() != nil {
		t.Fatalf("status %+v, %v", st, err)
	}
	if err := p.Print(ctx, sampleTicket()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WaitPrinted(ctx, 1); err != nil {
		t.Fatal(err)
	}
}

func TestPrintOverTCP(t *testing.T) {
	s := newSim(t, printer.Width80mm)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.ServeTCP(ctx, ln) }()
	p, err := printer.New(printer.Config{Open: func(ctx context.Context) (printer.Transport, error) {
		return printer.DialTCP(ctx, ln.Addr().String())
	}})
	if err != nil {
		t.Fatal(err)
	}
	tk := sampleTicket()
	for i := 1; i <= 2; i++ {
		tk.Number = []string{"", "C001", "C002"}[i]
		if err := p.Print(ctx, tk); err != nil {
			t.Fatal(err)
		}
		got, err := s.WaitPrinted(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		checkPrinted(t, p, got, tk)
	}
	p.Close()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("ServeTCP ended with %v", err)
	}
}

func TestDeviceFiles(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	t.Run("tty device answers status", func(t *testing.T) {
		s := newSim(t, printer.Width58mm)
		link := filepath.Join(t.TempDir(), "lp0")
		plug(t, s, link)
		p, err := printer.New(printer.Config{Width: printer.Width58mm, Open: func(context.Context) (printer.Transport, error) {
			return printer.OpenDevice(link)
		}})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		s.SetPaper(true, true)
		if err := p.Print(ctx, sampleTicket()); !errors.Is(err, printer.ErrPaperOut) {
			t.Fatalf("paper out over a device file: %v", err)
		}
	})
	t.Run("device without status", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "capture.bin")
		if err := os.WriteFile(file, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		open := func(context.Context) (printer.Transport, error) { return printer.OpenDevice(file) }
		strict, _ := printer.New(printer.Config{Open: open, StatusTimeout: 20 * time.Millisecond})
		defer strict.Close()
		if err := strict.Print(ctx, sampleTicket()); !errors.Is(err, printer.ErrNoStatus) {
			t.Fatalf("no status: %v, want ErrNoStatus", err)
		}
		lenient, _ := printer.New(printer.Config{Open: open, StatusTimeout: 20 * time.Millisecond, IgnoreMissingStatus: true})
		defer lenient.Close()
		if err := lenient.Print(ctx, sampleTicket()); err != nil {
			t.Fatal(err)
		}
		// What went to the file is the ticket, as a printer would read it.
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		s := newSim(t, printer.Width80mm)
		if err := s.Serve(ctx, struct {
			io.Reader
			io.Writer
		}{bytes.NewReader(data), io.Discard}); err != nil {
			t.Fatal(err)
		}
		got, err := s.WaitPrinted(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		checkPrinted(t, lenient, got, sampleTicket())
	})
}

func TestPrinterReconnectsAfterUnplug(t *testing.T) {
	s := newSim(t, printer.Width80mm)
	link := filepath.Join(t.TempDir(), "ttyPRINTER")
	unplug := plug(t, s, link)
	p := serialPrinter(t, link, printer.Width80mm)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := p.Status(ctx); err != nil {
		t.Fatal(err)
	}
	unplug()
	if _, err := p.Status(ctx); !errors.Is(err, printer.ErrTransport) {
		t.Fatalf("status with the cable out: %v, want ErrTransport", err)
	}
	plug(t, s, link)
	if err := p.Print(ctx, sampleTicket()); err != nil {
		t.Fatalf("after replug: %v", err)
	}
	if _, err := s.WaitPrinted(ctx, 1); err != nil {
		t.Fatal(err)
	}
}
