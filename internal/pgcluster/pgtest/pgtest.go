// Package pgtest gives a test its own PostgreSQL cluster: made in a fresh temporary
// folder, started on a free loopback port, stopped and removed when the test ends.
package pgtest

import (
	"errors"
	"os"
	"testing"

	"onedoor/internal/pgcluster"
)

// Start starts a private cluster with database "onedoor" for t, or skips t when
// PostgreSQL is not installed (make deps installs it; under CI it fails instead).
func Start(t testing.TB) *pgcluster.Cluster {
	t.Helper()
	if _, err := pgcluster.FindBin(); errors.Is(err, pgcluster.ErrNoBinaries) {
		if os.Getenv("CI") != "" {
			t.Fatal("pgtest: PostgreSQL is not installed (make deps installs the postgresql package); CI is set, so this fails instead of skipping")
		}
		t.Skip("skipped: PostgreSQL is not installed (make deps installs the postgresql package)")
	}
	// Not t.TempDir(): its parents are private to root, and run as root the cluster runs
	// as the postgres user, who must reach the folder.
	dir, err := os.MkdirTemp("", "onedoor-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	c, err := pgcluster.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// fsync stays on: the tests count on what PostgreSQL acknowledged being durable.
	start(t, c)
	t.Cleanup(func() {
		if err := c.Stop("fast"); err != nil {
			t.Logf("stop postgres: %v", err)
		}
	})
	if err := c.CreateDB("onedoor"); err != nil {
		t.Fatal(err)
	}
	return c
}

// Standby starts a streaming standby of primary named name, stopped when t ends.
func Standby(t testing.TB, primary *pgcluster.Cluster, name string) *pgcluster.Cluster {
	t.Helper()
	dir, err := os.MkdirTemp("", "onedoor-pg-standby-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	c, err := pgcluster.Standby(primary, dir, name)
	if err != nil {
		t.Fatal(err)
	}
	start(t, c)
	t.Cleanup(func() {
		if err := c.Stop("fast"); err != nil {
			t.Logf("stop the standby: %v", err)
		}
	})
	return c
}

// start starts c on a free port, again on another if one was taken meanwhile (tests of
// other packages pick ports at the same time).
func start(t testing.TB, c *pgcluster.Cluster) {
	t.Helper()
	var err error
	for range 3 {
		if err = c.Start(0); err == nil {
			return
		}
	}
	t.Fatal(err)
}
