// Package httpapi serves the v1 API of the design over HTTP: one file per resource, one
// place (respond.go) that maps domain errors to statuses, and the stream through the hub.
package httpapi

import (
	"bufio"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// MaxBody is the largest request body accepted.
const MaxBody = 64 << 10

// Config is what the API needs besides the store and the hub.
type Config struct {
	// PublicURL is the base of the tracking links printed on tickets, e.g. http://hall.example:8080.
	PublicURL string
	Logger    *slog.Logger
	// Pages, when set, serves everything outside /api/ (the display pages).
	Pages http.Handler
	// Limits are the per-address rate limits and the bound on PIN checks at once.
	Limits Limits
	// Remote configures tickets from a phone and Web Push (remote.go).
	Remote RemoteConfig
}

// Server is the HTTP face of one center.
type Server struct {
	store   Store
	hub     Hub
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	mux     *http.ServeMux

	loginLimit, publicLimit *addrLimiter
	hashing                 *hashing
	lockout                 *lockout
	checkinLock             *lockout // wrong last-four digits per phone ticket number
	waitsCache              waitsCache
}

// New returns the API server over the store and the hub (the event feed publishes to
// the hub on its own: see package feed).
func New(st Store, h Hub, cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	s := &Server{store: st, hub: h, cfg: cfg, log: cfg.Logger, mux: http.NewServeMux()}
	s.metrics = newMetrics(s)
	s.cfg.Limits = cfg.Limits.withDefaults()
	s.loginLimit = newAddrLimiter(s.cfg.Limits.LoginRate, s.cfg.Limits.LoginBurst)
	s.publicLimit = newAddrLimiter(s.cfg.Limits.PublicRate, s.cfg.Limits.PublicBurst)
	s.lockout = newLockout()
	s.checkinLock = newLockout()
	s.hashing = newHashing(s.cfg.Limits.MaxHashing, s.cfg.Limits.HashWait)
	s.routes()
	return s
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", s.healthz)
	m.Handle("GET /metrics", s.metrics.handler())
	m.HandleFunc("GET /api/v1/catalog", s.limited(s.publicLimit, s.catalog))
	m.HandleFunc("GET /api/v1/queue", s.limited(s.publicLimit, s.queue))
	m.HandleFunc("GET /api/v1/waits", s.waits)
	m.HandleFunc("POST /api/v1/tickets", s.issue)
	m.HandleFunc("GET /api/v1/tickets/{id}", s.limited(s.publicLimit, s.ticket))
	m.HandleFunc("POST /api/v1/tickets/{id}/cancel", s.limited(s.publicLimit, s.cancel))
	m.HandleFunc("POST /api/v1/tickets/{id}/reinstate", s.reinstate)
	m.HandleFunc("POST /api/v1/tickets/{id}/rating", s.limited(s.publicLimit, s.rate))
	s.routesRemote(m)
	m.HandleFunc("POST /api/v1/admin/notice", s.notice)
	m.HandleFunc("POST /api/v1/login", s.limited(s.loginLimit, s.login))
	m.HandleFunc("POST /api/v1/logout", s.logout)
	m.HandleFunc("GET /api/v1/windows/{n}/current", s.current)
	m.HandleFunc("POST /api/v1/windows/{n}/reveal", s.reveal)
	m.HandleFunc("POST /api/v1/windows/{n}/{action}", s.windowAction)
	m.HandleFunc("POST /api/v1/devices/status", s.deviceStatus)
	m.HandleFunc("GET /api/v1/events", s.events)
	m.HandleFunc("GET /api/v1/documents/{id}", s.documentPDF)
	m.HandleFunc("GET /api/v1/stream", s.stream)
	m.HandleFunc("GET /api/v1/admin/backup", s.backup)
	m.HandleFunc("GET /api/v1/admin/digests", s.digests)
	m.HandleFunc("GET /api/v1/stats/priority", s.priorityStats)
	m.HandleFunc("GET /api/v1/stats/estimates", s.estimateStats)
	m.HandleFunc("GET /api/v1/cases", s.inbox)
	m.HandleFunc("GET /api/v1/cases/{no}", s.caseGet)
	m.HandleFunc("GET /api/v1/cases/{no}/refusal.pdf", s.refusalPDF)
	m.HandleFunc("POST /api/v1/cases/{no}/{action}", s.caseAction)
	m.HandleFunc("POST /api/v1/admin/officers", s.createOfficer)
	m.HandleFunc("POST /api/v1/pickups", s.pickup)
	m.HandleFunc("POST /api/v1/admin/windows", s.createWindow)
	m.HandleFunc("POST /api/v1/admin/appointments", s.book)
	m.HandleFunc("POST /api/v1/admin/staff/{id}/unlock", s.unlockStaff)
	m.HandleFunc("GET /api/v1/admin/devices", s.listDevices)
	m.HandleFunc("POST /api/v1/admin/devices/{name}/revoke", s.revokeDevice)
	m.HandleFunc("POST /api/v1/admin/devices", s.createDevice)
	m.HandleFunc("GET /api/v1/admin/staff", s.listStaff)
	m.HandleFunc("POST /api/v1/admin/staff", s.createStaff)
	m.HandleFunc("PUT /api/v1/admin/catalog", s.putCatalog)
	m.HandleFunc("POST /api/v1/setup", s.limited(s.loginLimit, s.setup))
	s.routesWorkbench(m)
	s.routesConsole(m)
	s.routesConsolePage(m)
	s.routesCatalog(m)
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, notFound("no such API call: "+r.Method+" "+r.URL.Path))
	})
	if s.cfg.Pages != nil {
		m.Handle("/", s.cfg.Pages)
	}
}

// ServeHTTP answers a request, recording its latency and recovering from panics.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: 200}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic in handler", "path", r.URL.Path, "panic", p)
			if !rec.wrote {
				s.fail(rec, r, errInternal)
			}
		}
		// the mux has put the route's pattern on r: no second lookup per request
		s.metrics.observe(r.Pattern, rec.status, time.Since(start))
	}()
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController and the websocket upgrader reach the connection.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if s.store.StorageFull() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "storage full", "seq": s.store.LastSeq()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "seq": s.store.LastSeq(), "subscribers": s.hub.Count()})
}

// Hijack hands the connection to the websocket upgrader.
func (r *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := r.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("the connection cannot be taken over")
	}
	r.wrote, r.status = true, http.StatusSwitchingProtocols
	return h.Hijack()
}
