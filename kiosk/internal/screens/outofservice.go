package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"onedoor/internal/uikit"
)

// outOfService is shown while the server cannot be reached (and at start, until the
// catalog and the live stream are there); it goes away by itself when the stream is
// back. It speaks both languages at once: whoever stands there has not chosen one.
type outOfService struct{ k *Kiosk }

func (s *outOfService) name() string { return "out_of_service" }

func (s *outOfService) build() fyne.CanvasObject {
	t := s.k.tr.Text("out_of_service")
	h := s.k.tr.Text("ask_desk")
	zh := uikit.Big(t.Zh, 72, uikit.ColorOnPrimary)
	en := uikit.Big(t.En, 40, uikit.ColorOnPrimary)
	zh2 := uikit.Big(h.Zh, 48, uikit.ColorOnPrimary)
	en2 := uikit.Big(h.En, 36, uikit.ColorOnPrimary)
	return uikit.Panel(uikit.ColorDanger, container.NewCenter(container.NewVBox(zh, en, zh2, en2)))
}
