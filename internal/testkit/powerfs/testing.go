package powerfs

import (
	"os"
	"path/filepath"
	"testing"
)

// ForTest mounts a power-cut file system over a fresh backing directory in the test's
// temporary directory and unmounts it when the test ends. Without /dev/fuse or root the
// test is skipped, or fails under CI; any other mount failure fails the test.
func ForTest(t testing.TB, seed uint64) *FS {
	t.Helper()
	if _, err := os.Stat("/dev/fuse"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("power-cut file system: %v", err)
		}
		t.Skipf("power-cut file system needs /dev/fuse: %v", err)
	}
	if os.Geteuid() != 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("power-cut file system: mounting needs root")
		}
		t.Skip("power-cut file system: mounting needs root")
	}
	base := t.TempDir()
	backing, mnt := filepath.Join(base, "backing"), filepath.Join(base, "mnt")
	for _, d := range []string{backing, mnt} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Mount(backing, mnt, seed)
	if err != nil {
		t.Fatalf("power-cut file system: %v", err)
	}
	t.Cleanup(func() {
		if err := f.Unmount(); err != nil {
			t.Errorf("power-cut file system: %v", err)
			f.abort() // a file left open: never leave a dead mount behind, nor hang at exit
		}
	})
	return f
}
