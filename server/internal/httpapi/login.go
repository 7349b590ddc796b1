package httpapi

import (
	"net/http"

	"onedoor/internal/wire"
)

// login answers POST /api/v1/login with a bearer token.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req wire.LoginRequest
	if err := decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Staff == "" || len(req.Staff) > 32 || len(req.PIN) > 64 {
		s.fail(w, r, badRequest("staff and pin are required"))
		return
	}
	token, se, st, err := s.store.Login(r.Context(), req.Staff, req.PIN, req.Window, req.TakeOver)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.LoginResponse{Token: token, Staff: st.ID, Name: st.Name, Role: se.Role,
		Window: se.Window, ExpiresAt: se.Expires.In(s.store.Location())})
}

// logout answers POST /api/v1/logout: the token stops working.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Logout(r.Context(), bearer(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
