package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// bearer returns the token of an Authorization: Bearer header.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// session authenticates the request (a bearer token, or a web page's session cookie
// with its CSRF token: see websession.go) and checks its role is one of roles.
func (s *Server) session(r *http.Request, roles ...string) (store.Session, error) {
	token, err := s.credential(r)
	if err != nil {
		return store.Session{}, err
	}
	se, err := s.store.Authenticate(token)
	if err != nil {
		return se, err
	}
	if se.Agent {
		return se, errAgentOnly
	}
	for _, role := range roles {
		if se.Role == role {
			return se, nil
		}
	}
	return se, queue.Errorf(queue.Forbidden, "a %s may not do this", se.Role)
}

// windowSession authenticates a window command: a clerk acts only on the window they
// logged in to; supervisors and admins on any.
func (s *Server) windowSession(r *http.Request) (store.Session, int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > 999 {
		return store.Session{}, 0, notFound("no such window: " + r.PathValue("n"))
	}
	se, err := s.session(r, store.RoleClerk, store.RoleSupervisor, store.RoleAdmin)
	if err != nil {
		return se, 0, err
	}
	if se.Role == store.RoleClerk && se.Window != n {
		return se, 0, queue.Errorf(queue.Forbidden, "you are logged in to window %d, not %d", se.Window, n)
	}
	return se, n, nil
}

func isStaff(se store.Session) bool {
	return se.Role == store.RoleClerk || se.Role == store.RoleSupervisor || se.Role == store.RoleAdmin
}

// authorized checks the request's token against roles and decodes its JSON body into v;
// on failure it has answered and returns false.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request, v any, roles ...string) (store.Session, bool) {
	se, err := s.session(r, roles...)
	if err == nil {
		err = decode(w, r, v, false)
	}
	if err != nil {
		s.fail(w, r, err)
		return se, false
	}
	return se, true
}
