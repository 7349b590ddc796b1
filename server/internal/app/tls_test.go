package app

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"onedoor/internal/certs"
	"onedoor/internal/certs/certstest"
	"onedoor/internal/client"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// tlsHall is a demo server serving TLS with a certificate from a test CA, and what a
// kiosk or caller needs to trust it.
type tlsHall struct {
	*testServer
	certs certs.Paths
	opts  []client.Option // trust the test CA, as -ca does
}

func startTLS(t *testing.T, tune func(*Config)) *tlsHall {
	t.Helper()
	p := certstest.New(t, "localhost", "127.0.0.1")
	ts := startServerWith(t, func(c *Config) {
		c.TLS = TLSOptions{CertFile: p.Cert, KeyFile: p.Key}
		if tune != nil {
			tune(c)
		}
	})
	opts, err := client.CAOption(p.CA)
	if err != nil {
		t.Fatal(err)
	}
	ts.kiosk = client.New(ts.URL(), ts.KioskToken, opts...)
	return &tlsHall{testServer: ts, certs: p, opts: opts}
}

// httpClient is a plain net/http client trusting the test CA, not following redirects.
func (h *tlsHall) httpClient(t *testing.T) *http.Client {
	t.Helper()
	conf, err := client.CAConfig(h.certs.CA)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Timeout: 5 * time.Second,
		Transport:     &http.Transport{TLSClientConfig: conf, ForceAttemptHTTP2: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// TestTLSKioskAndCallerEndToEnd runs the kiosk's and the caller's path through
// internal/client over TLS: issue, log in, open, call, and a board following the stream
// over WSS sees the call.
func TestTLSKioskAndCallerEndToEnd(t *testing.T) {
	h := startTLS(t, nil)
	if !strings.HasPrefix(h.URL(), "https://") {
		t.Fatalf("URL %s: want https with TLS on", h.URL())
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var mu sync.Mutex
	var called []string
	up := make(chan bool, 8)
	board := client.New(h.URL(), "", h.opts...)
	done := make(chan error, 1)
	go func() {
		done <- board.Subscribe(ctx, client.StreamOptions{View: "board", OnState: func(s bool) { up <- s }}, func(ev wire.Event) {
			if ev.Type == "ticket.called" && ev.Ticket != nil {
				mu.Lock()
				called = append(called, ev.Ticket.Number)
				mu.Unlock()
			}
		})
	}()
	select {
	case s := <-up:
		if !s {
			t.Fatal("stream over WSS did not connect")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("stream over WSS: no state within 10 s")
	}

	tk, err := h.kiosk.Issue(ctx, wire.IssueRequest{Item: itemA}, "tls-1")
	if err != nil {
		t.Fatalf("issue over TLS: %v", err)
	}
	clerk := client.New(h.URL(), "", h.opts...)
	if _, err := clerk.Login(ctx, wire.LoginRequest{Staff: "demo2", PIN: DemoPIN, Window: 2}); err != nil {
		t.Fatalf("login over TLS: %v", err)
	}
	if _, err := clerk.WindowState(ctx, 2, "open", ""); err != nil {
		t.Fatal(err)
	}
	got, _, err := clerk.Call(ctx, 2)
	if err != nil || got.Number != tk.Number {
		t.Fatalf("call over TLS: %+v, %v; want %s", got, err, tk.Number)
	}
	testkit.Until(t, "the call on the WSS stream", 5*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(called) == 1 && called[0] == tk.Number
	})
	if !strings.HasPrefix(tk.TrackURL, "https://") {
		t.Errorf("track_url %q: want https", tk.TrackURL)
	}
	cancel()
	<-done
}

// TestTLSAnswersSpeakHTTP2WithHSTS: a client offering HTTP/2 (as browsers do) gets the
// API over HTTP/2, every answer with HSTS; plain HTTP on the TLS port gets no 200. (The
// stream over WSS beside HTTP/2 is TestBoardOverHTTPSWithTheLocalCATrusted's.)
func TestTLSAnswersSpeakHTTP2WithHSTS(t *testing.T) {
	h := startTLS(t, nil)
	hc := h.httpClient(t)
	for _, path := range []string{"/api/v1/queue", "/healthz", "/api/v1/nope"} {
		resp, err := hc.Get(h.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.ProtoMajor != 2 {
			t.Errorf("%s: %s, want HTTP/2", path, resp.Proto)
		}
		if got := resp.Header.Get("Strict-Transport-Security"); got != hstsValue {
			t.Errorf("%s: Strict-Transport-Security %q, want %q", path, got, hstsValue)
		}
	}
	// Plain HTTP on the TLS port gets no answer from the API.
	resp, err := http.Get("http" + strings.TrimPrefix(h.URL(), "https") + "/api/v1/queue")
	if err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Fatalf("plain HTTP on the TLS port answered 200: %s", body)
		}
	}
}

// TestTLSWrongCertificateIsRefusedClearly: a client trusting another CA, or only the
// system's roots, refuses the server, and says why in words a technician can act on.
func TestTLSWrongCertificateIsRefusedClearly(t *testing.T) {
	h := startTLS(t, nil)
	other := certstest.New(t, "localhost", "127.0.0.1")
	wrong, err := client.CAOption(other.CA)
	if err != nil {
		t.Fatal(err)
	}
	for name, opts := range map[string][]client.Option{"another CA": wrong, "system roots only": nil} {
		c := client.New(h.URL(), h.KioskToken, opts...)
		_, err := c.Issue(context.Background(), wire.IssueRequest{Item: itemA}, "wrong-"+name)
		var unknown x509.UnknownAuthorityError
		if err == nil || !errors.As(err, &unknown) {
			t.Fatalf("%s: issue answered %v, want an unknown-authority refusal", name, err)
		}
		if !strings.Contains(err.Error(), "not signed by a trusted CA") || !strings.Contains(err.Error(), "-ca") {
			t.Errorf("%s: error %q does not say what to do", name, err)
		}
	}
	// The stream refuses it too: it never comes up.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	states := make(chan bool, 8)
	go client.New(h.URL(), "", wrong...).Subscribe(ctx, client.StreamOptions{MinBackoff: 50 * time.Millisecond, OnState: func(s bool) { states <- s }}, func(wire.Event) {})
	select {
	case s := <-states:
		if s {
			t.Fatal("stream connected to a server with a certificate of another CA")
		}
	case <-ctx.Done():
		t.Fatal("stream reported no state")
	}
	// A server name not in the certificate (the hall reached by a name CERT_HOSTS did not
	// list) is refused with its own message.
	conf, err := client.CAConfig(h.certs.CA)
	if err != nil {
		t.Fatal(err)
	}
	conf.ServerName = "hall-by-another-name"
	c := client.New(h.URL(), h.KioskToken, client.WithTLS(conf))
	if _, err := c.Issue(context.Background(), wire.IssueRequest{Item: itemA}, "wrong-host"); err == nil || !strings.Contains(err.Error(), "not for this address") {
		t.Fatalf("certificate for another address: %v", err)
	}
}

// TestTLSRedirectsPlainHTTP: -http-redirect answers plain HTTP with a 308 to the same
// path over HTTPS (a POST stays a POST), /healthz plainly for a load balancer, and a
// Host header that is not a hostname gets a 400, not a redirect somewhere else.
func TestTLSRedirectsPlainHTTP(t *testing.T) {
	h := startTLS(t, func(c *Config) { c.TLS.RedirectAddr = "127.0.0.1:0" })
	plain := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := "http://" + h.RedirectAddr()
	for _, method := range []string{"GET", "POST"} {
		req, _ := http.NewRequest(method, base+"/board?categories=A,B", strings.NewReader("{}"))
		resp, err := plain.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if want := h.URL() + "/board?categories=A,B"; resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
			t.Errorf("%s: %d to %q, want 308 to %q", method, resp.StatusCode, resp.Header.Get("Location"), want)
		}
		if resp.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP (browsers ignore it; it must come over TLS)", method)
		}
	}
	resp, err := plain.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("plain /healthz: %d, want 200", resp.StatusCode)
	}
	for _, host := range []string{"evil.example/x", "a b", "x@y", "[::1"} {
		req, _ := http.NewRequest("GET", base+"/board", nil)
		req.Host = host
		resp, err := plain.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("Host %q: %d to %q, want 400", host, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// Following the redirect with the CA trusted lands on the board.
	hc := h.httpClient(t)
	hc.CheckRedirect = nil
	resp, err = hc.Get(base + "/api/v1/queue")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Fatalf("followed redirect: %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
}

func TestTLSFlagsAndBadConfiguration(t *testing.T) {
	t.Setenv("ONEDOOR_TLS_CERT", "/env/cert.pem")
	t.Setenv("ONEDOOR_TLS_KEY", "/env/key.pem")
	t.Setenv("ONEDOOR_HTTP_REDIRECT", ":8081")
	c, err := ParseFlags(nil, io.Discard)
	if err != nil || c.TLS != (TLSOptions{CertFile: "/env/cert.pem", KeyFile: "/env/key.pem", RedirectAddr: ":8081"}) {
		t.Fatalf("from the environment: %+v, %v", c.TLS, err)
	}
	c, err = ParseFlags([]string{"-tls-cert", "c.pem", "-tls-key", "k.pem", "-http-redirect", ":80"}, io.Discard)
	if err != nil || c.TLS != (TLSOptions{CertFile: "c.pem", KeyFile: "k.pem", RedirectAddr: ":80"}) {
		t.Fatalf("flags over the environment: %+v, %v", c.TLS, err)
	}

	p := certstest.New(t, "localhost")
	garbage := filepath.Join(t.TempDir(), "garbage.pem")
	os.WriteFile(garbage, []byte("not a certificate"), 0o600)
	for name, o := range map[string]TLSOptions{
		"cert without key":          {CertFile: p.Cert},
		"key without cert":          {KeyFile: p.Key},
		"redirect without TLS":      {RedirectAddr: "127.0.0.1:0"},
		"missing file":              {CertFile: p.Cert + ".gone", KeyFile: p.Key},
		"garbage certificate":       {CertFile: garbage, KeyFile: p.Key},
		"key of another cert (CA)":  {CertFile: p.Cert, KeyFile: p.CAKey},
		"redirect on a bad address": {CertFile: p.Cert, KeyFile: p.Key, RedirectAddr: "256.0.0.1:1"},
	} {
		srv, err := Start(Config{Addr: "127.0.0.1:0", Data: t.TempDir(), TZ: "Asia/Shanghai", TLS: o}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err == nil {
			srv.Close(context.Background())
			t.Errorf("%s: started", name)
			continue
		}
		t.Logf("%s: %v", name, err)
	}
}

// tlsClerk logs demo clerk n in to window n over TLS and opens it.
func (h *tlsHall) tlsClerk(t *testing.T, n int) *client.Client {
	t.Helper()
	c := client.New(h.URL(), "", h.opts...)
	if _, err := c.Login(context.Background(), wire.LoginRequest{Staff: fmt.Sprintf("demo%d", n), PIN: DemoPIN, Window: n}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WindowState(context.Background(), n, "open", ""); err != nil {
		t.Fatal(err)
	}
	return c
}
