package httpapi

import (
	"net/http"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// login answers POST /api/v1/login with a bearer token. Every refusal (unknown staff,
// wrong PIN, locked) is the same 401 with the same message after the same work.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req wire.LoginRequest
	if err := decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	token, se, st, ok := s.checkPIN(w, r, req)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, wire.LoginResponse{Token: token, Staff: st.ID, Name: st.Name, Role: se.Role,
		Window: se.Window, ExpiresAt: se.Expires.In(s.store.Location())})
}

// checkPIN checks a login request's PIN under the lockout and the bound on PIN checks
// at once, and starts the session; on failure it has answered and returns false.
func (s *Server) checkPIN(w http.ResponseWriter, r *http.Request, req wire.LoginRequest) (string, store.Session, *store.Staff, bool) {
	if err := checkLogin(req); err != nil {
		s.fail(w, r, err)
		return "", store.Session{}, nil, false
	}
	if !s.hashing.acquire(r.Context()) {
		tooMany(w, s.cfg.Limits.HashWait, "the server is busy checking PINs: try again in a moment")
		return "", store.Session{}, nil, false
	}
	addr := clientAddr(r)
	locked := s.lockout.locked(addr, req.Staff, s.store.Now())
	var token string
	var se store.Session
	var st *store.Staff
	var err error
	if req.Agent {
		token, se, st, err = s.store.LoginAgent(r.Context(), req.Staff, req.PIN, locked)
	} else {
		token, se, st, err = s.store.Login(r.Context(), req.Staff, req.PIN, req.Window, req.TakeOver, locked)
	}
	s.hashing.release()
	if err == store.ErrLoginRefused {
		s.lockout.fail(addr, req.Staff, s.store.Now())
	}
	if err != nil {
		s.fail(w, r, err)
		return "", store.Session{}, nil, false
	}
	s.lockout.succeed(addr, req.Staff)
	return token, se, st, true
}

// checkLogin validates a login request's form: a staff id of 1 to 32 printable ASCII
// characters, a PIN of 4 to 32, a window number in range.
func checkLogin(req wire.LoginRequest) error {
	if req.Staff == "" || len(req.Staff) > 32 || !printable(req.Staff) {
		return badRequest("staff must be 1 to 32 printable ASCII characters")
	}
	if len(req.PIN) < 4 || len(req.PIN) > 32 {
		return badRequest("pin must be 4 to 32 characters")
	}
	if req.Window < 0 || req.Window > 999 {
		return queue.Errorf(queue.Invalid, "window must be 0 to 999")
	}
	if req.Agent && (req.Window != 0 || req.TakeOver) {
		return queue.Errorf(queue.Invalid, "an agent login at a kiosk takes no window")
	}
	return nil
}

// logout answers POST /api/v1/logout: the token stops working.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Logout(r.Context(), bearer(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
