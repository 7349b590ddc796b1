package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"slices"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// Web sessions: the staff's pages served by the server (the department workbench, and
// later a supervisors' console) log in with a staff id and PIN like the apps, under the
// same rate limit and lockout, and get the session's token in a cookie instead of a
// bearer header: HttpOnly (no script reads it), SameSite=Strict (no other site's page
// sends it), Secure when the request came over TLS, Path=/.
//
// A cookie is sent by the browser on its own, so every request that changes something
// must also carry the session's CSRF token in the X-CSRF-Token header, which only the
// server's own page has (it is in the login's answer and in GET /api/v1/web/session).
// The CSRF token is a one-way hash of the session token: it changes with every login,
// needs nothing stored, and reveals nothing of the cookie. Bearer tokens need none of
// this and keep working for every call.

// SessionCookie is the name of the web session's cookie.
const SessionCookie = "onedoor_session"

// CSRFHeader is the header that carries a web session's CSRF token.
const CSRFHeader = "X-CSRF-Token"

// webRoles are the roles that may hold a web session.
var webRoles = []string{store.RoleOfficer, store.RoleSupervisor, store.RoleAdmin}

// csrfToken is the CSRF token of the session whose bearer token is token.
func csrfToken(token string) string {
	sum := sha256.Sum256([]byte("onedoor csrf v1\x00" + token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// safeMethod reports whether a method only reads.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// credential returns the request's token: its bearer token, or else its session
// cookie's, which for a request that may change something counts only with the
// session's CSRF token in CSRFHeader (Forbidden without it or with a wrong one). No
// credential is "".
func (s *Server) credential(r *http.Request) (string, error) {
	if t := bearer(r); t != "" {
		return t, nil
	}
	ck, err := r.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		return "", nil
	}
	if !safeMethod(r.Method) {
		got := r.Header.Get(CSRFHeader)
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(csrfToken(ck.Value))) != 1 {
			return "", queue.Errorf(queue.Forbidden, "the request lacks this page's CSRF token (%s): reload the page", CSRFHeader)
		}
	}
	return ck.Value, nil
}

// setSessionCookie sets the session cookie for token, lasting as long as the session
// (a Max-Age, so a browser whose clock is off keeps it as long), or clears it when
// token is "".
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, se store.Session) {
	ck := &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: -1}
	if token != "" {
		ck.MaxAge = max(1, int(se.Expires.Sub(s.store.Now()).Seconds()))
	}
	http.SetCookie(w, ck)
}

// webLogin answers POST /api/v1/web/login ({staff, pin}): the session cookie and the
// session with its CSRF token. Only webRoles may; a clerk logs in at a window instead.
func (s *Server) webLogin(w http.ResponseWriter, r *http.Request) {
	var req wire.LoginRequest
	if err := decode(w, r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Window != 0 || req.Agent || req.TakeOver {
		s.fail(w, r, queue.Errorf(queue.Invalid, "a web page logs in with staff and pin only"))
		return
	}
	token, se, st, ok := s.checkPIN(w, r, req)
	if !ok {
		return
	}
	if !slices.Contains(webRoles, se.Role) {
		if err := s.store.Logout(r.Context(), token); err != nil {
			s.fail(w, r, err)
			return
		}
		s.fail(w, r, queue.Errorf(queue.Forbidden, "a %s does not use this page (本页面仅供部门审批人员和主管使用)", se.Role))
		return
	}
	s.setSessionCookie(w, r, token, se)
	writeJSON(w, http.StatusOK, s.webSessionView(token, se, st.Name))
}

// webSessionView is the answer of a web session.
func (s *Server) webSessionView(token string, se store.Session, name string) wire.WebSession {
	return wire.WebSession{Staff: se.Staff, Name: name, Role: se.Role, Depts: se.Depts, CSRF: csrfToken(token),
		ExpiresAt: se.Expires.In(s.store.Location())}
}

// webSession answers GET /api/v1/web/session: the cookie's session, 401 without one.
func (s *Server) webSession(w http.ResponseWriter, r *http.Request) {
	ck, err := r.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		s.fail(w, r, queue.Errorf(queue.Unauthorized, "not logged in"))
		return
	}
	se, err := s.session(r, webRoles...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.webSessionView(ck.Value, se, s.store.StaffName(se.Staff)))
}

// webLogout answers POST /api/v1/web/logout (with the CSRF token): the session ends and
// the cookie is cleared.
func (s *Server) webLogout(w http.ResponseWriter, r *http.Request) {
	token, err := s.credential(r)
	if err == nil && token == "" {
		err = queue.Errorf(queue.Unauthorized, "not logged in")
	}
	if err == nil {
		err = s.store.Logout(r.Context(), token)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setSessionCookie(w, r, "", store.Session{})
	w.WriteHeader(http.StatusNoContent)
}

// routesWorkbench adds the routes of the department workbench: the web session, the
// case reads of its case page, and the department tokens.
func (s *Server) routesWorkbench(m *http.ServeMux) {
	m.HandleFunc("POST /api/v1/web/login", s.limited(s.loginLimit, s.webLogin))
	m.HandleFunc("GET /api/v1/web/session", s.webSession)
	m.HandleFunc("POST /api/v1/web/logout", s.webLogout)
	m.HandleFunc("GET /api/v1/cases/{no}/events", s.caseEvents)
	m.HandleFunc("GET /api/v1/cases/{no}/applicant", s.caseApplicant)
	m.HandleFunc("POST /api/v1/cases/{no}/reveal", s.caseReveal)
	m.HandleFunc("POST /api/v1/admin/dept-tokens", s.createDeptToken)
	m.HandleFunc("GET /api/v1/admin/dept-tokens", s.listDeptTokens)
	m.HandleFunc("POST /api/v1/admin/dept-tokens/{name}/revoke", s.revokeDeptToken)
}
