package httpapi

import (
	"net/http"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// staffTarget authenticates a console's change to a member of staff: admins change
// anyone, supervisors only clerks. It returns the session and the target's role.
func (s *Server) staffTarget(w http.ResponseWriter, r *http.Request) (store.Session, string, string, bool) {
	se, ok := s.authorized(w, r, &struct{}{}, consoleRoles...)
	if !ok {
		return se, "", "", false
	}
	id := r.PathValue("id")
	role, found := s.store.StaffRole(id)
	if !found || len(id) > 32 || !printable(id) {
		s.fail(w, r, notFound("no such member of staff"))
		return se, "", "", false
	}
	if se.Role != store.RoleAdmin && role != store.RoleClerk {
		s.fail(w, r, queue.Errorf(queue.Forbidden, "a supervisor changes only clerks"))
		return se, "", "", false
	}
	return se, id, role, true
}

// disableStaff answers POST /api/v1/admin/staff/{id}/disable: the account logs in no
// more and its sessions end (staff.disabled).
func (s *Server) disableStaff(w http.ResponseWriter, r *http.Request) {
	se, id, _, ok := s.staffTarget(w, r)
	if !ok {
		return
	}
	if err := s.store.DisableStaff(r.Context(), id, se.Staff); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// resetStaffPIN answers POST /api/v1/admin/staff/{id}/pin: a new PIN, generated and
// shown once in the answer; the account's sessions end (staff.pin_reset).
func (s *Server) resetStaffPIN(w http.ResponseWriter, r *http.Request) {
	se, id, role, ok := s.staffTarget(w, r)
	if !ok {
		return
	}
	pin, err := queue.GeneratePIN(id, 6)
	if err == nil && !s.hashing.acquire(r.Context()) {
		err = queue.Errorf(queue.Unavailable, "the server is busy checking PINs: try again in a moment")
	} else if err == nil {
		defer s.hashing.release()
		err = s.store.ResetPIN(r.Context(), id, pin, se.Staff)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.StaffCreated{ID: id, Name: s.store.StaffName(id), Role: role, PIN: pin})
}

// StaffRoleRequest is the body of POST /api/v1/admin/staff/{id}/role.
type StaffRoleRequest struct {
	Role string `json:"role"` // clerk, supervisor or admin
}

// setStaffRole answers POST /api/v1/admin/staff/{id}/role: an admin gives a member of
// staff another role; their sessions end (staff.role_set). Supervisors get 403: they
// neither make admins nor change supervisors.
func (s *Server) setStaffRole(w http.ResponseWriter, r *http.Request) {
	var req StaffRoleRequest
	se, ok := s.authorized(w, r, &req, store.RoleAdmin)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if _, found := s.store.StaffRole(id); !found || len(id) > 32 || !printable(id) {
		s.fail(w, r, notFound("no such member of staff"))
		return
	}
	if err := s.store.SetStaffRole(r.Context(), id, req.Role, se.Staff); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.StaffCreated{ID: id, Name: s.store.StaffName(id), Role: req.Role})
}
