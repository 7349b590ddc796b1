package httpapi

import (
	"net/http"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// phoneCheckInRequest names a phone ticket at a kiosk: the digits of its number (the
// keypad has no letters) and the last four digits of the phone it was taken with.
type phoneCheckInRequest struct {
	Number     string `json:"number"`
	PhoneLast4 string `json:"phone_last4"`
}

// checkInByPhone answers POST /api/v1/remote/checkin, a kiosk's (or staff's) check-in
// of a phone ticket by its number's digits and the phone's last four digits.
func (s *Server) checkInByPhone(w http.ResponseWriter, r *http.Request) {
	var req phoneCheckInRequest
	rs, err := s.remoteStore()
	if err == nil {
		_, err = s.session(r, store.RoleDevice, store.RoleClerk, store.RoleSupervisor, store.RoleAdmin)
	}
	if err == nil {
		err = decode(w, r, &req, false)
	}
	if err == nil {
		err = req.check()
	}
	var v store.TicketView
	if err == nil {
		v, err = rs.CheckInByPhone(r.Context(), req.Number, req.PhoneLast4)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.publicTicket(v))
}

// check refuses a number that is not 1–6 digits and last four that are not 4 digits.
func (req phoneCheckInRequest) check() error {
	if !digitsOnly(req.Number, 1, 6) {
		return queue.Errorf(queue.Invalid, "请输入票号中的数字 (the number's digits, 1 to 6)")
	}
	if !digitsOnly(req.PhoneLast4, 4, 4) {
		return queue.Errorf(queue.Invalid, "请输入手机号码的后4位 (the phone's last four digits)")
	}
	return nil
}

// digitsOnly reports whether s is between lo and hi ASCII digits.
func digitsOnly(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
