package docs

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"onedoor/assets"
	"onedoor/internal/testkit"
)

// TestPackageTextsAreInGB2312 keeps the package's own texts (titles, labels, the
// remedies sentence) inside the cut font: a character outside GB 2312 in a literal
// would be missing from every page drawn with it.
func TestPackageTextsAreInGB2312(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	set := gb2312()
	fset := token.NewFileSet()
	seen := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || (lit.Kind != token.STRING && lit.Kind != token.CHAR) {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			for _, r := range s {
				seen++
				if !set[r] && r != '\n' {
					t.Errorf("%s: %q is not in GB 2312, so the cut font lacks it", fset.Position(lit.Pos()), r)
				}
			}
			return true
		})
	}
	if seen < 500 {
		t.Fatalf("only %d characters in the package's literals: the walk missed them", seen)
	}
}

// TestCutFontDrawsTheSamePage renders every kind of document with the cut font and
// with the whole one, and compares the pages pixel by pixel.
func TestCutFontDrawsTheSamePage(t *testing.T) {
	cut, _ := commonFont()
	for _, k := range []Kind{AcceptanceReceipt, SupplementNotice, RejectionNotice, RefusalDecision} {
		t.Run(string(k), func(t *testing.T) {
			d := sample(t, k)
			if f := fontFor(d); !bytes.Equal(f, cut) {
				t.Fatalf("the sample is drawn with a font of %d bytes, not the cut one", len(f))
			}
			fast, err := Render(d)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := render(d, assets.FontTTF)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(pageImage(t, fast), pageImage(t, whole)) {
				t.Fatal("the page drawn with the cut font differs from the page drawn with the whole font")
			}
		})
	}
}

// TestRareCharacterTakesTheWholeFont: a name with a character outside GB 2312 (堃) is
// drawn with the whole font; the cut would have left a hole where it stands.
func TestRareCharacterTakesTheWholeFont(t *testing.T) {
	d := sample(t, AcceptanceReceipt)
	d.ApplicantName = "测试堃"
	if _, set := commonFont(); set['堃'] {
		t.Fatal("堃 is in the cut font: the test needs a character outside GB 2312")
	}
	if f := fontFor(d); !bytes.Equal(f, assets.FontTTF) {
		t.Fatalf("a document naming 堃 is drawn with a font of %d bytes, not the whole font", len(f))
	}
	pdf, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if text := testkit.PDFText(t, pdf); !strings.Contains(text, "测试堃") {
		t.Fatalf("the PDF lacks the name; text: %s", text)
	}
	cut, _ := commonFont()
	holed, err := render(d, cut)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(pageImage(t, pdf), pageImage(t, holed)) {
		t.Fatal("the cut font drew 堃 as well: the comparison cannot tell a missing glyph")
	}
}

// pageImage is the first page of pdf as pdftoppm draws it at 100 dpi (a PPM).
func pageImage(t *testing.T, pdf []byte) []byte {
	t.Helper()
	cmd := exec.Command(testkit.NeedTool(t, "pdftoppm", "poppler-utils"), "-r", "100", "-singlefile", "-f", "1", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, errs.Bytes())
	}
	return out.Bytes()
}

// BenchmarkRenderRare is a document with a character outside GB 2312: the whole font.
func BenchmarkRenderRare(b *testing.B) {
	d := sample(b, AcceptanceReceipt)
	d.ApplicantName = "测试堃"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(d); err != nil {
			b.Fatal(err)
		}
	}
}
