package desk

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
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

// PageImage renders the first page of a PDF at dpi with pdftoppm (poppler-utils).
func PageImage(ctx context.Context, pdf []byte, dpi int) (image.Image, error) {
	dir, err := os.MkdirTemp("", "onedoor-doc-")
	if err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	root := filepath.Join(dir, "page")
	if out, err := exec.CommandContext(ctx, "pdftoppm", "-png", "-r", fmt.Sprint(dpi), "-singlefile", "-f", "1", in, root).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("page image: pdftoppm: %w: %s", err, bytes.TrimSpace(out))
	}
	f, err := os.Open(root + ".png")
	if err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	return img, nil
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
