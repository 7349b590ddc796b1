package desk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os/exec"
	"sync"
	"time"
)

// Pager renders the first page of PDFs with pdftoppm (poppler-utils): the PDF goes in
// on stdin and the page comes back as a raw PPM on stdout (no temporary files, and none
// of the PNG compression and decoding that took ~60 of a page's ~70 ms). It keeps one
// pdftoppm started ahead, waiting on its stdin: a page then costs its rendering and
// not the program's start (loading poppler, reading the font configuration), ~5 of a
// page's ~12 ms on an idle PC and more while the window draws the dialog beside it.
// A waiting pdftoppm whose caller dies reads the end of its input and exits.
type Pager struct {
	mu     sync.Mutex
	ready  *pdftoppm // started and waiting for a PDF (at its dpi); nil: none
	closed bool
}

// pdftoppm is one started pdftoppm, its input still open.
type pdftoppm struct {
	dpi        int
	cmd        *exec.Cmd
	in         io.WriteCloser
	out, errs  bytes.Buffer
	startError error
}

// ErrPagerClosed is returned by Page after Close.
var ErrPagerClosed = errors.New("page image: pager closed")

// startPdftoppm starts pdftoppm for one page at dpi, reading the PDF from stdin.
func startPdftoppm(dpi int) *pdftoppm {
	p := &pdftoppm{dpi: dpi}
	p.cmd = exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-singlefile", "-f", "1", "-")
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.errs
	if p.in, p.startError = p.cmd.StdinPipe(); p.startError == nil {
		p.startError = p.cmd.Start()
	}
	return p
}

// render hands pdf to the started pdftoppm and decodes the page it writes. ctx ends
// the wait by killing the process.
func (p *pdftoppm) render(ctx context.Context, pdf []byte) (image.Image, error) {
	if p.startError != nil {
		return nil, fmt.Errorf("page image: pdftoppm: %w", p.startError)
	}
	waited := make(chan error, 1)
	go func() {
		_, werr := p.in.Write(pdf)
		if cerr := p.in.Close(); werr == nil {
			werr = cerr
		}
		if err := p.cmd.Wait(); err != nil {
			werr = err
		}
		waited <- werr
	}()
	var err error
	select {
	case err = <-waited:
	case <-ctx.Done():
		p.cmd.Process.Kill()
		<-waited
		return nil, fmt.Errorf("page image: %w", ctx.Err())
	}
	if err != nil {
		return nil, fmt.Errorf("page image: pdftoppm: %w: %s", err, bytes.TrimSpace(p.errs.Bytes()))
	}
	img, err := DecodePPM(p.out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	return img, nil
}

// stop ends a pdftoppm that was never given a PDF.
func (p *pdftoppm) stop() {
	if p.startError != nil {
		return
	}
	p.in.Close()
	p.cmd.Process.Kill()
	p.cmd.Wait()
}

// Page renders the first page of pdf at dpi, with the pdftoppm started ahead when it
// was started for dpi, and starts the next one a moment later.
func (pg *Pager) Page(ctx context.Context, pdf []byte, dpi int) (image.Image, error) {
	pg.mu.Lock()
	if pg.closed {
		pg.mu.Unlock()
		return nil, ErrPagerClosed
	}
	p := pg.ready
	pg.ready = nil
	pg.mu.Unlock()
	if p == nil || p.dpi != dpi {
		if p != nil {
			go p.stop()
		}
		p = startPdftoppm(dpi)
	}
	img, err := p.render(ctx, pdf)
	// The next one starts once the window has drawn this page: started at once, it
	// would take the CPU from that draw.
	pg.PrepareAfter(time.Second, dpi)
	return img, err
}

// PrepareAfter starts a pdftoppm for dpi after d (see Prepare), off the window's
// busy moments.
func (pg *Pager) PrepareAfter(d time.Duration, dpi int) {
	time.AfterFunc(d, func() { pg.Prepare(dpi) })
}

// Prepare starts a pdftoppm for dpi ahead of the first page, if none waits.
func (pg *Pager) Prepare(dpi int) {
	pg.mu.Lock()
	defer pg.mu.Unlock()
	if pg.closed || (pg.ready != nil && pg.ready.dpi == dpi) {
		return
	}
	if pg.ready != nil {
		go pg.ready.stop()
	}
	pg.ready = startPdftoppm(dpi)
}

// Close stops the pdftoppm waiting, if any; Page fails afterwards.
func (pg *Pager) Close() {
	pg.mu.Lock()
	p := pg.ready
	pg.ready, pg.closed = nil, true
	pg.mu.Unlock()
	if p != nil {
		p.stop()
	}
}
