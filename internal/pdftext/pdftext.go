// Package pdftext reads the text of a PDF with poppler's pdftotext, for tests that check
// what a printed document says. Only tests import it.
package pdftext

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Compact returns the text of pdf with all white space removed, so that a phrase
// wrapped across lines still matches. Without pdftotext the test is skipped, or fails
// under CI, where make deps installs poppler-utils.
func Compact(t testing.TB, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is missing: make deps installs it")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}
