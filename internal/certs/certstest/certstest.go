// Package certstest makes a hall's certificates for tests, as `make certs` does. Only
// tests import it.
package certstest

import (
	"path/filepath"
	"testing"
	"time"

	"onedoor/internal/certs"
)

// New writes a new CA and a server certificate it signs for hosts into a folder of
// the test's own, and returns their paths; it fails the test when it cannot.
func New(tb testing.TB, hosts ...string) certs.Paths {
	tb.Helper()
	p, err := certs.Generate(filepath.Join(tb.TempDir(), "tls"), hosts, false, time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	return p
}
