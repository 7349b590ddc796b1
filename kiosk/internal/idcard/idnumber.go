package idcard

import (
	"fmt"
	"strings"
	"time"

	"onedoor/internal/queue"
)

// checkCitizenNumber verifies an 18-character number (resident cards, residence permits,
// 2023 foreign cards): the GB 11643 check digit, the prefix the card type requires, and
// for resident cards and permits that the encoded birth date is the card's.
// The messages never quote the number, because errors end up in logs.
func checkCitizenNumber(t CardType, id string, birth time.Time) error {
	if len(id) != 18 {
		return fmt.Errorf("%w: ID number has %d characters, want 18", ErrInvalidCard, len(id))
	}
	want, ok := queue.IDCheckDigit(id[:17])
	if !ok {
		return fmt.Errorf("%w: ID number's first 17 characters are not all digits", ErrInvalidCard)
	}
	if id[17] != want {
		return fmt.Errorf("%w: ID number fails the GB 11643 check digit: %w", ErrInvalidCard, queue.ErrIDNumber)
	}
	switch t {
	case GAT:
		if p := id[:6]; p != "810000" && p != "820000" && p != "830000" {
			return fmt.Errorf("%w: residence permit number must start 810000, 820000 or 830000", ErrInvalidCard)
		}
	case Foreign23:
		if id[0] != '9' {
			return fmt.Errorf("%w: 2023 foreign card number must start with 9", ErrInvalidCard)
		}
		return nil // digits 7–14 are a date too, but the card's own birth field is the truth
	}
	if err := queue.ValidateIDNumber(id); err != nil {
		return fmt.Errorf("%w: ID number's birth date is not a date", ErrInvalidCard)
	}
	if enc, _ := queue.IDBirthDate(id); !enc.Equal(birth) {
		return fmt.Errorf("%w: ID number's birth date differs from the card's", ErrInvalidCard)
	}
	return nil
}

// checkForeign2017Number checks the shape of a 2017 foreign card number: a GB/T 2659
// country code of three capital letters and twelve digits. Its check digit follows a
// rule of its own that is not published with the reader protocol, so only the shape is
// verified.
func checkForeign2017Number(id string) error {
	if len(id) != 15 || strings.ToUpper(id[:3]) != id[:3] || !allIn(id[:3], 'A', 'Z') || !allIn(id[3:], '0', '9') {
		return fmt.Errorf("%w: foreign card number must be 3 capital letters and 12 digits", ErrInvalidCard)
	}
	return nil
}

func allIn(s string, lo, hi byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < lo || s[i] > hi {
			return false
		}
	}
	return true
}
