package uikit

import (
	"fmt"
	"sync/atomic"
)

// Lang is a language of the interface.
type Lang string

// The two languages: Simplified Chinese first, English beside it.
const (
	Zh Lang = "zh"
	En Lang = "en"
)

// ParseLang returns the language named s ("zh", "en", also "zh_CN", "en-US").
func ParseLang(s string) (Lang, error) {
	switch {
	case len(s) >= 2 && s[:2] == "zh":
		return Zh, nil
	case len(s) >= 2 && s[:2] == "en":
		return En, nil
	}
	return "", fmt.Errorf("language %q: want zh or en", s)
}

// Other returns the language shown beside l.
func (l Lang) Other() Lang {
	if l == En {
		return Zh
	}
	return En
}

// Text is one string in both languages.
type Text struct{ Zh, En string }

// In returns the text in language l.
func (t Text) In(l Lang) string {
	if l == En {
		return t.En
	}
	return t.Zh
}

// Table is a string table: keys to texts in both languages.
type Table map[string]Text

// Tr translates with a Table into the current language, which can change at any time.
type Tr struct {
	table Table
	lang  atomic.Value // Lang
}

// NewTr returns a translator over table, starting in lang.
func NewTr(table Table, lang Lang) *Tr {
	t := &Tr{table: table}
	t.lang.Store(lang)
	return t
}

// Lang returns the current language.
func (t *Tr) Lang() Lang { return t.lang.Load().(Lang) }

// SetLang switches the language.
func (t *Tr) SetLang(l Lang) { t.lang.Store(l) }

// Text returns the entry for key; a missing key shows itself, so it is seen and fixed.
func (t *Tr) Text(key string) Text {
	if s, ok := t.table[key]; ok {
		return s
	}
	return Text{Zh: key, En: key}
}

// S returns key in the current language, formatted with args when there are any.
func (t *Tr) S(key string, args ...any) string {
	return format(t.Text(key).In(t.Lang()), args)
}

// O returns key in the other language (the small line beside the main one).
func (t *Tr) O(key string, args ...any) string {
	return format(t.Text(key).In(t.Lang().Other()), args)
}

// Pick returns zh or en by the current language, for data that comes in both (the
// catalog's names).
func (t *Tr) Pick(zh, en string) (main, other string) {
	if t.Lang() == En && en != "" {
		return en, zh
	}
	return zh, en
}

func format(s string, args []any) string {
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// S returns key in language l, formatted with args when there are any: for screens that
// hold their language themselves rather than through a Tr. A missing key shows itself.
func (t Table) S(l Lang, key string, args ...any) string {
	tx, ok := t[key]
	if !ok {
		return key
	}
	return format(tx.In(l), args)
}
