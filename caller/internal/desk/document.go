package desk

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// FetchDocument gets the PDF of the document recorded at seq.
func (d *Desk) FetchDocument(ctx context.Context, seq uint64) ([]byte, error) {
	pdf, err := d.C.DocumentPDF(ctx, seq)
	return pdf, wrap(fmt.Sprintf("fetch document %d", seq), err)
}

// CanPrint reports whether CUPS's lp is there and its scheduler answers.
func CanPrint(ctx context.Context) bool {
	if _, err := exec.LookPath("lp"); err != nil {
		return false
	}
	out, err := exec.CommandContext(ctx, "lpstat", "-r").Output()
	return err == nil && strings.Contains(string(out), "is running")
}

// Print sends the PDF to the default printer with lp.
func Print(ctx context.Context, pdf []byte, title string) error {
	cmd := exec.CommandContext(ctx, "lp", "-t", title, "-")
	cmd.Stdin = bytes.NewReader(pdf)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("print: lp: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Save writes the PDF into dir as name, creating dir; it returns the file's path.
func Save(dir, name string, pdf []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("save document: %w", err)
	}
	p := filepath.Join(dir, filepath.Base(name))
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		return "", fmt.Errorf("save document: %w", err)
	}
	return p, nil
}
