package screens

// Guide speaks the audio guidance's clips; *guide.Player implements it. Say must not
// block: it is called on Fyne's goroutine.
type Guide interface {
	Say(clip, lang string)
}

// The clips of the audio guidance (assets/guide, made by make voice-guide).
const (
	clipChoose     = "choose"      // 请选择业务
	clipPlaceCard  = "place_card"  // 请将身份证放在读卡区
	clipTakeTicket = "take_ticket" // 请取走您的号票
)

// say plays a clip in the current language, unless the hall muted the guidance.
func (k *Kiosk) say(clip string) {
	if k.d.Guide == nil || k.cfg.GuideMute {
		return
	}
	k.d.Guide.Say(clip, string(k.tr.Lang()))
}

// guideFor speaks what a screen asks of the citizen as it is shown: choose a service
// on a category's list, place the card when the reader is there to read it. (The
// ticket's clip waits for the printer: ticketScreen.print.)
func (k *Kiosk) guideFor(s screen) {
	switch s.(type) {
	case *items:
		k.say(clipChoose)
	case *identity:
		if k.d.Reader != nil && k.readerErr == nil {
			k.say(clipPlaceCard)
		}
	}
}
