package uikit

import (
	"sort"
	"strings"
	"unicode"
)

// Untranslated lists the keys of t that a screen could not show in both languages,
// sorted, each with why: an empty side, English that still holds Chinese characters
// (copied, not translated), or sides that take different numbers of arguments.
func (t Table) Untranslated() []string {
	var out []string
	for key, txt := range t {
		switch {
		case strings.TrimSpace(txt.Zh) == "":
			out = append(out, key+": no Chinese")
		case strings.TrimSpace(txt.En) == "":
			out = append(out, key+": no English")
		case strings.ContainsFunc(txt.En, func(r rune) bool { return unicode.Is(unicode.Han, r) }):
			out = append(out, key+": the English holds Chinese")
		case verbs(txt.Zh) != verbs(txt.En):
			out = append(out, key+": the two sides take different arguments")
		}
	}
	sort.Strings(out)
	return out
}

// verbs returns the formatting verbs of s in order (%d, %s), which both sides of a
// text must take alike.
func verbs(s string) string {
	var b strings.Builder
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' {
			b.WriteString(s[i : i+2])
			i++
		}
	}
	return b.String()
}
