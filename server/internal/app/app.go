// Package app wires the server: configuration from flags and the environment, the
// store, the hub, the HTTP API, the demo seed, and an orderly shutdown. The server's
// main is a one-line call to Main, and tests start the real thing on a loopback port.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
	_ "time/tzdata" // the center's zone works on machines without zoneinfo

	"onedoor/assets"
	"onedoor/internal/queue"
	"onedoor/server/internal/feed"
	"onedoor/server/internal/httpapi"
	"onedoor/server/internal/hub"
	"onedoor/server/internal/store"
)

// Config is everything the server is started with.
type Config struct {
	Addr        string
	Data        string
	CatalogPath string // empty: the embedded sample catalog
	// HolidaysPath is the official working calendar (public holidays, weekend days
	// worked) for promised dates; empty counts Monday to Friday.
	HolidaysPath string
	Center       string // overrides the catalog's center code
	TZ           string
	Demo         bool
	// DemoPublic lets the demo (whose accounts share a known PIN) listen beyond loopback.
	DemoPublic bool
	PublicURL  string
	Policy     queue.Policy
	// HeaderTimeout bounds how long a client may take to send its request headers
	// (slow-loris); default 5 s.
	HeaderTimeout time.Duration
	// MaxStreams caps the open stream connections; default 20,000, lowered to fit the
	// descriptor limit (limits.go).
	MaxStreams int
	// MaxReplays caps the replay pages read at once; default half the CPUs, at least 1.
	MaxReplays int
	// Retention is how long applicants' personal data is kept; 0 keeps it forever.
	Retention time.Duration
	// Clock is for tests; nil means time.Now.
	Clock func() time.Time
	// DebugAddr, when set, serves Go's profiler (net/http/pprof) there; loopback only.
	DebugAddr string
	// Pages serves the display pages; nil serves none.
	Pages http.Handler
	// ReadOnly starts on the data to investigate it (a broken chain is logged, not
	// refused): reads answer, every command gets 503.
	ReadOnly bool
	// Limits are the per-address rate limits (login, public calls) and the bound on PIN
	// checks at once; zero values take httpapi's defaults, a negative rate is off.
	Limits httpapi.Limits
	// TLS turns HTTPS on (tls.go).
	TLS TLSOptions
	// UnsafeNoSync skips fsync; UnsafeAnswerEarly answers before the commit. Both exist
	// only for the crash test's self-check.
	UnsafeNoSync, UnsafeAnswerEarly bool
	// Backup configures the timed backups (backup.go); off without a folder.
	Backup BackupConfig
	// Notify configures the outbox's senders: SMS gateway or log, department webhooks
	// (notify.go).
	Notify NotifyConfig
	City   CityConfig // the uplink to the city tier (uplink.go)
	// Remote configures tickets from a phone and Web Push (remote.go).
	Remote RemoteConfig
}

