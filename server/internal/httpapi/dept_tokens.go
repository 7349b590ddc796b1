package httpapi

import (
	"net/http"
	"strings"

	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// Department tokens: a department's own approval system acts on that department's cases
// over v1 with a token an admin or supervisor issues (store.CreateDeptToken).

// createDeptToken answers POST /api/v1/admin/dept-tokens: a token for a department's
// own system, scoped to that department, shown once.
func (s *Server) createDeptToken(w http.ResponseWriter, r *http.Request) {
	var req wire.DeptTokenRequest
	se, ok := s.authorized(w, r, &req, store.RoleAdmin, store.RoleSupervisor)
	if !ok {
		return
	}
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" || len(req.Name) > 32 || !printable(req.Name) {
		s.fail(w, r, badRequest("name must be 1 to 32 printable ASCII characters"))
		return
	}
	token, err := s.store.CreateDeptToken(r.Context(), req.Name, req.Dept, se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, wire.DeptTokenResponse{Name: req.Name, Dept: req.Dept, Token: token})
}

// listDeptTokens answers GET /api/v1/admin/dept-tokens: the live department tokens by
// name, never the tokens.
func (s *Server) listDeptTokens(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleAdmin, store.RoleSupervisor); err != nil {
		s.fail(w, r, err)
		return
	}
	out := s.store.DeptTokens()
	if out == nil {
		out = []store.DeptTokenInfo{}
	}
	writeJSON(w, http.StatusOK, out)
}

// revokeDeptToken answers POST /api/v1/admin/dept-tokens/{name}/revoke.
func (s *Server) revokeDeptToken(w http.ResponseWriter, r *http.Request) {
	se, err := s.session(r, store.RoleAdmin, store.RoleSupervisor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.store.RevokeDeptToken(r.Context(), r.PathValue("name"), se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"revoked": n})
}
