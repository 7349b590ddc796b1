package screens

import (
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"

	"onedoor/assets"
	"onedoor/internal/queue"
)

// TestFontCoversTexts checks that the bundled font has a glyph for every character the
// kiosk shows (its texts and the sample catalog), so nothing is drawn as a box.
func TestFontCoversTexts(t *testing.T) {
	f, err := sfnt.Parse(assets.FontTTF)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, s := range texts {
		all = append(all, s.Zh, s.En)
	}
	for _, c := range cat.Categories {
		all = append(all, c.NameZh, c.NameEn)
	}
	for _, it := range cat.Items {
		all = append(all, it.NameZh, it.NameEn, it.Department)
		for _, m := range it.Materials {
			all = append(all, m.NameZh, m.NameEn, m.Note)
		}
	}
	for _, g := range cat.PriorityGroups {
		all = append(all, g.NameZh, g.NameEn)
	}
	var buf sfnt.Buffer
	missing := map[rune]bool{}
	for _, s := range all {
		for _, r := range s {
			if unicode.IsSpace(r) || missing[r] {
				continue
			}
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				missing[r] = true
				t.Errorf("the bundled font has no glyph for %q (U+%04X), in %q", r, r, s)
			}
		}
	}
}