// ParseFlags reads the configuration from args, with ONEDOOR_* environment variables
// as defaults.
func ParseFlags(args []string, stderr io.Writer) (Config, error) {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(k, def string) string {
		if v, ok := os.LookupEnv("ONEDOOR_" + k); ok {
			return v
		}
		return def
	}
	c := Config{Policy: queue.DefaultPolicy(), Retention: 30 * 24 * time.Hour}
	fs.StringVar(&c.Addr, "addr", env("ADDR", ":8080"), "listen address (ONEDOOR_ADDR)")
	fs.StringVar(&c.Data, "data", env("DATA", "./data"), "data folder (ONEDOOR_DATA)")
	fs.StringVar(&c.CatalogPath, "catalog", env("CATALOG", ""), "catalog JSON file; empty uses the built-in sample (ONEDOOR_CATALOG)")
	fs.StringVar(&c.HolidaysPath, "holidays", env("HOLIDAYS", ""), `working calendar JSON {"off":[dates],"work":[dates]} for promised dates; empty counts Monday to Friday (ONEDOOR_HOLIDAYS)`)
	fs.StringVar(&c.Center, "center", env("CENTER", ""), "center code; empty uses the catalog's (ONEDOOR_CENTER)")
	fs.StringVar(&c.TZ, "tz", env("TZ_NAME", "Asia/Shanghai"), "the center's time zone (ONEDOOR_TZ_NAME)")
	fs.BoolVar(&c.Demo, "demo", env("DEMO", "") == "1", "seed demo windows, staff and a kiosk token (ONEDOOR_DEMO=1)")
	fs.BoolVar(&c.DemoPublic, "demo-public", false, "let -demo listen on a non-loopback address (its PINs are public: never in a real hall)")
	fs.StringVar(&c.PublicURL, "public-url", env("PUBLIC_URL", ""), "base URL printed in tracking links (ONEDOOR_PUBLIC_URL)")
	fs.DurationVar(&c.Retention, "retention", c.Retention, "how long applicants' personal data is kept (0 = forever)")
	policyFlags(fs, &c.Policy)
	fs.StringVar(&c.DebugAddr, "debug-addr", env("DEBUG_ADDR", ""), "serve Go's profiler on this loopback address, e.g. 127.0.0.1:6060 (ONEDOOR_DEBUG_ADDR)")
	fs.BoolVar(&c.ReadOnly, "read-only", env("READ_ONLY", "") == "1", "open the data read-only to investigate it: reads answer, commands get 503 (ONEDOOR_READ_ONLY=1)")
	if err := addBackupFlags(fs, &c.Backup, env); err != nil {
		return c, err
	}
	fs.Float64Var(&c.Limits.LoginRate, "rate-login", 0, "logins a second per client address; 0 = default (1, burst 20), -1 = off")
	fs.Float64Var(&c.Limits.PublicRate, "rate-public", 0, "anonymous calls a second per client address; 0 = default (50, burst 500), -1 = off")
	fs.BoolVar(&c.Limits.OnLoopback, "rate-loopback", false, "apply the per-address limits to loopback clients too (a proxy on this machine)")
	tlsFlags(fs, &c.TLS, env)
	notifyFlags(fs, &c.Notify, env)
	cityFlags(fs, &c.City, env)
	remoteFlags(fs, &c, env)
	fs.BoolVar(&c.UnsafeAnswerEarly, "unsafe-answer-early", false, "BROKEN ON PURPOSE: answer before the commit (crash test self-check only)")
	fs.BoolVar(&c.UnsafeNoSync, "unsafe-no-sync", false, "BROKEN ON PURPOSE: never fsync the data file (power-loss test self-check only)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return c, checkWorkOrderFlags(c.Policy.WorkOrders)
}

// Server is a running server.
type Server struct {
	cfg   Config
	Store *store.Store
	Hub   *hub.Hub
	Feed  *feed.Feed
	API   *httpapi.Server
	http  *http.Server
	debug *http.Server
	ln    net.Listener
	log   *slog.Logger
	tls   tlsState
	stop  chan struct{}
	done  chan struct{}
	// KioskToken is the demo kiosk's device token (demo only).
	KioskToken string
	// SetupToken is the first-run setup token when the hall had no staff (setup.go).
	SetupToken string

	backups *backups   // the timed backups; nil when off
	outbox  *outboxRun // the outbox's dispatcher; nil when read-only
	uplink  cityUplink // the uplink to the city tier; nil when off (uplink.go)
	vapid   vapidKeys  // the Web Push key pair; empty when read-only
}

// Start opens the store, seeds the demo if asked, and starts serving on cfg.Addr.
func Start(cfg Config, log *slog.Logger) (*Server, error) {
	if cfg.CatalogPath == "" {
		if saved := filepath.Join(cfg.Data, store.CatalogFile); fileExists(saved) {
			cfg.CatalogPath = saved // set through PUT /api/v1/admin/catalog
		}
	}
	cat, err := loadCatalog(cfg.CatalogPath)
	if err != nil {
		return nil, err
	}
	if cfg.Center != "" {
		cat.Center.Code = cfg.Center
	}
	var cal *queue.Calendar
	if cfg.HolidaysPath != "" {
		data, err := os.ReadFile(cfg.HolidaysPath)
		if err != nil {
			return nil, fmt.Errorf("read holidays: %w", err)
		}
		if cal, err = queue.ParseCalendar(data); err != nil {
			return nil, fmt.Errorf("holidays %s: %w", cfg.HolidaysPath, err)
		}
	}
	hooks, err := checkParts(cfg, cat)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(cfg.TZ)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", cfg.TZ, err)
	}
	if err := checkDemoAddr(cfg); err != nil {
		return nil, err
	}
	tlsConf, err := cfg.TLS.load()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &Server{cfg: cfg, ln: ln, log: log, Hub: hub.New(64), tls: tlsState{conf: tlsConf}, stop: make(chan struct{}), done: make(chan struct{})}
	if cfg.PublicURL == "" {
		cfg.PublicURL = s.URL()
	}
	// The feed is made first and handed to the store, which gives it each commit.
	s.Feed = feed.New(s.Hub, feed.Config{Loc: loc, Clock: cfg.Clock})
	s.Store, err = store.Open(store.Options{Dir: cfg.Data, Catalog: cat, Loc: loc, Policy: cfg.Policy, Clock: cfg.Clock, Calendar: cal,
		Logger: log, UnsafeNoSync: cfg.UnsafeNoSync, UnsafeAnswerEarly: cfg.UnsafeAnswerEarly, ReadOnly: cfg.ReadOnly,
		OnCommit: s.Feed.Enqueue, Outbox: withRelay(withTurnNotices(producer(hooks, cfg.Notify.ProvinceURL != ""), cfg.Remote.rules().NearAhead, cfg.PublicURL), cfg.City.URL != "")})
	if err != nil {
		s.Feed.Close()
		ln.Close()
		return nil, err
	}
	if err := s.startAPI(cfg); err != nil {
		s.abort()
		return nil, err
	}
	if err := s.startParts(); err != nil {
		s.abort()
		return nil, err
	}
	if err := s.startOutbox(hooks); err != nil {
		s.abort()
		return nil, err
	}
	ln = s.applyLimits(ln)
	go func() {
		if err := s.serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("serve", "err", err)
		}
	}()
	go s.ticker(s.startUplink())
	return s, nil
}

