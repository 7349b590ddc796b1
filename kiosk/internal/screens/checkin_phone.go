package screens

import (
	"context"
	"net/http"
	"time"

	"onedoor/internal/client"
)

// A ticket taken from a phone (远程取号) is checked in on the check-in screen too: the
// citizen types the digits of the number the phone shows (the keypad has no letters:
// A012 is 012), confirms, then the last four digits of the phone it was taken with. The
// server finds the ticket by both (POST /api/v1/remote/checkin); the phone number itself
// is never typed, shown nor sent.

// phoneStep is where the phone ticket's check-in is.
type phoneStep int

const (
	phoneOff    phoneStep = iota // the booking's check-in
	phoneNumber                  // typing the number's digits
	phoneLast4                   // typing the phone's last four digits
)

// phoneCheckInWait bounds the server's answer to a check-in.
const phoneCheckInWait = 10 * time.Second

// texts returns the keys of the keypad's prompt, the right column's heading and the
// screen's title for the step.
func (s *checkin) texts() (prompt, aside, title string) {
	switch s.phone {
	case phoneNumber:
		return "checkin_phone_number", "checkin_phone_aside", "checkin_phone"
	case phoneLast4:
		return "checkin_phone_last4", "checkin_phone_aside", "checkin_phone"
	}
	return "checkin_code", "checkin_or_card", "checkin"
}

// toggleKey is the text of the button that switches between the two check-ins.
func (s *checkin) toggleKey() string {
	if s.phone == phoneOff {
		return "checkin_phone_switch"
	}
	return "checkin_booking_switch"
}

// maxLen is how many digits the keypad takes at this step.
func (s *checkin) maxLen() int {
	switch s.phone {
	case phoneNumber:
		return 6
	case phoneLast4:
		return 4
	}
	return 16
}

// switchMode goes between the booking's check-in and the phone ticket's, afresh.
func (s *checkin) switchMode() {
	if s.busy {
		return
	}
	if s.phone == phoneOff {
		s.phone = phoneNumber
	} else {
		s.phone = phoneOff
	}
	s.typed, s.number = "", ""
	s.k.refresh()
}

// submitPhone takes the number's digits, then the last four and checks in.
func (s *checkin) submitPhone(typed string) {
	if s.busy {
		return
	}
	if s.phone == phoneNumber {
		s.number, s.typed, s.phone = typed, "", phoneLast4
		s.k.refresh()
		return
	}
	if len(typed) != 4 {
		s.say("checkin_phone_last4")
		return
	}
	s.busy = true
	s.say("checkin_checking")
	k, number := s.k, s.number
	k.log.Info("phone ticket check-in")
	ctx, visit := k.ctx, k.ops.visit.Load()
	go func() {
		actx, cancel := context.WithTimeout(ctx, phoneCheckInWait)
		t, err := k.d.API.CheckInPhone(actx, number, typed)
		cancel()
		k.d.Do(func() {
			s.busy = false
			if k.ops.visit.Load() != visit || k.current != s {
				return // the citizen has gone
			}
			if err != nil {
				k.log.Warn("phone ticket check-in", "err", err)
				s.phoneRefused(err)
				return
			}
			k.log.Info("phone ticket checked in", "number", t.Number)
			s.phone, s.number, s.typed = phoneNumber, "", ""
			s.k.refresh()
			s.state.SetText(k.tr.S("checkin_phone_done", t.Number) + "\n" + k.tr.O("checkin_phone_done", t.Number))
		})
	}()
}

// phoneRefused says why the server refused; a wrong pair starts again at the number.
func (s *checkin) phoneRefused(err error) {
	key := "issue_failed"
	switch client.StatusOf(err) {
	case http.StatusNotFound:
		key = "checkin_phone_not_found"
	case http.StatusConflict:
		key = "checkin_phone_desk"
	}
	if key != "issue_failed" {
		s.phone, s.number, s.typed = phoneNumber, "", ""
		s.k.refresh()
	}
	s.say(key)
}
