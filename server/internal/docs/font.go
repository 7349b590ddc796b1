package docs

import (
	"reflect"
	"sync"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/encoding/simplifiedchinese"

	"onedoor/assets"
)

// The bundled font holds every character of GB 18030's two-byte areas, and fpdf parses
// all of it twice per document: when the font is added (for the widths) and when it cuts
// the subset it embeds. That was 26 of a receipt's 31 ms, and 35 MB, while the clerk
// waits for the page. Nearly every document needs only GB 2312's characters (its 6,763
// hanzi and the symbols, which the package's own texts keep to, see font_test.go), so
// a document whose texts all lie in GB 2312 is drawn with the font cut to GB 2312 and
// ASCII once per process: a quarter of the glyphs, ~8 ms a receipt. A document with any
// other character, such as a rare one in a name, is drawn with the whole font, as before.
// The glyphs are the same outlines either way, so the page is the same.

// commonFont is the bundled font cut to ASCII and GB 2312, with the set of its runes.
var commonFont = sync.OnceValues(func() ([]byte, map[rune]bool) {
	set := gb2312()
	cut := make([]rune, 0, len(set))
	for r := range set {
		cut = append(cut, r)
	}
	return fpdf.UTF8CutFont(assets.FontTTF, string(cut)), set
})

// gb2312 is the set of ASCII's printable characters and GB 2312's: its rows of symbols
// (0xA1–0xA9) and of hanzi (0xB0–0xF7), read through the GBK decoder (which also gives
// the private-use code points GBK puts in those rows' empty cells: 7,575 in all).
func gb2312() map[rune]bool {
	set := map[rune]bool{}
	for r := rune(0x20); r < 0x7f; r++ {
		set[r] = true
	}
	dec := simplifiedchinese.GBK.NewDecoder()
	for hi := 0xA1; hi <= 0xF7; hi++ {
		if hi > 0xA9 && hi < 0xB0 {
			continue // not GB 2312 (GBK's user-defined area)
		}
		for lo := 0xA1; lo <= 0xFE; lo++ {
			out, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if r, _ := utf8.DecodeRune(out); err == nil && r != utf8.RuneError && len(out) == utf8.RuneLen(r) {
				set[r] = true
			}
		}
	}
	return set
}

// fontFor is the font file d is drawn with: the GB 2312 cut when it holds every
// character of d's texts, otherwise the whole bundled font.
func fontFor(d Document) []byte {
	font, set := commonFont()
	if allIn(reflect.ValueOf(d), set) {
		return font
	}
	return assets.FontTTF
}

// allIn reports whether every rune of every string in v (a string, or a struct's
// exported fields, a slice or a pointer walked through) is in set.
func allIn(v reflect.Value, set map[rune]bool) bool {
	switch v.Kind() {
	case reflect.String:
		for _, r := range v.String() {
			if !set[r] {
				return false
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && !allIn(v.Field(i), set) {
				return false
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if !allIn(v.Index(i), set) {
				return false
			}
		}
	case reflect.Pointer:
		return v.IsNil() || allIn(v.Elem(), set)
	}
	return true
}

// Warm cuts the common font now, so that the first document of the day does not wait
// the ~45 ms it takes. Call it once the server is up (it is safe from any goroutine).
func Warm() { commonFont() }
