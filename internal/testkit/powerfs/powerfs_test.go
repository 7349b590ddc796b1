package powerfs

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func writeFile(t *testing.T, path string, data []byte, sync bool) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if sync {
		if err := f.Sync(); err != nil {
			t.Fatal(err)
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func cut(t *testing.T, f *FS, mode Mode) Loss {
	t.Helper()
	loss, err := f.Cut(mode)
	if err != nil {
		t.Fatal(err)
	}
	return loss
}

func TestUnsyncedWriteIsLostAtCut(t *testing.T) {
	f := ForTest(t, 1)
	p := filepath.Join(f.Dir(), "a")
	writeFile(t, p, []byte("not synced"), false)
	if got := readFile(t, p); string(got) != "not synced" {
		t.Fatalf("before the cut the file reads %q: reads must see pending writes", got)
	}
	if f.Pending() != 1 {
		t.Fatalf("%d pages pending, want 1", f.Pending())
	}
	if loss := cut(t, f, DropAll); loss.Dropped != 1 || loss.Files != 1 {
		t.Fatalf("cut: %+v", loss)
	}
	if got := readFile(t, p); len(got) != 0 {
		t.Fatalf("after the cut the file reads %q, want it empty (created, never synced)", got)
	}
}

func TestSyncedWriteSurvivesCut(t *testing.T) {
	f := ForTest(t, 1)
	p := filepath.Join(f.Dir(), "a")
	writeFile(t, p, bytes.Repeat([]byte("s"), 5000), true)
	fh, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	later := bytes.Repeat([]byte("L"), 1000)
	if _, err := fh.WriteAt(later, 4094); err != nil { // across a page boundary, and growing
		t.Fatal(err)
	}
	if got := readFile(t, p); len(got) != 5094 || !bytes.Equal(got[4094:], later) || got[4093] != 's' {
		t.Fatalf("before the cut: %d bytes", len(got))
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	if f.Pending() != 2 {
		t.Fatalf("%d pages pending, want 2", f.Pending())
	}
	cut(t, f, DropAll)
	if got := readFile(t, p); !bytes.Equal(got, bytes.Repeat([]byte("s"), 5000)) {
		t.Fatalf("after the cut: %d bytes, want the 5000 synced", len(got))
	}
}

func TestRenameAndTruncateAreDurable(t *testing.T) {
	f := ForTest(t, 1)
	a, b := filepath.Join(f.Dir(), "a"), filepath.Join(f.Dir(), "b")
	writeFile(t, a, bytes.Repeat([]byte("x"), 10000), true)
	if err := os.Rename(a, b); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(b, 3000); err != nil {
		t.Fatal(err)
	}
	// Pending data past a truncate is gone, and growing again reads zeros there.
	writeFile(t, b, []byte("yy"), false)
	if err := os.Truncate(b, 1); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(b, 5); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, b); string(got) != "y\x00\x00\x00\x00" {
		t.Fatalf("after truncates: %q", got)
	}
	cut(t, f, DropAll)
	if _, err := os.Stat(a); !os.IsNotExist(err) {
		t.Fatalf("the old name is back after the cut: %v", err)
	}
	if got := readFile(t, b); string(got) != "x\x00\x00\x00\x00" {
		t.Fatalf("after the cut: %q, want the synced x and the durable size 5", got)
	}
}

func TestOpenWithTruncDropsPending(t *testing.T) {
	f := ForTest(t, 1)
	p := filepath.Join(f.Dir(), "a")
	writeFile(t, p, []byte("old old"), false)
	if err := os.WriteFile(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, p); string(got) != "new" {
		t.Fatalf("read %q", got)
	}
}

func TestMmapSeesPendingWrites(t *testing.T) {
	f := ForTest(t, 1)
	p := filepath.Join(f.Dir(), "a")
	writeFile(t, p, bytes.Repeat([]byte("m"), 3*PageSize), true)
	fh, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	m, err := syscall.Mmap(int(fh.Fd()), 0, 4*PageSize, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatalf("mmap on the power-cut file system: %v", err)
	}
	defer syscall.Munmap(m)
	if got := mapped(t, m, PageSize, 1); string(got) != "m" {
		t.Fatalf("mmap reads %q", got)
	}
	// Grow the file by a page and change one in the middle, unsynced, as bbolt does.
	if err := fh.Truncate(4 * PageSize); err != nil {
		t.Fatal(err)
	}
	if _, err := fh.WriteAt(bytes.Repeat([]byte("n"), PageSize), PageSize); err != nil {
		t.Fatal(err)
	}
	if _, err := fh.WriteAt([]byte("tail"), 3*PageSize); err != nil {
		t.Fatal(err)
	}
	page, tail := mapped(t, m, PageSize, PageSize), mapped(t, m, 3*PageSize, 4)
	if !bytes.Equal(page, bytes.Repeat([]byte("n"), PageSize)) || string(tail) != "tail" {
		t.Fatalf("mmap does not see the pending writes: %q %q", page[:4], tail)
	}
}

// mapped copies n bytes of the mapping from off through a pipe. The kernel takes the
// page faults inside the write system call: a goroutine faulting on this process's own
// FUSE mount outside a system call cannot be stopped by the garbage collector, which
// then waits for it while the goroutine that would serve the fault is stopped.
func mapped(t *testing.T, m []byte, off, n int) []byte {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if _, err := syscall.Write(int(w.Fd()), m[off:off+n]); err != nil {
		t.Fatal(err)
	}
	out := make([]byte, n)
	if _, err := io.ReadFull(r, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestKeepSomeKeepsWholePagesChosenBySeed(t *testing.T) {
	const pages = 64
	run := func(seed uint64) []byte {
		f := ForTest(t, seed)
		p := filepath.Join(f.Dir(), "a")
		writeFile(t, p, bytes.Repeat([]byte("o"), pages*PageSize), true)
		writeFile(t, p, bytes.Repeat([]byte("N"), pages*PageSize), false)
		loss := cut(t, f, KeepSome)
		if loss.Kept == 0 || loss.Dropped == 0 || loss.Kept+loss.Dropped != pages {
			t.Fatalf("seed %d: %+v, want some of %d pages kept and some dropped", seed, loss, pages)
		}
		got := readFile(t, p)
		if len(got) != pages*PageSize {
			t.Fatalf("%d bytes", len(got))
		}
		kept := make([]byte, pages)
		for i := range pages {
			page := got[i*PageSize : (i+1)*PageSize]
			switch {
			case bytes.Count(page, []byte("N")) == PageSize:
				kept[i] = 'N'
			case bytes.Count(page, []byte("o")) == PageSize:
				kept[i] = 'o'
			default:
				t.Fatalf("page %d is torn: the harsh mode keeps or drops whole pages", i)
			}
		}
		if n := bytes.Count(kept, []byte("N")); n != loss.Kept {
			t.Fatalf("%d pages new, the cut said it kept %d", n, loss.Kept)
		}
		return kept
	}
	a, b, c := run(7), run(7), run(8)
	if !bytes.Equal(a, b) {
		t.Fatalf("the same seed kept different pages:\n%s\n%s", a, b)
	}
	if bytes.Equal(a, c) {
		t.Fatalf("two seeds kept the same pages: %s", a)
	}
}
