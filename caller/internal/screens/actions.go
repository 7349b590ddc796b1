package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/wire"
)

// call calls the next ticket.
func (s *MainScreen) call() {
	s.whenOnline(func() {
		var t wire.StaffTicket
		var ok bool
		s.app.task(func(ctx context.Context) error {
			var err error
			t, ok, err = s.d.Call(ctx)
			return err
		}, func(err error) {
			if err == nil && ok {
				s.setTicket(&t)
			}
			s.done("call", err)
			if err == nil && !ok {
				s.status.SetText(texts.S(s.lang, "nobody"))
			}
		})
	})
}

// act runs recall or start on the current ticket.
func (s *MainScreen) act(action string) {
	s.whenOnline(func() {
		var t wire.StaffTicket
		s.app.task(func(ctx context.Context) error {
			var err error
			t, err = s.d.Act(ctx, action)
			return err
		}, func(err error) {
			if err == nil {
				s.setTicket(&t)
			}
			s.done(action, err)
		})
	})
}

// noShow marks the called citizen absent, with the reason the clerk gave.
func (s *MainScreen) noShow(why wire.DeskReason) {
	s.whenOnline(func() {
		s.app.task(func(ctx context.Context) error {
			_, err := s.d.NoShow(ctx, why)
			return err
		}, func(err error) {
			if err == nil {
				s.setTicket(nil)
			}
			s.done("no-show", err)
		})
	})
}

// resume opens the paused window again.
func (s *MainScreen) resume() {
	s.whenOnline(func() {
		s.app.task(func(ctx context.Context) error { return s.d.Resume(ctx) }, func(err error) {
			if err == nil {
				s.winState = "open"
			}
			s.done("resume", err)
		})
	})
}

// showPopup shows a dialog over the workstation: Enter runs enter, Escape closes it,
// and the keys start in first when it is not nil.
func (s *MainScreen) showPopup(content fyne.CanvasObject, size fyne.Size, enter func(), first fyne.Focusable) {
	s.hidePopup()
	s.Popup = widget.NewModalPopUp(content, s.app.W.Canvas())
	s.popupEnter = enter
	s.Popup.Resize(size)
	s.Popup.Show()
	if first != nil {
		s.app.W.Canvas().Focus(first)
	} else {
		s.app.W.Canvas().Unfocus() // keys start at the dialog, not behind it
	}
}

// hidePopup closes the dialog shown.
func (s *MainScreen) hidePopup() {
	if d := s.Document; d != nil && d.popup != nil && d.popup == s.Popup {
		d.release()
	}
	if s.Popup != nil {
		s.Popup.Hide()
		s.Popup, s.popupEnter = nil, nil
		s.app.W.Canvas().Unfocus() // an entry of the dialog may hold the keys
	}
}

func (s *MainScreen) openFinish() {
	if s.cur == nil {
		return
	}
	s.Finish = &FinishDialog{s: s}
	s.showPopup(s.Finish.build(), fyne.NewSize(1040, 760), tapIfEnabled(s.Finish.OK), nil)
}

func (s *MainScreen) openTransfer() {
	if s.cur == nil {
		return
	}
	s.Transfer = &TransferDialog{s: s}
	s.showPopup(s.Transfer.build(), fyne.NewSize(600, 460), tapIfEnabled(s.Transfer.OK), s.Transfer.Window)
}

func (s *MainScreen) openPause() {
	s.Pause = &PauseDialog{s: s}
	s.showPopup(s.Pause.build(), fyne.NewSize(420, 200), tapIfEnabled(s.Pause.OK), s.Pause.Reason)
}

func (s *MainScreen) openClose() {
	s.Close = &CloseDialog{s: s}
	s.showPopup(s.Close.build(), fyne.NewSize(600, 340), tapIfEnabled(s.Close.OK), nil)
}

func (s *MainScreen) openMissed() {
	s.Missed = &MissedDialog{s: s, outOfOrder: false}
	s.showPopup(s.Missed.build(), fyne.NewSize(600, 480), tapIfEnabled(s.Missed.OK), s.Missed.ID)
}

func (s *MainScreen) openCallTicket() {
	s.Missed = &MissedDialog{s: s, outOfOrder: true}
	s.showPopup(s.Missed.build(), fyne.NewSize(600, 480), tapIfEnabled(s.Missed.OK), s.Missed.ID)
}

// tapIfEnabled returns what Enter does for a dialog whose default button is b.
func tapIfEnabled(b *KeyButton) func() {
	return func() {
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
	}
}
