package printer

import "testing"

// BenchmarkRenderTicket80mm measures a whole 80 mm ticket: layout, text, QR code,
// conversion to dots and the GS v 0 byte stream. The budget is 20 ms.
func BenchmarkRenderTicket80mm(b *testing.B) { benchRender(b, Width80mm) }

// BenchmarkRenderTicket58mm is the same on 58 mm paper.
func BenchmarkRenderTicket58mm(b *testing.B) { benchRender(b, Width58mm) }

func benchRender(b *testing.B, w int) {
	r := newRenderer(b, w)
	tk := sampleTicket()
	var enc Encoder
	b.ReportAllocs()
	for b.Loop() {
		page, err := r.Render(tk)
		if err != nil {
			b.Fatal(err)
		}
		enc.Reset()
		enc.Raster(FromGray(page.Image, 128), 0)
	}
}
