package queue

import (
	"strconv"
	"strings"
)

// RemoteByDigits returns today's waiting phone tickets whose number's digits are
// digits, leading zeros aside ("12" and "012" are A012's and B012's): the tickets a
// citizen at a kiosk may mean by typing the digits of their number (the keypad has no
// letters). The caller tells them apart by the phone's last four digits.
func (h *Hall) RemoteByDigits(digits string) []*Ticket {
	want, err := strconv.Atoi(digits)
	if err != nil || want < 0 {
		return nil
	}
	var out []*Ticket
	for _, t := range h.Tickets {
		if !t.Remote || t.State != Waiting {
			continue
		}
		n, err := strconv.Atoi(strings.TrimLeft(t.Number, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
		if err == nil && n == want {
			out = append(out, t)
		}
	}
	return out
}
