package diag

import (
	"strings"

	"onedoor/internal/queue"
)

// maskID hides an identity number the way receipts do (110***********1233).
func maskID(id string) string {
	if id == "" {
		return ""
	}
	return queue.MaskIDNumber(id)
}

// maskAddress keeps the first six characters (province and city, enough to see the
// text decoded right) and hides the rest.
func maskAddress(a string) string {
	r := []rune(a)
	if len(r) <= 6 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:6]) + strings.Repeat("*", len(r)-6)
}
