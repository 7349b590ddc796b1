package httpapi

import (
	"io"
	"net/http"
	"strings"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// setup answers POST /api/v1/setup: with the one-time setup token a new hall's server
// printed and wrote to its data folder, it creates the first admin (the PIN chosen
// and checked, or generated and shown once). A wrong, used or expired token, or a
// hall that has staff already, is 401.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	var req wire.SetupRequest
	if err := decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Token == "" || len(req.Token) > 128 || !printable(req.Token) {
		s.fail(w, r, queue.Errorf(queue.Unauthorized, "token: give the setup token the server printed (also in setup.token in its data folder)"))
		return
	}
	name := strings.TrimSpace(req.Name)
	if err := checkStaff(req.ID, name, wire.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	out := wire.StaffCreated{ID: req.ID, Name: name, Role: wire.RoleAdmin}
	pin := req.PIN
	if pin == "" {
		var err error
		if pin, err = queue.GeneratePIN(req.ID, 6); err != nil {
			s.fail(w, r, err)
			return
		}
		out.PIN = pin
	} else if err := queue.CheckPIN(req.ID, pin); err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.hashing.acquire(r.Context()) {
		tooMany(w, s.cfg.Limits.HashWait, "the server is busy checking PINs: try again in a moment")
		return
	}
	err := s.store.Setup(r.Context(), req.Token, req.ID, name, pin)
	s.hashing.release()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("first admin created with the setup token", "staff", req.ID)
	writeJSON(w, http.StatusCreated, out)
}

// putCatalog answers PUT /api/v1/admin/catalog for admins: the catalog JSON is checked
// and kept in the data folder, where the server loads it at its next start (the
// running hall keeps the catalog it started with, which its event log was written
// against). A catalog with a fault is 422 naming it, and changes nothing.
func (s *Server) putCatalog(w http.ResponseWriter, r *http.Request) {
	se, err := s.session(r, wire.RoleAdmin)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCatalog))
	if err != nil {
		s.fail(w, r, &apiError{http.StatusRequestEntityTooLarge, "too_large", "the catalog is over 4 MiB"})
		return
	}
	path, err := s.store.SaveCatalog(data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("catalog saved for the next start", "by", se.Staff, "path", path)
	writeJSON(w, http.StatusAccepted, map[string]any{"saved": path, "effective": "at the next start"})
}

// maxCatalog is the largest catalog accepted.
const maxCatalog = 4 << 20
