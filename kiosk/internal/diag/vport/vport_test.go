package vport

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.bug.st/serial"
)

func TestCableCarriesBinaryBothWaysAndUnplugs(t *testing.T) {
	link := filepath.Join(t.TempDir(), "ttyX")
	v, err := Open(link)
	if err != nil {
		t.Fatal(err)
	}
	dev, err := serial.Open(link, &serial.Mode{BaudRate: 115200})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	all := make([]byte, 256) // every byte value, \n \r ^C ^D included: raw mode
	for i := range all {
		all[i] = byte(i)
	}
	if _, err := dev.Write(all); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(all))
	if _, err := io.ReadFull(v, got); err != nil || !bytes.Equal(got, all) {
		t.Fatalf("device → simulator: %v", err)
	}
	if _, err := v.Write(all); err != nil {
		t.Fatal(err)
	}
	if err := dev.SetReadTimeout(2 * time.Second); err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(all); {
		k, err := dev.Read(got[n:])
		if err != nil || k == 0 {
			t.Fatalf("simulator → device after %d bytes: %v", n, err)
		}
		n += k
	}
	if !bytes.Equal(got, all) {
		t.Fatal("simulator → device: bytes changed")
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("link still there after Close: %v", err)
	}
	if _, err := dev.Read(got); err == nil {
		t.Error("reading an unplugged device succeeded")
	}
}

func TestOpenRefusesToReplaceAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(path, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if v, err := Open(path); err == nil {
		v.Close()
		t.Fatal("Open replaced a regular file")
	}
	if b, _ := os.ReadFile(path); string(b) != "keep" {
		t.Error("the file was touched")
	}
	v, err := Open("")
	if err != nil || v.Path != v.SlaveName() {
		t.Fatalf("no link: %v, path %q", err, v.Path)
	}
	v.Close()
}
