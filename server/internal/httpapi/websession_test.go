package httpapi

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// webFake is the fake store with an officer's login and a count of case actions done.
type webFake struct {
	*fakeStore
	role    string // the role the login answers; "" is officer
	acted   int
	logouts []string
}

func (f *webFake) Login(context.Context, string, string, int, bool, bool) (string, store.Session, *store.Staff, error) {
	se := fakeSessions["officer-token"]
	if f.role != "" {
		se.Role = f.role
	}
	return "officer-token", se, &store.Staff{ID: se.Staff, Name: "审批员"}, nil
}

func (f *webFake) Logout(_ context.Context, token string) error {
	f.logouts = append(f.logouts, token)
	return nil
}

func (f *webFake) DecideCaseOnce(ctx context.Context, cmd queue.CaseCmd, key string) (queue.Case, error) {
	f.acted++
	return f.fakeStore.DecideCaseOnce(ctx, cmd, key)
}

func newWebFake(f *webFake) *Server {
	return New(f, &fakeHub{}, Config{Logger: slog.New(slog.DiscardHandler)})
}

// webLoginCookie logs in over /api/v1/web/login, over TLS when tlsOn, and returns the
// answer.
func webLoginCookie(t *testing.T, s *Server, tlsOn bool) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("POST", "/api/v1/web/login", strings.NewReader(`{"staff":"o1","pin":"123456"}`))
	if tlsOn {
		r.TLS = &tls.ConnectionState{}
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// TestWebLoginCookieFlags: the session cookie is HttpOnly, SameSite=Strict, Path=/,
// Secure exactly when the login came over TLS, and the answer carries the session's
// CSRF token.
func TestWebLoginCookieFlags(t *testing.T) {
	for _, tlsOn := range []bool{false, true} {
		s := newWebFake(&webFake{fakeStore: &fakeStore{}})
		w := webLoginCookie(t, s, tlsOn)
		if w.Code != 200 {
			t.Fatalf("web login: %d %s", w.Code, w.Body)
		}
		cks := w.Result().Cookies()
		if len(cks) != 1 {
			t.Fatalf("cookies: %v", cks)
		}
		ck := cks[0]
		if ck.Name != SessionCookie || ck.Value != "officer-token" || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" || ck.Secure != tlsOn || ck.MaxAge <= 0 {
			t.Errorf("tls %v: cookie %q", tlsOn, w.Header().Get("Set-Cookie"))
		}
		if !strings.Contains(w.Body.String(), `"csrf":"`+csrfToken("officer-token")+`"`) {
			t.Errorf("the login's answer lacks the CSRF token: %s", w.Body)
		}
	}
}

// TestWebLoginRefusesOtherRoles: a clerk's PIN on the web login is refused 403 and the
// session it started ends at once; no cookie is set.
func TestWebLoginRefusesOtherRoles(t *testing.T) {
	f := &webFake{fakeStore: &fakeStore{}, role: store.RoleClerk}
	w := webLoginCookie(t, newWebFake(f), false)
	if w.Code != http.StatusForbidden || len(w.Result().Cookies()) != 0 || len(f.logouts) != 1 {
		t.Fatalf("a clerk's web login: %d, cookies %v, logouts %v", w.Code, w.Result().Cookies(), f.logouts)
	}
}

// TestCookieSessionNeedsCSRF: with the session cookie, a read needs nothing more, and a
// change needs the session's CSRF token: without it or with a wrong one it is refused
// 403 and the store is not asked; a bearer token needs no CSRF token.
func TestCookieSessionNeedsCSRF(t *testing.T) {
	for _, tc := range []struct {
		name, method, path, bearer, csrf string
		status, acted                    int
	}{
		{"a read with the cookie", "GET", "/api/v1/cases/C-1", "", "", 200, 0},
		{"no CSRF token", "POST", "/api/v1/cases/C-1/claim", "", "", 403, 0},
		{"a wrong CSRF token", "POST", "/api/v1/cases/C-1/claim", "", "x" + csrfToken("officer-token")[1:], 403, 0},
		{"another session's CSRF token", "POST", "/api/v1/cases/C-1/claim", "", csrfToken("supervisor-token"), 403, 0},
		{"the CSRF token", "POST", "/api/v1/cases/C-1/claim", "", csrfToken("officer-token"), 200, 1},
		{"a bearer token", "POST", "/api/v1/cases/C-1/claim", "officer-token", "", 200, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &webFake{fakeStore: &fakeStore{}}
			s := newWebFake(f)
			r := httptest.NewRequest(tc.method, tc.path, strings.NewReader(`{}`))
			r.AddCookie(&http.Cookie{Name: SessionCookie, Value: "officer-token"})
			if tc.bearer != "" {
				r.Header.Set("Authorization", "Bearer "+tc.bearer)
			}
			if tc.csrf != "" {
				r.Header.Set(CSRFHeader, tc.csrf)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != tc.status || f.acted != tc.acted {
				t.Fatalf("%d %s, store asked %d times; want %d, %d", w.Code, w.Body, f.acted, tc.status, tc.acted)
			}
		})
	}
}
