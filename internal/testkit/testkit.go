// Package testkit holds what tests of several packages need alike: waiting for a
// condition, finding an external tool, reading a PDF's text. Only tests import it.
package testkit

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// Until polls cond every few milliseconds until it holds, and fails the test when d
// passes first. It is how tests wait for something another goroutine or process does.
func Until(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// NeedTool finds an external program. Without it the test is skipped, or fails under
// CI, where make deps installs the Debian package pkg.
func NeedTool(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found (Debian package %s): make deps should have installed it", name, pkg)
	}
	t.Skipf("%s not found; install Debian package %s to run this test", name, pkg)
	return ""
}
