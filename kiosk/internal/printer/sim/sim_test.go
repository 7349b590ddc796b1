package sim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"onedoor/kiosk/internal/printer"
)

// stream is a one-way ESC/POS stream with a buffer for the printer's replies.
type stream struct {
	io.Reader
	replies bytes.Buffer
}

func (s *stream) Write(b []byte) (int, error) { return s.replies.Write(b) }

func run(t *testing.T, s *Sim, data []byte) []byte {
	t.Helper()
	st := &stream{Reader: bytes.NewReader(data)}
	if err := s.Serve(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return st.replies.Bytes()
}

func statusVectors(t *testing.T) map[string]byte {
	t.Helper()
	f, err := os.Open("../testdata/escpos-status.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]byte{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "\t")
		if b, err := hex.DecodeString(v); ok && err == nil && len(b) == 1 {
			out[k] = b[0]
		}
	}
	return out
}

func TestStatusReplies(t *testing.T) {
	v := statusVectors(t)
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	ask := append(append(printer.StatusRequest(1), printer.StatusRequest(2)...), printer.StatusRequest(4)...)
	for _, tc := range []struct {
		cmd  string
		want []string // replies to DLE EOT 1, 2, 4
	}{
		{"paper ok", []string{"rep_printer_online", "rep_offline_none", "rep_paper_ok"}},
		{"paper low", []string{"rep_printer_online", "rep_offline_none", "rep_paper_near_end"}},
		{"paper out", []string{"rep_printer_offline", "rep_offline_paper_end_stop", "rep_paper_out_and_near_end"}},
		{"paper ok", []string{"rep_printer_online", "rep_offline_none", "rep_paper_ok"}},
		{"cover open", []string{"rep_printer_offline", "rep_offline_cover_open", "rep_paper_ok"}},
	} {
		if _, err := s.Exec(tc.cmd); err != nil {
			t.Fatal(err)
		}
		got := run(t, s, ask)
		want := []byte{v[tc.want[0]], v[tc.want[1]], v[tc.want[2]]}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: replies % X, want % X", tc.cmd, got, want)
		}
	}
	if _, err := s.Exec("fly"); err == nil {
		t.Error("unknown command accepted")
	}
}

// TestTextTicketVector prints the protocol notes' text ticket (firmware text and a
// GS ( k QR code, no raster) and reads the QR code back from the image.
func TestTextTicketVector(t *testing.T) {
	data, err := os.ReadFile("../testdata/escpos-ticket.bin")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s, err := New(Config{OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	run(t, s, data)
	printed := s.Printed()
	if len(printed) != 1 || printed[0].Image.Rect.Dx() != printer.Width80mm || printed[0].Image.Rect.Dy() < 300 {
		t.Fatalf("printed %d tickets", len(printed))
	}
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("zbarimg not found (Debian zbar-tools): `make deps` should have installed it")
		}
		t.Skip("zbarimg not found; install Debian package zbar-tools")
	}
	out, err := exec.Command(zbar, "-q", "--raw", printed[0].Path).Output()
	if err != nil || strings.TrimSpace(string(out)) != "https://example.gov.cn/q?t=A023" {
		t.Errorf("QR code reads %q (%v)", out, err)
	}
}

func TestTicketCutWhilePaperOutIsLost(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	var e printer.Encoder
	e.Init()
	e.Raster(printer.NewBitmap(printer.Width80mm, 10), 0)
	e.FeedAndCut(true, 0)
	s.SetPaper(true, false)
	run(t, s, e.Bytes())
	s.SetPaper(false, false)
	run(t, s, e.Bytes())
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := s.WaitPrinted(ctx, 1); err != nil || s.Lost() != 1 || len(s.Printed()) != 1 {
		t.Errorf("printed %d, lost %d, %v", len(s.Printed()), s.Lost(), err)
	}
	short, cancelShort := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancelShort()
	if _, err := s.WaitPrinted(short, 2); err == nil {
		t.Error("a second ticket appeared")
	}
}

func TestGarbageDoesNotCrash(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range [][]byte{
		{0x1D, 0x76, 0x30, 0x00, 0xFF, 0xFF, 0xFF, 0xFF}, // a huge raster header
		{0x1D, 0x76, 0x31}, // not GS v 0
		{0x1D, 0x28, 0x6B, 0x05, 0x00, 0x31, 0x50, 0x30}, // cut short
		{0x1B, 0x99, 0x1C, 0x99, 0x1D, 0x99, 0x10},
	} {
		st := &stream{Reader: bytes.NewReader(data)}
		_ = s.Serve(context.Background(), st) // an error or a clean end, never a panic
	}
}
