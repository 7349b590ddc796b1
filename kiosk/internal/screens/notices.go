package screens

import (
	"errors"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"onedoor/internal/uikit"
	"onedoor/kiosk/internal/printer"
)

// noticeBox is the band of notices on a home screen: the server away, the printer
// out of paper or at fault, a staff member issuing for someone. Its banners are built
// once with the home screen and shown or hidden as the kiosk's state changes, so a
// citizen learns of a fault before starting, not after taking a number.
type noticeBox struct {
	lang               uikit.Lang
	box                *fyne.Container
	away, paper, agent *uikit.Banner
	agentEnd           *uikit.BigButton
	agentRow           *fyne.Container
	// hint is home's "scroll for more" band: shown always when alwaysHint (the
	// elderly mode), else while a notice pushes the last row of tiles below the fold.
	hint       fyne.CanvasObject
	alwaysHint bool
}

// maxNoticeBoxes bounds the notice boxes kept: zh and en, each plain and elderly.
const maxNoticeBoxes = 4

// homeNotices returns the notice band for a home screen being built in the current
// language; it shows hint (home's "scroll for more" band) while a notice is shown, or
// always when alwaysHint.
func (k *Kiosk) homeNotices(hint fyne.CanvasObject, alwaysHint bool) fyne.CanvasObject {
	n := &noticeBox{lang: k.tr.Lang(), hint: hint, alwaysHint: alwaysHint,
		away: uikit.NewBanner(uikit.ColorDanger), paper: uikit.NewBanner(uikit.ColorDanger),
		agent: uikit.NewBanner(uikit.ColorOK)}
	n.agentEnd = uikit.NewBigButton(texts["agent_end"].In(n.lang), "", k.tap(k.goHome))
	n.agentEnd.Style = uikit.Secondary
	n.agentRow = container.NewBorder(nil, nil, nil, n.agentEnd, n.agent)
	n.box = container.NewVBox(n.away, n.paper, n.agentRow)
	// Home is cached per language and look (at most four); a box of a home built anew
	// replaces the oldest, so rebuilt homes do not pile up boxes kept only by this list.
	if k.ops.notices = append(k.ops.notices, n); len(k.ops.notices) > maxNoticeBoxes {
		k.ops.notices = append(k.ops.notices[:0:0], k.ops.notices[len(k.ops.notices)-maxNoticeBoxes:]...)
	}
	k.fillNotices(n)
	return n.box
}

// updateNotices brings every home screen's notices up to date.
func (k *Kiosk) updateNotices() {
	for _, n := range k.ops.notices {
		k.fillNotices(n)
	}
	// A notice shown or hidden changes home's layout above the tiles: lay it out again.
	if _, ok := k.current.(*home); ok && k.win.Content() != nil {
		k.win.Content().Refresh()
	}
}

func (k *Kiosk) fillNotices(n *noticeBox) {
	l, o := n.lang, n.lang.Other()
	say := func(b *uikit.Banner, show bool, bg color.Color, main, key, detail string) {
		if !show { // emptied too: a hidden banner's text is no one's to read
			b.Set(bg, "", "")
			b.Hide()
			return
		}
		t, d := texts[key], texts[detail]
		b.Set(bg, main+t.In(l)+"  ·  "+t.In(o), d.In(l)+"  ·  "+d.In(o))
		b.Show()
	}
	say(n.away, !k.up && k.cat != nil, uikit.ColorDanger, "", "server_away", "server_away_detail")
	paperKey := "printer_fault"
	if errors.Is(k.ops.printerErr, printer.ErrPaperOut) {
		paperKey = "paper_out"
	}
	say(n.paper, k.ops.printerErr != nil, uikit.ColorDanger, "", paperKey, "use_qr")
	if a := k.ops.agent; a != nil {
		say(n.agent, true, uikit.ColorOK, a.staff+" ", "agent_mode", "agent_mode_detail")
		n.agentRow.Show()
	} else {
		n.agentRow.Hide()
	}
	if n.hint != nil {
		if n.alwaysHint || n.away.Visible() || n.paper.Visible() || n.agentRow.Visible() {
			n.hint.Show()
		} else {
			n.hint.Hide()
		}
	}
	n.box.Refresh()
}

// setPrinterNotice records the printer's fault (nil: it works) for home's notice.
func (k *Kiosk) setPrinterNotice(err error) {
	if (err == nil) == (k.ops.printerErr == nil) && errors.Is(err, printer.ErrPaperOut) == errors.Is(k.ops.printerErr, printer.ErrPaperOut) {
		k.ops.printerErr = err
		return
	}
	k.ops.printerErr = err
	k.updateNotices()
}
