package screens

import (
	"testing"

	"fyne.io/fyne/v2"

	"onedoor/internal/certs/certstest"
	"onedoor/internal/client"
)

// TestLoginAndCallOverTLS: the caller, given the hall's CA as -ca does, logs in through
// the login screen, follows the stream over WSS and calls a ticket, against a server
// process serving TLS with a certificate of that CA.
func TestLoginAndCallOverTLS(t *testing.T) {
	p := certstest.New(t, "127.0.0.1")
	trust, err := client.CAOption(p.CA)
	if err != nil {
		t.Fatal(err)
	}
	srv := &server{t: t, dir: t.TempDir(), addr: "127.0.0.1:0", args: []string{"-tls-cert", p.Cert, "-tls-key", p.Key}, trust: trust}
	srv.start()
	t.Cleanup(srv.stop)
	if srv.URL[:8] != "https://" {
		t.Fatalf("server URL %s: want https", srv.URL)
	}
	h := newHarness(t, srv, En)
	m := h.login("demo1", 1) // waits for the stream too
	tk := srv.issue("440199-A-001")
	h.key(fyne.KeyF1)
	h.state("called")
	if m.cur.ID != tk.ID {
		t.Fatalf("called %s, want %s", m.cur.Number, tk.Number)
	}
}
