package screens

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"onedoor/internal/queue"
)

// searchIndex finds items by Chinese characters, pinyin initials (gtgsh finds
// 个体工商户设立登记) or English words. Initials are computed once per catalog with every
// reading of a character, so a character read two ways (行 xíng/háng) matches either.
type searchIndex struct {
	entries []searchEntry
}

type searchEntry struct {
	item     *queue.Item
	zh, en   string
	initials [][]byte // per Han character, its possible initials
}

func newSearchIndex(cat *queue.Catalog) *searchIndex {
	args := pinyin.NewArgs()
	args.Style = pinyin.FirstLetter
	args.Heteronym = true
	idx := &searchIndex{}
	for i := range cat.Items {
		it := &cat.Items[i]
		e := searchEntry{item: it, zh: it.NameZh, en: strings.ToLower(it.NameEn)}
		for _, readings := range pinyin.Pinyin(it.NameZh, args) {
			var set []byte
			for _, r := range readings {
				if r != "" && !strings.ContainsRune(string(set), rune(r[0])) {
					set = append(set, r[0])
				}
			}
			if len(set) > 0 {
				e.initials = append(e.initials, set)
			}
		}
		idx.entries = append(idx.entries, e)
	}
	return idx
}

// find returns the items matching q, in catalog order.
func (s *searchIndex) find(q string) []*queue.Item {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return nil
	}
	han := strings.ContainsFunc(q, func(r rune) bool { return unicode.Is(unicode.Han, r) })
	var out []*queue.Item
	for _, e := range s.entries {
		switch {
		case han && strings.Contains(e.zh, q),
			!han && (e.matchInitials(q) || strings.Contains(e.en, q)):
			out = append(out, e.item)
		}
	}
	return out
}

// matchInitials reports whether q is a run of consecutive characters' initials.
func (e searchEntry) matchInitials(q string) bool {
	for start := 0; start+len(q) <= len(e.initials); start++ {
		ok := true
		for j := 0; j < len(q) && ok; j++ {
			ok = strings.IndexByte(string(e.initials[start+j]), q[j]) >= 0
		}
		if ok {
			return true
		}
	}
	return false
}
