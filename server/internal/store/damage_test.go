package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onedoor/internal/queue"
)

func openIn(t *testing.T, dir string) (*Store, error) {
	t.Helper()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	return Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now})
}

// TestDamagedDataFileIsRefused is finding 9 on the store: an empty or garbage data file
// is damage, never a new hall; a missing file in a new folder is a new hall.
func TestDamagedDataFileIsRefused(t *testing.T) {
	garbage := make([]byte, 64<<10)
	rand.Read(garbage)
	for _, tc := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"empty", []byte{}, "is empty (0 bytes)"},
		{"garbage", garbage, "both header pages are garbage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "onedoor.db")
			if err := os.WriteFile(path, tc.content, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := openIn(t, dir)
			if err == nil {
				s.Close()
				t.Fatal("the server started on a damaged file")
			}
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("open: %v, want ErrDamaged saying %q", err, tc.want)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, tc.content) {
				t.Fatal("the refused file was changed")
			}
		})
	}
	t.Run("a missing file is a new hall", func(t *testing.T) {
		s, err := openIn(t, filepath.Join(t.TempDir(), "new"))
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	})
}

// TestTruncatedDataFileIsRefusedWithoutACrash: a data file cut short used to kill the
// process with SIGBUS at the first read past its end. The open runs in a child process
// so that a crash is seen as one.
func TestTruncatedDataFileIsRefusedWithoutACrash(t *testing.T) {
	if dir := os.Getenv("ONEDOOR_TEST_OPEN_DIR"); dir != "" {
		s, err := openIn(t, dir)
		if err != nil {
			fmt.Println("REFUSED:", err)
			return
		}
		s.VerifyReplay()
		s.Close()
		fmt.Println("OPENED")
		return
	}
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	buildLog(t, s, clk, 4000)
	s.Close()
	path := filepath.Join(dir, "onedoor.db")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := readMeta(f, 0)
	f.Close()
	if !ok {
		t.Fatal("no meta page")
	}
	if err := os.Truncate(path, int64(m.pgid)*int64(m.pageSize)/2); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestTruncatedDataFileIsRefusedWithoutACrash$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ONEDOOR_TEST_OPEN_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "REFUSED:") || !strings.Contains(string(out), "is truncated") {
		t.Fatalf("child: %v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(bytes.SplitN(out, []byte("\n"), 2)[0]))
}

// TestCorruptEventPageIsNamed: garbage over the page holding an event makes the start
// refuse, naming a seq, and verify name it too; nothing crashes.
func TestCorruptEventPageIsNamed(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	buildLog(t, s, clk, 2000)
	s.Wait(context.Background())
	s.Close()
	path := filepath.Join(dir, "onedoor.db")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.LastIndex(raw, []byte(`"seq":1500,`))
	if at < 0 {
		t.Fatal("event 1500 not found in the file")
	}
	page := at / 4096 * 4096
	junk := bytes.Repeat([]byte{0xA5}, 4096)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt(junk, int64(page))
	f.Close()

	_, verr := VerifyFile(path, VerifyOptions{Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy()})
	s2, err := openIn(t, dir)
	if err == nil {
		s2.Close()
		t.Fatal("the server started on a corrupt event page")
	}
	var ce *ChainError
	if !errors.Is(err, ErrDamaged) || !errors.As(err, &ce) || ce.Seq == 0 || ce.Seq > 1500 {
		t.Fatalf("open: %v, want ErrDamaged naming a seq ≤ 1500", err)
	}
	if !errors.As(verr, &ce) || ce.Seq == 0 || ce.Seq > 1500 {
		t.Fatalf("verify: %v", verr)
	}
	t.Logf("open: %v\nverify: %v", err, verr)
}

// TestCorruptFreelistIsRefusedWithoutACrash: garbage over the page bbolt reads at open
// (the list of free pages) is a refusal naming the file, not a panic.
func TestCorruptFreelistIsRefusedWithoutACrash(t *testing.T) {
	dir := t.TempDir()
	s, err := openIn(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	seedWindows(t, s, 1)
	s.Close()
	path := filepath.Join(dir, "onedoor.db")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// the newer of the two meta pages names the freelist page
	m0, m1 := raw[metaOffset:], raw[4096+metaOffset:]
	m := m0
	if binary.LittleEndian.Uint64(m1[48:]) > binary.LittleEndian.Uint64(m0[48:]) {
		m = m1
	}
	free := binary.LittleEndian.Uint64(m[32:])
	copy(raw[free*4096:], bytes.Repeat([]byte{0x5A}, 4096))
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := openIn(t, dir); err == nil {
		s.Close()
		t.Fatal("the server started on a corrupt freelist")
	} else if !errors.Is(err, ErrDamaged) {
		t.Fatalf("open: %v, want ErrDamaged", err)
	} else {
		t.Logf("open: %v", err)
	}
	if _, err := VerifyFile(path, VerifyOptions{}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("verify: %v, want ErrDamaged", err)
	}
}
