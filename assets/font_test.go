package assets

import (
	"testing"

	"golang.org/x/image/font/sfnt"
)

func TestFontTTFCoversTicketText(t *testing.T) {
	if len(FontTTF) > 20<<20 {
		t.Fatalf("font is %d bytes, want < 20 MiB", len(FontTTF))
	}
	f, err := sfnt.Parse(FontTTF)
	if err != nil {
		t.Fatalf("parse embedded font: %v", err)
	}
	var buf sfnt.Buffer
	for _, r := range "示例市政务服务中心前面还有人等候预计分钟取号时间请携带身份证A023Xx0-9:，。龘" {
		idx, err := f.GlyphIndex(&buf, r)
		if err != nil {
			t.Fatalf("glyph index %q: %v", r, err)
		}
		if idx == 0 {
			t.Errorf("font has no glyph for %q", r)
		}
	}
}
