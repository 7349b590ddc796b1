package httpapi

import (
	"net/http"
	"strings"

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
		v, err = s.checkInByDigits(r, rs, req)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.publicTicket(v))
}

// checkInByDigits checks the ticket in, counting wrong last-four digits per ticket
// number whatever device sends them: after store.MaxFailures of them that number is
// refused for store.LockDuration (the citizen goes to the guide desk), so a device
// token cannot try the 10,000 endings of someone else's number.
func (s *Server) checkInByDigits(r *http.Request, rs RemoteStore, req phoneCheckInRequest) (store.TicketView, error) {
	key := strings.TrimLeft(req.Number, "0")
	if s.checkinLock.locked("", key, s.store.Now()) {
		return store.TicketView{}, queue.Errorf(queue.Limited, "尝试次数过多,请到导办台签到 (too many tries for this number: please check in at the guide desk)")
	}
	v, err := rs.CheckInByPhone(r.Context(), req.Number, req.PhoneLast4)
	switch {
	case queue.ErrorCode(err) == queue.NotFound:
		s.checkinLock.fail("", key, s.store.Now())
	case err == nil:
		s.checkinLock.succeed("", key)
	}
	return v, err
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
