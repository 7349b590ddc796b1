package store

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFileDurable: the file is replaced whole, with the mode asked, and no
// temporary file is left beside it. (That it survives a power cut is shown by the app's
// power-loss test, which failed on the Web Push keys before they were written this way.)
func TestWriteFileDurable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "vapid.json")
	for _, data := range []string{`{"a":1}`, `{"b":2}`} {
		if err := WriteFileDurable(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != data {
			t.Fatalf("read %q %v, want %q", got, err, data)
		}
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v, want 0600", st.Mode(), err)
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Fatalf("a temporary file was left: %v", err)
	}
	if err := WriteFileDurable(filepath.Join(dir, "no-such-dir", "x"), []byte("x"), 0o600); err == nil {
		t.Fatal("a write into a missing folder succeeded")
	}
}
