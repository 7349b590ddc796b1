package httpapi

import (
	"context"
	"crypto/subtle"
	"net/http"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// RemoteConfig configures tickets from a phone (远程取号) and Web Push.
type RemoteConfig struct {
	// Rules are the hall's rules for remote tickets; zero means DefaultRemoteRules.
	Rules queue.RemoteRules
	// VAPIDPublic is the server's VAPID public key (base64url) the tracking page
	// subscribes with; empty turns Web Push off.
	VAPIDPublic string
}

// RemoteStore is what the remote routes need of the store beyond Store; a store without
// it (the handler tests' fake) has no remote tickets.
type RemoteStore interface {
	SendCode(ctx context.Context, item, phone string, rules queue.RemoteRules) error
	IssueRemote(ctx context.Context, item, phone, code string, rules queue.RemoteRules) (store.TicketView, error)
	CheckIn(ctx context.Context, id string) (store.TicketView, error)
	CheckInByPhone(ctx context.Context, digits, last4 string) (store.TicketView, error)
	DoorCode(ctx context.Context) (string, error)
	Subscribe(ctx context.Context, id string, sub store.PushSubscription) error
}

// codeRequest asks for a one-time code.
type codeRequest struct {
	Item  string `json:"item"`
	Phone string `json:"phone"`
}

// remoteTicketRequest confirms the code and takes the ticket.
type remoteTicketRequest struct {
	Item  string `json:"item"`
	Phone string `json:"phone"`
	Code  string `json:"code"`
}

// checkInRequest is a check-in from the door's QR (its code); kiosks and staff send
// their token instead.
type checkInRequest struct {
	Door string `json:"door"`
}

// routesRemote adds the routes of remote tickets and Web Push.
func (s *Server) routesRemote(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/remote", s.limited(s.publicLimit, s.remoteInfo))
	// codes cost a text each: beyond each number's own limits, one address may ask for
	// 10 at once and then one every 6 s, so a script cannot text a list of numbers
	codeLimit := newAddrLimiter(1.0/6, 10)
	if s.cfg.Limits.PublicRate < 0 {
		codeLimit = nil // limits off
	}
	m.HandleFunc("POST /api/v1/remote/code", s.limited(s.publicLimit, s.limited(codeLimit, s.remoteCode)))
	m.HandleFunc("POST /api/v1/remote/tickets", s.limited(s.publicLimit, s.remoteTicket))
	m.HandleFunc("GET /api/v1/remote/door", s.remoteDoor)
	m.HandleFunc("POST /api/v1/tickets/{id}/checkin", s.limited(s.publicLimit, s.checkIn))
	m.HandleFunc("POST /api/v1/remote/checkin", s.checkInByPhone)
	m.HandleFunc("POST /api/v1/tickets/{id}/push", s.limited(s.publicLimit, s.pushSubscribe))
}

// rules returns the hall's remote rules.
func (s *Server) rules() queue.RemoteRules {
	if s.cfg.Remote.Rules == (queue.RemoteRules{}) {
		return queue.DefaultRemoteRules()
	}
	return s.cfg.Remote.Rules
}

// remoteStore returns the store's remote side, or a 404 when it has none.
func (s *Server) remoteStore() (RemoteStore, error) {
	rs, ok := s.store.(RemoteStore)
	if !ok {
		return nil, notFound("remote tickets are not offered here")
	}
	return rs, nil
}

// remoteInfo answers GET /api/v1/remote: the rules a phone page shows, the hours, and the
// push key.
func (s *Server) remoteInfo(w http.ResponseWriter, r *http.Request) {
	rl := s.rules()
	out := map[string]any{
		"per_number_per_day": rl.PerNumberPerDay, "code_ttl_s": int(rl.CodeTTL.Seconds()),
		"max_tries": rl.MaxTries, "near_ahead": rl.NearAhead, "vapid_public_key": s.cfg.Remote.VAPIDPublic,
		"arrival": "at_issue",
	}
	s.store.Read(func(h *queue.Hall) {
		if h.Policy.JoinAtCheckIn {
			out["arrival"] = "at_check_in"
		}
	})
	if h := s.store.Catalog().Center.Hours; h != nil {
		out["hours"] = map[string]string{"open": h.Open, "close": h.Close}
	}
	writeJSON(w, http.StatusOK, out)
}

// remoteCode answers POST /api/v1/remote/code: a code is texted to the number.
func (s *Server) remoteCode(w http.ResponseWriter, r *http.Request) {
	var req codeRequest
	rs, err := s.remoteStore()
	if err == nil {
		err = decode(w, r, &req, false)
	}
	if err == nil {
		err = checkItem(req.Item)
	}
	if err == nil {
		req.Phone, err = queue.NormalizeMobile(req.Phone)
	}
	if err == nil {
		err = rs.SendCode(r.Context(), req.Item, req.Phone, s.rules())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"sent": true, "expires_in_s": int(s.rules().CodeTTL.Seconds())})
}

