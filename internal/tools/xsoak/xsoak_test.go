package xsoak

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"
)

// xwd builds an XWD image of w×h at 32 bits per pixel with ncolors colour entries.
func xwd(w, h, ncolors int) []byte {
	const header = 100 + 8 // 25 fields and a window name
	b := make([]byte, header+12*ncolors+4*w*h)
	put := func(i, v int) { binary.BigEndian.PutUint32(b[4*i:], uint32(v)) }
	put(0, header)
	put(1, 7)
	put(4, w)
	put(5, h)
	put(11, 32)
	put(12, 4*w)
	put(19, ncolors)
	return b
}

func TestFramebufferSeesChangesOutsideMasks(t *testing.T) {
	mem := xwd(40, 30, 3)
	fb, err := parseXWD(mem)
	if err != nil {
		t.Fatal(err)
	}
	if fb.Width != 40 || fb.Height != 30 {
		t.Fatalf("size %dx%d, want 40x30", fb.Width, fb.Height)
	}
	fb.Mark()
	if fb.changed(nil) {
		t.Fatal("a change on an untouched screen")
	}
	clock := []Rect{{X0: 10, Y0: 5, X1: 20, Y1: 8}}
	fb.pix[6*fb.stride+12*4] = 0xff // inside the mask
	if fb.changed(clock) {
		t.Fatal("a change inside the mask counted")
	}
	fb.pix[6*fb.stride+25*4] = 0xff // same row, outside it
	if !fb.changed(clock) {
		t.Fatal("a change beside the mask missed")
	}
	fb.pix[29*fb.stride+39*4+2] = 0x10 // the last pixel
	if !fb.changed(nil) {
		t.Fatal("a change in the last pixel missed")
	}
	if fb.changed(nil) {
		t.Fatal("the same screen seen as changed twice")
	}
}

func TestParseXWDRefusesOtherFiles(t *testing.T) {
	if _, err := parseXWD(make([]byte, 50)); err == nil {
		t.Fatal("a short file accepted")
	}
	mem := xwd(10, 10, 0)
	binary.BigEndian.PutUint32(mem[4:], 6)
	if _, err := parseXWD(mem); err == nil {
		t.Fatal("XWD version 6 accepted")
	}
	if _, err := parseXWD(xwd(10, 10, 0)[:300]); err == nil {
		t.Fatal("a truncated file accepted")
	}
}

func TestSummaryJudgesTargets(t *testing.T) {
	r := NewRecorder()
	for i := 1; i <= 100; i++ {
		r.Change("tap", time.Duration(i)*time.Millisecond) // median 50, p99 99
	}
	r.Change("card→ticket", 250*time.Millisecond)
	for _, rss := range []float64{200, 230, 240, 235} {
		r.Visit(rss)
	}
	s := r.Summary(IssueTargets)
	if !s.Pass() {
		t.Fatalf("failed: %v", s.Failures)
	}
	if s.Kinds[0].Median != 50*time.Millisecond || s.Kinds[0].P99 != 99*time.Millisecond {
		t.Fatalf("median %v p99 %v, want 50 ms and 99 ms", s.Kinds[0].Median, s.Kinds[0].P99)
	}
	if s.RSSFirst != 200 || s.RSSMax != 240 || s.Growth != 40 || s.RSSLast != 235 {
		t.Fatalf("rss %+v", s)
	}
	r.Change("card→ticket", 320*time.Millisecond)
	r.Change("card→ticket", 330*time.Millisecond)
	r.Visit(260)
	r.Change("tap", 2*time.Second)
	r.Change("tap", 2*time.Second)
	s = r.Summary(IssueTargets)
	got := strings.Join(s.Failures, "; ")
	for _, want := range []string{"RSS growth 60.0 MiB", "card→ticket median 320ms", "tap p99 2s"} {
		if !strings.Contains(got, want) {
			t.Errorf("failures %q lack %q", got, want)
		}
	}
	var out strings.Builder
	s.Write(&out, "kiosk")
	if !strings.Contains(out.String(), "FAIL kiosk soak") {
		t.Errorf("summary without its FAIL line:\n%s", out.String())
	}
}
