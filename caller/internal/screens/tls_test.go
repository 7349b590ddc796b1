package screens

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/internal/certs/certstest"
	"onedoor/internal/client"
)

// TestLoginAndCallOverTLS: the caller, given the hall's CA as -ca does, logs in through
// the login screen, follows the stream over WSS, calls a ticket, serves it and shows
// its acceptance receipt (the PDF fetched over TLS too), against a server process
// serving TLS with a certificate of that CA.
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
	h.key(fyne.KeyF3)
	h.state("serving")
	for _, c := range m.ticket.Checks {
		test.Tap(c)
	}
	h.key(fyne.KeyF6)
	if m.Finish == nil {
		t.Fatal("F6 opened no outcome dialog")
	}
	m.Finish.Outcome.SetSelected(texts.S(m.lang, "accepted"))
	test.Tap(m.Finish.OK)
	h.state("")
	d := m.Document
	if d == nil {
		t.Fatal("an accepted visit showed no document")
	}
	h.wait("the document's page", func() bool { return d.Ready })
	if d.PDF == nil {
		t.Fatalf("the receipt was not fetched over TLS: %s", d.status.Text)
	}
}