// remoteTicket answers POST /api/v1/remote/tickets: the code confirmed, the ticket.
func (s *Server) remoteTicket(w http.ResponseWriter, r *http.Request) {
	var req remoteTicketRequest
	rs, err := s.remoteStore()
	if err == nil {
		err = decode(w, r, &req, false)
	}
	if err == nil {
		err = checkItem(req.Item)
	}
	if err == nil {
		req.Phone, err = queue.NormalizeMobile(req.Phone)
	}
	if err == nil && !sixDigits(req.Code) {
		err = queue.Errorf(queue.Invalid, "验证码是6位数字 (the code is 6 digits)")
	}
	var v store.TicketView
	if err == nil {
		v, err = rs.IssueRemote(r.Context(), req.Item, req.Phone, req.Code, s.rules())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.publicTicket(v))
}

// remoteDoor answers GET /api/v1/remote/door for staff: today's door code and the URL
// the door's QR encodes.
func (s *Server) remoteDoor(w http.ResponseWriter, r *http.Request) {
	rs, err := s.remoteStore()
	if err == nil {
		_, err = s.session(r, store.RoleClerk, store.RoleSupervisor, store.RoleAdmin)
	}
	var code string
	if err == nil {
		code, err = rs.DoorCode(r.Context())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"code": code, "url": s.cfg.PublicURL + "/phone/?door=" + code})
}

// checkIn answers POST /api/v1/tickets/{id}/checkin: the door's code, or a kiosk's or
// staff member's token.
func (s *Server) checkIn(w http.ResponseWriter, r *http.Request) {
	var req checkInRequest
	rs, err := s.remoteStore()
	var id string
	if err == nil {
		id, err = ticketID(r)
	}
	if err == nil {
		err = decode(w, r, &req, true)
	}
	if err == nil {
		err = s.checkInAllowed(r, rs, req.Door)
	}
	var v store.TicketView
	if err == nil {
		v, err = rs.CheckIn(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.publicTicket(v))
}

// checkInAllowed accepts today's door code, or a device or staff token.
func (s *Server) checkInAllowed(r *http.Request, rs RemoteStore, door string) error {
	if bearer(r) != "" {
		_, err := s.session(r, store.RoleDevice, store.RoleClerk, store.RoleSupervisor, store.RoleAdmin)
		return err
	}
	want, err := rs.DoorCode(r.Context())
	if err != nil {
		return err
	}
	if door == "" || subtle.ConstantTimeCompare([]byte(door), []byte(want)) != 1 {
		return queue.Errorf(queue.Forbidden, "请扫描大厅门口的二维码签到 (scan the QR code at the hall's door to check in)")
	}
	return nil
}

// pushSubscribe answers POST /api/v1/tickets/{id}/push: the tracking page's push
// subscription, for the messages of the ticket.
func (s *Server) pushSubscribe(w http.ResponseWriter, r *http.Request) {
	var sub store.PushSubscription
	rs, err := s.remoteStore()
	var id string
	if err == nil && s.cfg.Remote.VAPIDPublic == "" {
		err = notFound("Web Push is not offered here")
	}
	if err == nil {
		id, err = ticketID(r)
	}
	if err == nil {
		err = decode(w, r, &sub, false)
	}
	if err == nil {
		err = rs.Subscribe(r.Context(), id, sub)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// checkItem refuses an item code that cannot be one.
func checkItem(item string) error {
	if item == "" || len(item) > 64 || !printable(item) {
		return queue.Errorf(queue.Invalid, "item: give the code of a catalog item")
	}
	return nil
}

// sixDigits reports whether c is exactly six ASCII digits.
func sixDigits(c string) bool {
	if len(c) != 6 {
		return false
	}
	for i := 0; i < 6; i++ {
		if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	return true
}
