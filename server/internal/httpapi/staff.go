package httpapi

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// createStaff answers POST /api/v1/admin/staff: admins add any member of staff,
// supervisors only clerks. A weak PIN is refused (queue.CheckPIN); an empty one is
// generated and shown once in the answer.
func (s *Server) createStaff(w http.ResponseWriter, r *http.Request) {
	var req wire.StaffCreateRequest
	se, ok := s.authorized(w, r, &req, store.RoleSupervisor, store.RoleAdmin)
	if !ok {
		return
	}
	if se.Role != store.RoleAdmin && req.Role != store.RoleClerk {
		s.fail(w, r, queue.Errorf(queue.Forbidden, "a supervisor adds only clerks"))
		return
	}
	out, err := s.addStaff(r, req.ID, req.Name, req.Role, req.PIN, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

// addStaff checks a new member of staff and creates them: the id printable ASCII,
// the display name 1 to 32 characters of clean text, the role known, the PIN strong
// or generated. An officer is created with the departments depts.
func (s *Server) addStaff(r *http.Request, id, name, role, pin string, depts []string) (wire.StaffCreated, error) {
	name = strings.TrimSpace(name)
	check := checkStaff(id, name, role)
	if depts != nil && role == store.RoleOfficer { // officers come through their own route, with departments
		check = checkIDName(id, name)
	}
	if check != nil {
		return wire.StaffCreated{}, check
	}
	out := wire.StaffCreated{ID: id, Name: name, Role: role}
	if pin == "" {
		var err error
		if pin, err = queue.GeneratePIN(id, 6); err != nil {
			return out, err
		}
		out.PIN = pin
	} else if err := queue.CheckPIN(id, pin); err != nil {
		return out, err
	}
	if !s.hashing.acquire(r.Context()) {
		return out, queue.Errorf(queue.Unavailable, "the server is busy checking PINs: try again in a moment")
	}
	defer s.hashing.release()
	if role == store.RoleOfficer {
		return out, s.store.AddOfficer(r.Context(), id, name, pin, depts)
	}
	return out, s.store.AddStaff(r.Context(), id, name, role, pin)
}

// checkStaff validates a new member of staff's id, display name and role.
func checkStaff(id, name, role string) error {
	if err := checkIDName(id, name); err != nil {
		return err
	}
	switch role {
	case store.RoleClerk, store.RoleSupervisor, store.RoleAdmin:
		return nil
	}
	return queue.Errorf(queue.Invalid, "role must be clerk, supervisor or admin (officers: POST /api/v1/admin/officers)")
}

// checkIDName checks a new account's id (printable ASCII, no spaces or slashes) and
// display name (1 to 32 characters of clean text).
func checkIDName(id, name string) error {
	if id == "" || len(id) > 32 || !printable(id) || strings.ContainsAny(id, " /") {
		return queue.Errorf(queue.Invalid, "id must be 1 to 32 printable ASCII characters without spaces or slashes")
	}
	if err := queue.CheckText("name", name, false); err != nil {
		return err
	}
	if name == "" || utf8.RuneCountInString(name) > 32 {
		return queue.Errorf(queue.Invalid, "name (the display name documents print) must be 1 to 32 characters")
	}
	return nil
}

// listStaff answers GET /api/v1/admin/staff for supervisors and admins: id, display
// name, role and whether locked (never a PIN).
func (s *Server) listStaff(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"staff": s.store.StaffList()})
}

// createDevice answers POST /api/v1/admin/devices for admins and supervisors: a
// kiosk's (or another device's) bearer token, shown once.
func (s *Server) createDevice(w http.ResponseWriter, r *http.Request) {
	var req wire.DeviceCreateRequest
	if _, ok := s.authorized(w, r, &req, store.RoleSupervisor, store.RoleAdmin); !ok {
		return
	}
	if req.Name == "" || len(req.Name) > 64 || !printable(req.Name) || strings.ContainsAny(req.Name, " /") {
		s.fail(w, r, queue.Errorf(queue.Invalid, "name must be 1 to 64 printable ASCII characters without spaces or slashes"))
		return
	}
	token, err := s.store.CreateDeviceToken(r.Context(), req.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, wire.DeviceCreated{Name: req.Name, Token: token})
}

// createOfficer answers POST /api/v1/admin/officers for admins: a department officer,
// who decides the cases of the departments named (codes of the catalog's departments).
func (s *Server) createOfficer(w http.ResponseWriter, r *http.Request) {
	var req wire.OfficerCreateRequest
	if _, ok := s.authorized(w, r, &req, store.RoleAdmin); !ok {
		return
	}
	out, err := s.addStaff(r, req.ID, req.Name, store.RoleOfficer, req.PIN, req.Depts)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}
