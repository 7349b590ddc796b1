package httpapi

import (
	"unicode"

	"onedoor/internal/queue"
)

// badRune reports the characters refused in texts that boards, displays and printed
// documents show: control characters (C0, DEL, C1), the bidirectional controls that
// can make a text read backwards (U+202E and its kin), line and paragraph separators,
// and the byte order mark. newline allows '\n' (a rating's comment).
func badRune(r rune, newline bool) bool {
	switch {
	case r == '\n':
		return !newline
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	case r == 0x2028, r == 0x2029, r == 0xFEFF:
		return true
	}
	return false
}

// checkText refuses a text with a character badRune refuses, naming the field (422).
func checkText(field, s string, newline bool) error {
	for _, r := range s {
		if badRune(r, newline) {
			return queue.Errorf(queue.Invalid, "%s: control and text-direction characters (U+%04X) are not allowed", field, r)
		}
	}
	return nil
}

// checkTexts checks pairs of field name and text, none of which may hold a line break.
func checkTexts(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := checkText(pairs[i], pairs[i+1], false); err != nil {
			return err
		}
	}
	return nil
}

// checkComment checks a free text that may run over several lines.
func checkComment(field, s string) error { return checkText(field, s, true) }
