package screens

import (
	"runtime"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestDocumentsShownKeepNoMemory serves visits that each show a document's page (an
// A4 page at 110 dpi was ~4.7 MB of pixels) and closes it: the heap kept after a GC must
// stay flat. Fyne keeps a closed dialog's renderers (and, in a window, its textures)
// for a minute, so a page still held by its image was kept for every visit of that
// minute: the real caller grew from 202 to 595 MiB over 200 visits.
func TestDocumentsShownKeepNoMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("serves 12 visits")
	}
	srv, h, m := atDesk(t)
	visit := func() {
		srv.issue("440199-A-001")
		h.serve("m1", "m2", "m3")
		test.Tap(m.Finish.OK)
		h.state("")
		d := m.Document
		h.wait("the document's page", func() bool { return d.Ready && d.Page.Image != nil })
		tap(d.Close)
	}
	heap := func() float64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / (1 << 20)
	}
	for range 2 {
		visit()
	}
	before := heap()
	const n = 10
	for range n {
		visit()
	}
	after := heap()
	t.Logf("heap after a GC: %.1f MiB before, %.1f MiB after %d documents", before, after, n)
	if grew := after - before; grew > 8 {
		t.Fatalf("%d documents shown and closed kept %.1f MiB (%.2f MiB each), want ≤ 8 MiB in all", n, grew, grew/n)
	}
}

// TestPagePreviewIsDrawnAtScreenSize: the page's pixels are those the dialog shows, at
// least 72 dpi, not a print resolution scaled down on screen.
func TestPagePreviewIsDrawnAtScreenSize(t *testing.T) {
	for _, tc := range []struct {
		scale float32
		want  int
	}{{1, 72}, {0.5, 72}, {2, 112}} {
		if got := pageDPI(tc.scale); got != tc.want {
			t.Errorf("scale %v: %d dpi, want %d", tc.scale, got, tc.want)
		}
	}
}
