package testkit

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// PDFText returns the text of pdf, read with poppler's pdftotext, with all white space
// removed so that a phrase wrapped across lines still matches.
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(NeedTool(t, "pdftotext", "poppler-utils"), "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}
