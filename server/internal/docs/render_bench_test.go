package docs

import (
	"testing"
)

// BenchmarkRender is the server's part of the document the caller shows after a finish:
// one acceptance receipt rendered to PDF.
func BenchmarkRender(b *testing.B) {
	d := sample(b, AcceptanceReceipt)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(d); err != nil {
			b.Fatal(err)
		}
	}
}
