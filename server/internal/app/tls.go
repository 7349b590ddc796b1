package app

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// TLSOptions turn HTTPS on. With CertFile and KeyFile the server speaks only TLS (HTTP/2
// for the API and pages, HTTP/1.1 for the websocket stream, which browsers and Go clients
// open over HTTP/1.1: the server does not offer RFC 8441 websockets over HTTP/2), and
// every answer carries HSTS. RedirectAddr, when set, answers plain HTTP there with a 308
// to the same path over HTTPS, and /healthz plainly for a load balancer's probe.
type TLSOptions struct {
	CertFile, KeyFile string
	RedirectAddr      string
}

// hstsValue is the Strict-Transport-Security header of TLS answers: a year. Browsers
// ignore it for IP addresses, so it only binds halls reached by name.
const hstsValue = "max-age=31536000"

// tlsFlags adds -tls-cert, -tls-key and -http-redirect, with environment fallbacks.
func tlsFlags(fs *flag.FlagSet, o *TLSOptions, env func(k, def string) string) {
	fs.StringVar(&o.CertFile, "tls-cert", env("TLS_CERT", ""), "TLS certificate (PEM, chain after the leaf) to serve HTTPS; make certs writes data/tls/server.pem (ONEDOOR_TLS_CERT)")
	fs.StringVar(&o.KeyFile, "tls-key", env("TLS_KEY", ""), "TLS private key (PEM) of -tls-cert (ONEDOOR_TLS_KEY)")
	fs.StringVar(&o.RedirectAddr, "http-redirect", env("HTTP_REDIRECT", ""), "with TLS: also listen for plain HTTP here, e.g. :80, and redirect it to HTTPS (ONEDOOR_HTTP_REDIRECT)")
}

// tlsState is the running server's TLS part.
type tlsState struct {
	conf       *tls.Config  // nil: plain HTTP
	redirect   *http.Server // nil: no plain HTTP listener
	redirectLn net.Listener
}

// load checks the options and reads the certificate. Both nil: TLS is off.
func (o TLSOptions) load() (*tls.Config, error) {
	if o.CertFile == "" && o.KeyFile == "" {
		if o.RedirectAddr != "" {
			return nil, errors.New("-http-redirect needs -tls-cert and -tls-key")
		}
		return nil, nil
	}
	if o.CertFile == "" || o.KeyFile == "" {
		return nil, errors.New("TLS needs both -tls-cert and -tls-key")
	}
	cert, err := tls.LoadX509KeyPair(o.CertFile, o.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("load TLS certificate %s and key %s: %w", o.CertFile, o.KeyFile, err)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
		NextProtos:   []string{"h2", "http/1.1"},
	}, nil
}

// scheme is "https" with TLS on, else "http".
func (t *tlsState) scheme() string {
	if t.conf != nil {
		return "https"
	}
	return "http"
}

// hsts adds the HSTS header to every answer over TLS.
func hsts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil {
			w.Header().Set("Strict-Transport-Security", hstsValue)
		}
		next.ServeHTTP(w, r)
	})
}

// serve serves ln with TLS when it is on (the certificate is in s.http.TLSConfig, and
// ServeTLS sets up HTTP/2), plain HTTP otherwise.
func (s *Server) serve(ln net.Listener) error {
	if s.tls.conf == nil {
		return s.http.Serve(ln)
	}
	return s.http.ServeTLS(ln, "", "")
}

// startRedirect listens for plain HTTP on addr and redirects it to the TLS listener.
func (s *Server) startRedirect(addr string, health http.Handler, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen for the HTTP redirect: %w", err)
	}
	s.tls.redirectLn = ln
	_, tlsPort, _ := net.SplitHostPort(s.Addr())
	s.tls.redirect = &http.Server{
		Handler:           redirectHandler(tlsPort, health),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		IdleTimeout:       30 * time.Second,
		MaxHeaderBytes:    8 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := s.tls.redirect.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("serve HTTP redirect", "err", err)
		}
	}()
	return nil
}

// redirectHandler answers GET /healthz with health (a load balancer's plain probe) and
// everything else with a 308 to the same host, path and query on the TLS port.
func redirectHandler(tlsPort string, health http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			health.ServeHTTP(w, r)
			return
		}
		host, ok := requestHost(r.Host)
		if !ok {
			http.Error(w, "bad Host header", http.StatusBadRequest)
			return
		}
		if tlsPort != "443" {
			host = net.JoinHostPort(host, tlsPort)
		} else if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
		w.Header().Set("Connection", "close")
		http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), http.StatusPermanentRedirect)
	})
}

// requestHost takes the hostname out of a Host header (dropping the port) and accepts it
// only if it is an IP address or a plain DNS name, so the redirect cannot be steered to
// another path or scheme.
func requestHost(h string) (string, bool) {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	} else if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	if h == "" || len(h) > 253 {
		return "", false
	}
	if net.ParseIP(h) != nil {
		return h, true
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return "", false
		}
	}
	return h, true
}

// RedirectAddr returns the address of the plain HTTP redirect listener, or "" without one.
func (s *Server) RedirectAddr() string {
	if s.tls.redirectLn == nil {
		return ""
	}
	return s.tls.redirectLn.Addr().String()
}

// closeRedirect stops the plain HTTP listener, if any.
func (s *Server) closeRedirect() {
	if s.tls.redirect != nil {
		s.tls.redirect.Close()
	}
}
