package screens

import (
	"context"
	"fmt"
	"image"

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
}

// showDocument opens the document dialog for a finished visit.
func (s *MainScreen) showDocument(doc wire.Document) {
	if doc.Kind == "" || doc.Kind == "none" {
		return
	}
	s.Document = &DocumentDialog{s: s, doc: doc}
	s.showPopup(s.Document.build(), fyne.NewSize(760, 760), s.Document.enter, nil)
	s.Document.load()
}

// Status is the dialog's message line.
func (d *DocumentDialog) Status() string { return d.status.Text }

func (d *DocumentDialog) build() fyne.CanvasObject {
	s, l := d.s, d.s.lang
	d.Page = canvas.NewImageFromImage(nil)
	d.Page.FillMode = canvas.ImageFillContain
	d.Page.SetMinSize(fyne.NewSize(460, 650))
	d.status = widget.NewLabel(l.T("loading_doc"))
	d.status.Wrapping = fyne.TextWrapWord
	route := s.app.routeKey
	d.Folder = newKeyEntry(route)
	d.Folder.SetText(s.app.opts.SaveDir)
	d.Print = newKeyButton(l.T("print"), widget.HighImportance, d.print, route)
	d.Save = newKeyButton(l.T("save"), widget.MediumImportance, d.save, route)
	d.Close = newKeyButton(l.T("close"), widget.MediumImportance, s.hidePopup, route)
	d.Print.Disable()
	d.Save.Disable()
	info := d.doc.Title
	if d.doc.CaseNo != "" {
		info += " · " + l.T("case", d.doc.CaseNo, d.doc.Promised)
	}
	head := widget.NewLabelWithStyle(info, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	side := container.NewVBox(d.Print, widget.NewLabel(l.T("folder")), d.Folder, d.Save, layout.NewSpacer(), d.status, d.Close)
	return container.NewBorder(head, nil, nil, container.NewGridWrap(fyne.NewSize(220, 600), side), d.Page)
}

// load fetches the PDF and renders its page.
func (d *DocumentDialog) load() {
	s := d.s
	var pdf []byte
	var img image.Image
	var printer bool
	s.app.task(func(ctx context.Context) error {
		var err error
		if pdf, err = s.d.FetchDocument(ctx, d.doc.Seq); err != nil {
			return err
		}
		printer = desk.CanPrint(ctx)
		img, err = desk.PageImage(ctx, pdf, 110)
		return err
	}, func(err error) {
		d.Ready = true
		d.PDF = pdf
		if pdf != nil {
			d.Save.Enable()
			if printer {
				d.Print.Enable()
			}
		}
		if err != nil {
			d.status.SetText(s.lang.T("error", err.Error()))
			return
		}
		d.Page.Image = img
		d.Page.Refresh()
		d.status.SetText(d.doc.Title)
	})
}

// enter prints the document where a printer is, and otherwise closes the dialog.
func (d *DocumentDialog) enter() {
	if !d.Print.Disabled() {
		d.print()
		return
	}
	d.s.hidePopup()
}

func (d *DocumentDialog) name() string { return fmt.Sprintf("%s-%d.pdf", d.doc.Kind, d.doc.Seq) }

func (d *DocumentDialog) print() {
	s, pdf := d.s, d.PDF
	s.app.task(func(ctx context.Context) error { return desk.Print(ctx, pdf, d.name()) }, func(err error) {
		if err != nil {
			d.status.SetText(s.lang.T("error", err.Error()))
			return
		}
		d.status.SetText(s.lang.T("printed"))
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
			d.status.SetText(s.lang.T("error", err.Error()))
			return
		}
		d.status.SetText(s.lang.T("saved", path))
	})
}
