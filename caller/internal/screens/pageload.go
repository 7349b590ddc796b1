package screens

import (
	"context"
	"image"
	"time"

	"onedoor/caller/internal/desk"
)

// pageLoad is a document's PDF fetched and its first page rendered in the background.
// The finish starts it the moment the server answers and waits for it a moment (see
// pageWait), so that the document's dialog opens with its page drawn.
type pageLoad struct {
	done    chan struct{} // closed when the fields below are set
	pdf     []byte
	img     image.Image
	printer bool
	err     error
}

// startPageLoad fetches document seq and renders its page at dpi, in the background.
// It does not touch the UI: call it from a task or the UI goroutine alike.
func (s *MainScreen) startPageLoad(seq uint64, dpi int) *pageLoad {
	p := &pageLoad{done: make(chan struct{})}
	s.app.ui.Go(func() {
		defer close(p.done)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		printer := make(chan bool, 1) // asked beside the fetch: lpstat is a program too
		go func() { printer <- desk.CanPrint(ctx) }()
		defer func() { p.printer = <-printer }()
		if p.pdf, p.err = s.d.FetchDocument(ctx, seq); p.err != nil {
			return
		}
		p.img, p.err = s.app.pager.Page(ctx, p.pdf, dpi)
	})
	return p
}

// pageWait is how long a finish waits for its document's page before the document
// dialog opens without it. The page is usually there within ~60 ms: opening the dialog
// once with it costs the clerk that wait, while opening at once and drawing the page
// later was two full-window draws, the second ~100 ms after the first, on a caller PC
// that draws in software. A slow server only delays the dialog this long; its page then
// follows when it comes.
const pageWait = 300 * time.Millisecond

// wait waits until the load is done, d has passed or ctx is done, whichever is first.
func (p *pageLoad) wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.done:
	case <-t.C:
	case <-ctx.Done():
	}
}

// ready reports whether the load is done.
func (p *pageLoad) ready() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// result is the fetched PDF once the load is done (nil before, or if the fetch failed).
func (p *pageLoad) result() []byte {
	if !p.ready() {
		return nil
	}
	return p.pdf
}
