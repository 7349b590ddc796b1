package queue

import "unicode"

// BadRune reports the characters refused in texts that boards, displays and printed
// documents show: control characters (C0, DEL, C1), the bidirectional controls that
// can make a text read backwards (U+202E and its kin), line and paragraph separators,
// and the byte order mark. newline allows '\n' (a rating's comment, a reason).
func BadRune(r rune, newline bool) bool {
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

// CheckText refuses a text holding a character BadRune refuses, naming the field.
func CheckText(field, s string, newline bool) error {
	for _, r := range s {
		if BadRune(r, newline) {
			return Errorf(Invalid, "%s: control and text-direction characters (U+%04X) are not allowed", field, r)
		}
	}
	return nil
}
