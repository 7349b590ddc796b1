package desk

import (
	"bytes"
	"context"
	"errors"
	"image"
	"os/exec"
	"testing"

	"github.com/go-pdf/fpdf"
)

// TestPagerUsesTheProcessStartedAhead: a page comes from the pdftoppm prepared for its
// resolution; another resolution gets a pdftoppm of its own; Close stops the one
// waiting, and a cancelled wait kills the one rendering.
func TestPagerUsesTheProcessStartedAhead(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("needs pdftoppm (poppler-utils)")
	}
	pdf := onePagePDF(t)
	ctx := context.Background()
	pg := &Pager{}
	defer pg.Close()

	pg.Prepare(72)
	ahead := pg.waiting()
	if ahead == nil || ahead.dpi != 72 || ahead.startError != nil {
		t.Fatalf("Prepare started no pdftoppm: %+v", ahead)
	}
	img, err := pg.Page(ctx, pdf, 72)
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, img, image.Pt(596, 842))
	if ahead.cmd.ProcessState == nil || !ahead.cmd.ProcessState.Success() {
		t.Fatal("the page did not come from the pdftoppm started ahead")
	}

	pg.Prepare(72)
	img, err = pg.Page(ctx, pdf, 144)
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, img, image.Pt(1191, 1684))

	if _, err := pg.Page(ctx, []byte("not a pdf"), 72); err == nil {
		t.Fatal("no error for bytes that are not a PDF")
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := pg.Page(cancelled, pdf, 72); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled page: %v, want context.Canceled", err)
	}

	pg.Prepare(96)
	waiting := pg.waiting()
	pg.Close()
	if waiting.cmd.ProcessState == nil {
		t.Fatal("Close left the waiting pdftoppm running")
	}
	if _, err := pg.Page(ctx, pdf, 96); !errors.Is(err, ErrPagerClosed) {
		t.Fatalf("a page after Close: %v, want ErrPagerClosed", err)
	}
}

// waiting is the pdftoppm started ahead, if any.
func (pg *Pager) waiting() *pdftoppm {
	pg.mu.Lock()
	defer pg.mu.Unlock()
	return pg.ready
}

// TestPageFromARealPDF renders a page with the real pdftoppm, started for it (nothing
// prepared ahead): A4 at 72 dpi is 596×842 (the size follows the dpi), and the page is
// not blank.
func TestPageFromARealPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("needs pdftoppm (poppler-utils)")
	}
	pdf := onePagePDF(t)
	pg := &Pager{}
	defer pg.Close()
	for _, tc := range []struct {
		dpi  int
		size image.Point
	}{{72, image.Pt(596, 842)}, {144, image.Pt(1191, 1684)}} {
		img, err := pg.Page(context.Background(), pdf, tc.dpi)
		if err != nil {
			t.Fatal(err)
		}
		checkPage(t, img, tc.size)
	}
	if _, err := pg.Page(context.Background(), []byte("not a pdf"), 72); err == nil {
		t.Fatal("no error for bytes that are not a PDF")
	}
}

// onePagePDF is an A4 page with a word on it.
func onePagePDF(t *testing.T) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	f.AddPage()
	f.SetFont("Helvetica", "", 24)
	f.Text(20, 40, "onedoor")
	var pdf bytes.Buffer
	if err := f.Output(&pdf); err != nil {
		t.Fatal(err)
	}
	return pdf.Bytes()
}

// checkPage fails unless img is size and not blank.
func checkPage(t *testing.T, img image.Image, size image.Point) {
	t.Helper()
	if got := img.Bounds().Size(); got != size {
		t.Fatalf("page of %v, want %v", got, size)
	}
	dark := 0
	rgba := img.(*image.RGBA)
	for i := 0; i < len(rgba.Pix); i += 4 {
		if rgba.Pix[i] < 128 {
			dark++
		}
	}
	if dark == 0 {
		t.Fatal("a blank page")
	}
}
