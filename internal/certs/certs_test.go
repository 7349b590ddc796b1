package certs

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGenerateWritesACAAndAServerCertificateForEachHost(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	now := time.Now()
	p, err := Generate(dir, []string{"localhost", "127.0.0.1", "hall-server", "::1"}, false, now)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{p.CAKey: 0o600, p.Key: 0o600, p.CA: 0o644, p.Cert: 0o644} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(path), st.Mode().Perm(), want)
		}
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", st.Mode().Perm())
	}
	if _, err := tls.LoadX509KeyPair(p.Cert, p.Key); err != nil {
		t.Fatalf("server pair does not load: %v", err)
	}
	caPEM, _ := os.ReadFile(p.CA)
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		t.Fatal("ca.pem holds no certificate")
	}
	leaf := parse(t, p.Cert)
	for _, host := range []string{"localhost", "127.0.0.1", "hall-server", "::1"} {
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: host, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: "other-host"}); err == nil {
		t.Error("certificate verifies for a host it was not made for")
	}
	if leaf.NotAfter.Sub(now) > ServerLifetime+time.Hour {
		t.Errorf("server certificate lasts until %v: longer than browsers accept", leaf.NotAfter)
	}
	// Another CA's pool refuses it.
	other, err := NewCA("other", now)
	if err != nil {
		t.Fatal(err)
	}
	otherRoots := x509.NewCertPool()
	otherRoots.AddCert(other.Cert)
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: otherRoots, DNSName: "localhost"}); err == nil {
		t.Error("verifies against another CA")
	}
}

// TestGenerateKeepsTheHallsCA: a second run (new hostnames) signs a new server
// certificate with the CA the devices already trust; only force makes a new CA.
func TestGenerateKeepsTheHallsCA(t *testing.T) {
	dir := t.TempDir()
	first, err := Generate(dir, []string{"localhost"}, false, time.Now())
	if err != nil || !first.NewCA {
		t.Fatalf("first run: %+v, %v", first, err)
	}
	caBefore, _ := os.ReadFile(first.CA)
	keyBefore, _ := os.ReadFile(first.CAKey)
	again, err := Generate(dir, []string{"localhost", "hall-2"}, false, time.Now())
	if err != nil || again.NewCA {
		t.Fatalf("second run: %+v, %v", again, err)
	}
	caAfter, _ := os.ReadFile(again.CA)
	keyAfter, _ := os.ReadFile(again.CAKey)
	if string(caAfter) != string(caBefore) || string(keyAfter) != string(keyBefore) {
		t.Fatal("second run replaced the CA")
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(caBefore)
	if _, err := parse(t, again.Cert).Verify(x509.VerifyOptions{Roots: roots, DNSName: "hall-2"}); err != nil {
		t.Fatalf("new server certificate against the old CA: %v", err)
	}
	forced, err := Generate(dir, []string{"localhost"}, true, time.Now())
	if err != nil || !forced.NewCA {
		t.Fatalf("forced run: %+v, %v", forced, err)
	}
	if caAfter, _ := os.ReadFile(forced.CA); string(caAfter) == string(caBefore) {
		t.Fatal("forced run kept the old CA")
	}
	// A damaged CA key is refused, not silently replaced.
	os.WriteFile(forced.CAKey, []byte("garbage"), 0o600)
	if _, err := Generate(dir, []string{"localhost"}, false, time.Now()); err == nil || !strings.Contains(err.Error(), "-force") {
		t.Fatalf("damaged CA key: %v, want a refusal naming -force", err)
	}
}

func TestParseHosts(t *testing.T) {
	got, err := ParseHosts(" localhost, 127.0.0.1,,LOCALHOST,hall-1.local ")
	if err != nil || strings.Join(got, "|") != "localhost|127.0.0.1|hall-1.local" {
		t.Fatalf("got %v, %v", got, err)
	}
	for _, bad := range []string{"", " , ", "a/b", "-lead", "under_score", "x..y", strings.Repeat("a", 64)} {
		if _, err := ParseHosts(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func parse(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(data)
	if b == nil {
		t.Fatalf("%s: no PEM", path)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