// checkParts checks the backups' and the outbox's configuration before anything is
// opened, and returns the department webhooks.
func checkParts(cfg Config, cat *queue.Catalog) (map[string]webhookConf, error) {
	if err := cfg.Backup.check(cfg.Data); err != nil {
		return nil, err
	}
	if err := errors.Join(checkNotify(cfg.Notify), cfg.City.check()); err != nil {
		return nil, err
	}
	return loadWebhooks(cfg.Notify.WebhooksPath, cat)
}

// startParts seeds the demo, makes the HTTP server, and starts the profiler, the timed
// backups and the HTTP redirect, as configured.
func (s *Server) startParts() error {
	cfg, api := s.cfg, s.API
	if cfg.HeaderTimeout <= 0 {
		cfg.HeaderTimeout = 5 * time.Second
	}
	var err error
	if cfg.Demo && !cfg.ReadOnly {
		if s.KioskToken, err = seedDemo(s.Store); err != nil {
			return fmt.Errorf("demo seed: %w", err)
		}
	}
	if err := s.beginSetup(); err != nil {
		return err
	}
	s.http = &http.Server{
		Handler:           hsts(api),
		TLSConfig:         s.tls.conf,
		ReadHeaderTimeout: cfg.HeaderTimeout,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	if cfg.DebugAddr != "" {
		if s.debug, _, err = startDebug(cfg.DebugAddr, s.log); err != nil {
			return err
		}
	}
	if s.backups, err = startBackups(cfg.Backup, s.Store, s.log); err != nil {
		return err
	}
	if s.backups != nil {
		if err := api.RegisterMetrics(s.backups.collectors()...); err != nil {
			return err
		}
	}
	if cfg.TLS.RedirectAddr != "" {
		return s.startRedirect(cfg.TLS.RedirectAddr, api, s.log)
	}
	return nil
}

// abort undoes a start that failed part way.
func (s *Server) abort() {
	s.closeRedirect()
	s.backups.close()
	if s.debug != nil {
		s.debug.Close()
	}
	s.outbox.close()
	s.Store.Close()
	s.Feed.Close()
	s.ln.Close()
}

// Addr returns the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// URL returns the server's base URL.
func (s *Server) URL() string { return s.tls.scheme() + "://" + publicHost(s.Addr()) }

// ticker rolls the day over at midnight even when nobody issues a ticket, and erases
// personal data past the retention period every hour.
func (s *Server) ticker(stopUplink func()) {
	defer close(s.done)
	defer stopUplink() // the city uplink (uplink.go) ends before Close closes the store
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	var lastErase time.Time
	for {
		if time.Since(lastErase) >= time.Hour {
			s.erase()
			lastErase = time.Now()
		}
		select {
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := s.Store.Tick(ctx); err != nil {
				s.log.Warn("day tick", "err", err)
			}
			cancel()
		case <-s.stop:
			return
		}
	}
}

// erase removes applicants' personal data older than the retention period.
func (s *Server) erase() {
	if s.cfg.Retention <= 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := s.Store.ErasePersonalData(ctx, s.Store.Now().Add(-s.cfg.Retention))
	if err != nil {
		s.log.Warn("erase personal data", "err", err)
	} else if n > 0 {
		s.log.Info("erased personal data past retention", "applicants", n, "retention", s.cfg.Retention)
	}
}

// Close shuts down in order: stop accepting and finish requests, close the streams (which
// Shutdown does not), then close the store after its queued commands.
func (s *Server) Close(ctx context.Context) error {
	close(s.stop)
	<-s.done
	s.backups.close()
	s.closeRedirect()
	err := s.http.Shutdown(ctx)
	if s.debug != nil {
		s.debug.Close()
	}
	s.outbox.close() // its attempts end before the file closes
	if cerr := s.Store.Close(); err == nil {
		err = cerr
	}
	s.Feed.Close() // the store's last events are published before the streams close
	s.Hub.Close()
	return err
}

func loadCatalog(path string) (*queue.Catalog, error) {
	data := assets.CatalogJSON
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("read catalog: %w", err)
		}
	}
	cat, err := queue.ParseCatalog(data)
	if err != nil {
		return nil, fmt.Errorf("load catalog %s: %w", orDefault(path, "(built-in sample)"), err)
	}
	return cat, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// publicHost turns a listen address into one a browser can reach.
func publicHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
