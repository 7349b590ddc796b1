package city

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Config is what the city tier is started with.
type Config struct {
	Addr  string // listen address
	DB    string // PostgreSQL connection string
	Clock func() time.Time
	Options
}

// Server is a running city tier.
type Server struct {
	Store *Store
	http  *http.Server
	ln    net.Listener
}

// Start connects to PostgreSQL, applies the migrations and serves on cfg.Addr.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	st, err := Open(ctx, cfg.DB, cfg.Clock)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &Server{Store: st, ln: ln, http: &http.Server{
		Handler: Handler(st, cfg.Options), ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(cfg.Log.Handler(), slog.LevelWarn),
	}}
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cfg.Log.Error("serve", "err", err)
		}
	}()
	return s, nil
}

// URL is the city tier's base URL.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Close stops serving, lets requests under way finish, and closes the connections.
func (s *Server) Close(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	s.Store.Close()
	return err
}
