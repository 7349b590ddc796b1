package screens

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"onedoor/internal/uikit"
	"onedoor/internal/wire"
	"onedoor/kiosk/internal/printer"
)

// printTimeout bounds printing one ticket.
const printTimeout = 15 * time.Second

// ticketScreen shows the ticket: the big number, the item, people ahead and the
// estimated wait, the window hint and the QR code of the tracking page, while the
// ticket prints. When it cannot print, it says so and stays longer.
type ticketScreen struct {
	k      *Kiosk
	t      wire.Ticket
	hold   time.Duration
	number *canvas.Text
	status *uikit.Banner
	done   *uikit.BigButton
	// printErr is the printer's fault, once printing failed.
	printErr error
	printed  bool
}

func (s *ticketScreen) name() string { return "ticket" }

func (s *ticketScreen) build() fyne.CanvasObject {
	k, tr, t := s.k, s.k.tr, s.t
	if s.hold == 0 {
		s.hold = k.cfg.TicketHold
	}
	s.number = uikit.Big(t.Number, uikit.SizeGiant, uikit.ColorPrimary)
	main, other := tr.Pick(t.ItemName, t.ItemNameEn)
	info := container.NewVBox(
		uikit.Heading(tr.S("your_number"), tr.O("your_number")),
		s.number,
		uikit.Heading(main, other),
		uikit.Body(tr.S("ahead", t.Ahead)+"  ·  "+tr.O("ahead", t.Ahead)),
		uikit.Body(s.waitText()),
		uikit.Body(s.windowHint()),
	)
	if t.Priority != "" && t.Priority != "normal" {
		info.Add(uikit.Body(tr.S("priority") + "  " + k.groupName(t.Priority)))
	}
	s.status = uikit.NewBanner(uikit.ColorPrimary)
	s.showStatus()
	right := container.NewVBox(uikit.Body(tr.S("scan_to_track")), uikit.Caption(tr.O("scan_to_track")))
	if t.TrackURL != "" {
		if img, err := uikit.QR(t.TrackURL, 320); err == nil {
			right.Add(img)
		} else {
			k.log.Warn("ticket qr", "err", err)
		}
	}
	s.done = k.action("done", uikit.Primary, k.goHome)
	// The number and what it is for on the left; how to follow it, whether it
	// printed, and "done" on the right, so that the elderly mode's type fits too.
	right.Add(s.status)
	right.Add(container.NewBorder(nil, nil, layout.NewSpacer(), s.done))
	return container.NewPadded(container.NewGridWithColumns(2, info, right))
}

// waitText gives the quoted wait: a range of minutes (the low end down, the high end
// up), one figure when they meet, or why there is none.
func (s *ticketScreen) waitText() string {
	tr := s.k.tr
	lo, hi := s.t.EstimatedWaitMinS/60, (s.t.EstimatedWaitMaxS+59)/60
	switch {
	case s.t.NoWindow:
		return tr.S("wait_no_window") + "  ·  " + tr.O("wait_no_window")
	case s.t.EstimatedWaitMaxS <= 0:
		return tr.S("wait_soon") + "  ·  " + tr.O("wait_soon")
	case s.t.Paused:
		return tr.S("wait_paused", lo, hi) + "  ·  " + tr.O("wait_paused", lo, hi)
	case hi > lo:
		return tr.S("wait_range", lo, hi) + "  ·  " + tr.O("wait_range", lo, hi)
	}
	return tr.S("wait_min", hi) + "  ·  " + tr.O("wait_min", hi)
}

// windowHint names the windows that serve the ticket's category.
func (s *ticketScreen) windowHint() string {
	tr := s.k.tr
	var nums []int
	for _, w := range s.k.center.Windows {
		if len(w.Categories) == 0 || contains(w.Categories, s.t.Category) {
			nums = append(nums, w.Number)
		}
	}
	if len(nums) == 0 {
		return tr.S("window_any")
	}
	return tr.S("window_hint", ranges(nums))
}

// print sends the ticket to the printer in the background.
func (s *ticketScreen) print() {
	k := s.k
	if k.d.Printer == nil {
		s.printFailed(fmt.Errorf("no printer configured"))
		return
	}
	pt := printer.Ticket{Number: s.t.Number, Item: s.t.ItemName, Ahead: s.t.Ahead,
		Wait: time.Duration(s.t.EstimatedWaitMinS) * time.Second, WaitMax: time.Duration(s.t.EstimatedWaitMaxS) * time.Second, NoWindow: s.t.NoWindow, Issued: s.t.IssuedAt.In(k.cfg.Location),
		TrackURL: s.t.TrackURL, Note: k.tr.Text("print_note").Zh}
	if k.cat != nil {
		pt.Center = k.cat.Center.Name
	}
	go func() {
		ctx, cancel := context.WithTimeout(k.ctx, printTimeout)
		defer cancel()
		err := k.d.Printer.Print(ctx, pt)
		k.d.Do(func() {
			if err != nil {
				s.printFailed(err)
				return
			}
			s.printed = true
			if k.current == s {
				s.showStatus()
				k.say(clipTakeTicket)
			}
			k.reportPrinter(nil)
		})
	}()
}

// printFailed keeps the ticket on screen longer and reports the fault.
func (s *ticketScreen) printFailed(err error) {
	k := s.k
	k.log.Warn("ticket not printed", "number", s.t.Number, "err", err)
	s.printErr = err
	s.hold = k.cfg.FaultHold
	if k.current == s {
		s.showStatus()
		k.idle.reset(s.hold)
	}
	k.reportPrinter(err)
}

func (s *ticketScreen) showStatus() {
	tr := s.k.tr
	switch {
	case s.printErr != nil:
		s.status.Set(uikit.ColorDanger, tr.S("print_failed"), tr.O("print_failed"))
	case s.printed:
		s.status.Set(uikit.ColorOK, tr.S("printed"), tr.O("printed"))
	default:
		s.status.Set(uikit.ColorPrimary, tr.S("printing"), tr.O("printing"))
	}
}

// groupName is a priority's name in the current language.
func (k *Kiosk) groupName(code string) string {
	if g, ok := k.cat.Group(code); ok {
		main, _ := k.tr.Pick(g.NameZh, g.NameEn)
		return main
	}
	return code
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ranges writes sorted window numbers compactly: 1–6, 9.
func ranges(nums []int) string {
	out := ""
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		if out != "" {
			out += ", "
		}
		if j > i {
			out += fmt.Sprintf("%d–%d", nums[i], nums[j])
		} else {
			out += fmt.Sprint(nums[i])
		}
		i = j + 1
	}
	return out
}
