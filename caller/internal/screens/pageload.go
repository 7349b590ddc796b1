package screens

import (
	"context"
	"image"
	"time"

	"onedoor/caller/internal/desk"
)

// pageLoad is a document's PDF fetched and its first page rendered in the background.
// The finish starts it the moment the server answers, so the fetch (the server renders
// the PDF) and pdftoppm run while the UI closes the finish dialog and draws the
// document's; the dialog then waits on it rather than starting it.
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
		if p.pdf, p.err = s.d.FetchDocument(ctx, seq); p.err != nil {
			return
		}
		p.printer = desk.CanPrint(ctx)
		p.img, p.err = desk.PageImage(ctx, p.pdf, dpi)
	})
	return p
}

// result is the fetched PDF once the load is done (nil before, or if the fetch failed).
func (p *pageLoad) result() []byte {
	select {
	case <-p.done:
		return p.pdf
	default:
		return nil
	}
}
