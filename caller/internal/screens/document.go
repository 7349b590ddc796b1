package screens

import (
	"context"
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"onedoor/caller/internal/desk"
	"onedoor/internal/wire"
)

// DocumentDialog shows the document a finished visit produced as a page image, and
// prints it (lp, when CUPS is there) or saves it to a chosen folder.
type DocumentDialog struct {
	s   *MainScreen
	doc wire.Document
	// PDF is the document's file once fetched.
	PDF    []byte
	Page   *canvas.Image
	Print  *KeyButton
	Save   *KeyButton
	Folder *KeyEntry
	Close  *KeyButton
	status *widget.Label
	// Ready reports that the page is shown (or failed to be).
	Ready bool
	popup *widget.PopUp // the popup showing the dialog
	// closed is set when the dialog closes: a page rendered afterwards is dropped.
	closed bool
}

// showDocument opens the document dialog for a finished visit. pre is its page's load
// when already started (by the finish, as soon as it was answered), or nil.
func (s *MainScreen) showDocument(doc wire.Document, pre *pageLoad) {
	if !hasDocument(doc) {
		return
	}
	s.Document = &DocumentDialog{s: s, doc: doc}
	s.showPopup(s.Document.build(), fyne.NewSize(760, 760), s.Document.enter, nil)
	s.Document.popup = s.Popup
	s.Document.load(pre)
}

// hasDocument reports whether a finished visit hands out a document.
func hasDocument(doc wire.Document) bool { return doc.Kind != "" && doc.Kind != "none" }

func (d *DocumentDialog) build() fyne.CanvasObject {
	s, l := d.s, d.s.lang
	d.Page = canvas.NewImageFromImage(nil)
	d.Page.FillMode = canvas.ImageFillContain
	// The page is rendered at the size it is shown (pageDPI), so the window scales its
	// texture as it draws; Fyne's default (smooth) ran a Catmull-Rom resampling of the
	// whole page on the CPU each time the dialog's page was drawn anew.
	d.Page.ScaleMode = canvas.ImageScaleFastest
	d.Page.SetMinSize(fyne.NewSize(460, pageHeight))
	d.status = widget.NewLabel(texts.S(l, "loading_doc"))
	d.status.Wrapping = fyne.TextWrapWord
	route := s.app.routeKey
	d.Folder = newKeyEntry(route)
	d.Folder.SetText(s.app.opts.SaveDir)
	d.Print = newKeyButton(texts.S(l, "print"), widget.HighImportance, d.print, route)
	d.Save = newKeyButton(texts.S(l, "save"), widget.MediumImportance, d.save, route)
	d.Close = newKeyButton(texts.S(l, "close"), widget.MediumImportance, s.hidePopup, route)
	d.Print.Disable()
	d.Save.Disable()
	info := d.doc.Title
	if d.doc.CaseNo != "" {
		info += " · " + texts.S(l, "case", d.doc.CaseNo, d.doc.Promised)
	}
	head := widget.NewLabelWithStyle(info, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	side := container.NewVBox(d.Print, widget.NewLabel(texts.S(l, "folder")), d.Folder, d.Save, layout.NewSpacer(), d.status, d.Close)
	return container.NewBorder(head, nil, nil, container.NewGridWrap(fyne.NewSize(220, 600), side), d.Page)
}

// load shows the page of pre, or of a load it starts, once it is there.
func (d *DocumentDialog) load(pre *pageLoad) {
	s := d.s
	p := pre
	if p == nil {
		p = s.startPageLoad(d.doc.Seq, pageDPI(s.app.W.Canvas().Scale()))
	}
	if p.ready() {
		d.show(p, p.err) // built with its page: the dialog's first draw shows it
		return
	}
	s.app.task(func(ctx context.Context) error {
		select {
		case <-p.done:
			return p.err
		case <-ctx.Done():
			return ctx.Err()
		}
	}, func(err error) { d.show(p, err) })
}

// show puts the load's page (or its error) in the dialog and enables what its PDF allows.
func (d *DocumentDialog) show(p *pageLoad, err error) {
	s := d.s
	d.Ready = true
	if pdf := p.result(); pdf != nil {
		d.PDF = pdf
		d.Save.Enable()
		if p.printer {
			d.Print.Enable()
		}
	}
	if err != nil {
		d.status.SetText(texts.S(s.lang, "error", err.Error()))
		return
	}
	if d.closed {
		return // closed while it rendered: nobody will see the page
	}
	d.Page.Image = p.img
	d.Page.Refresh()
	d.status.SetText(d.doc.Title)
}

// enter prints the document where a printer is, and otherwise closes the dialog.
func (d *DocumentDialog) enter() {
	if !d.Print.Disabled() {
		d.print()
		return
	}
	d.s.hidePopup()
}

// pageHeight is the page's height on screen (the image's minimum) in Fyne units.
const pageHeight = 650

// pageDPI is the resolution at which an A4 page (11.69 in high) fills pageHeight on a
// canvas of this scale, and no more: the preview is read on screen and the PDF is what
// prints, while 110 dpi drew 910×1286 pixels (4.7 MB) to show them at half that size,
// and made pdftoppm twice as slow.
func pageDPI(scale float32) int {
	return max(72, int(math.Ceil(float64(pageHeight*max(scale, 1))/11.69)))
}

// release lets the page's pixels go when the dialog closes. Fyne keeps a closed
// dialog's renderers, and a window its image's texture, for about a minute; a page
// still held by its image was ~4.7 MB kept per visit of that minute. Refreshing the
// emptied image also frees its texture at once.
func (d *DocumentDialog) release() {
	d.closed = true
	if d.Page == nil || d.Page.Image == nil {
		return
	}
	d.Page.Image = nil
	d.Page.Refresh()
}

func (d *DocumentDialog) name() string { return fmt.Sprintf("%s-%d.pdf", d.doc.Kind, d.doc.Seq) }

func (d *DocumentDialog) print() {
	s, pdf := d.s, d.PDF
	s.app.task(func(ctx context.Context) error { return desk.Print(ctx, pdf, d.name()) }, func(err error) {
		if err != nil {
			d.status.SetText(texts.S(s.lang, "error", err.Error()))
			return
		}
		d.status.SetText(texts.S(s.lang, "printed"))
	})
}

func (d *DocumentDialog) save() {
	s, pdf, dir := d.s, d.PDF, d.Folder.Text
	var path string
	s.app.task(func(context.Context) error {
		var err error
		path, err = desk.Save(dir, d.name(), pdf)
		return err
	}, func(err error) {
		if err != nil {
			d.status.SetText(texts.S(s.lang, "error", err.Error()))
			return
		}
		d.status.SetText(texts.S(s.lang, "saved", path))
	})
}
