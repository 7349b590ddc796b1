package httpapi

import (
	"net/http"

	"onedoor/server/internal/store"
)

// unlockStaff answers POST /api/v1/admin/staff/{id}/unlock for supervisors: the
// account's lock and every address's lock on it are lifted, recorded as staff.unlocked.
func (s *Server) unlockStaff(w http.ResponseWriter, r *http.Request) {
	se, err := s.session(r, store.RoleSupervisor, store.RoleAdmin)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	if id == "" || len(id) > 32 || !printable(id) {
		s.fail(w, r, notFound("no such staff"))
		return
	}
	if err := s.store.Unlock(r.Context(), id, se.Staff); err != nil {
		s.fail(w, r, err)
		return
	}
	s.lockout.unlock(id)
	w.WriteHeader(http.StatusNoContent)
}

// listDevices answers GET /api/v1/admin/devices for supervisors: each device with a
// live token, how many and until when (never the tokens).
func (s *Server) listDevices(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"devices": s.store.Devices()})
}

// revokeDevice answers POST /api/v1/admin/devices/{name}/revoke for supervisors: every
// token of the device stops working at once, recorded as device.revoked.
func (s *Server) revokeDevice(w http.ResponseWriter, r *http.Request) {
	se, err := s.session(r, store.RoleSupervisor, store.RoleAdmin)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := r.PathValue("name")
	if name == "" || len(name) > 64 || !printable(name) {
		s.fail(w, r, notFound("no such device"))
		return
	}
	n, err := s.store.RevokeDevice(r.Context(), name, se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"device": name, "revoked": n})
}
