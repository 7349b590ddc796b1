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

func TestGenerateKeepsAnExistingCAUnlessForced(t *testing.T) {
	dir := t.TempDir()
	if _, err := Generate(dir, []string{"localhost"}, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, CAFile))
	if _, err := Generate(dir, []string{"localhost"}, false, time.Now()); err == nil || !strings.Contains(err.Error(), "-force") {
		t.Fatalf("second run without force: %v, want a refusal naming -force", err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, CAFile)); string(after) != string(before) {
		t.Fatal("refused run changed ca.pem")
	}
	if _, err := Generate(dir, []string{"localhost"}, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, CAFile)); string(after) == string(before) {
		t.Fatal("forced run kept the old CA")
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
