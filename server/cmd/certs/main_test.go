package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunWritesTheFilesAndSaysHowToUseThem(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	var out bytes.Buffer
	if code := run([]string{"-dir", dir, "-hosts", "localhost,127.0.0.1"}, &out, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, f := range []string{"ca.pem", "ca-key.pem", "server.pem", "server-key.pem"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(out.String(), "-tls-cert "+filepath.Join(dir, "server.pem")) || !strings.Contains(out.String(), "-ca "+filepath.Join(dir, "ca.pem")) {
		t.Fatalf("output does not say how to use the files:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"-dir", dir, "-hosts", "localhost,hall-2"}, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "existing local CA") {
		t.Errorf("second run: exit %d, %s; want the server certificate signed by the existing CA", code, out.String())
	}
}

func TestRunRefusesBadArguments(t *testing.T) {
	for _, args := range [][]string{{"-hosts", "a/b"}, {"-hosts", ""}, {"extra"}, {"-nope"}} {
		if code := run(append([]string{"-dir", t.TempDir()}, args...), io.Discard, io.Discard); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
