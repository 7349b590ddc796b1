package queue

import (
	"errors"
	"fmt"
	"time"
)

// ErrIDNumber is wrapped by every error ValidateIDNumber returns.
var ErrIDNumber = errors.New("invalid ID number")

// idWeights are the GB 11643-1999 weights W_i = 2^(17-i) mod 11 for the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// IDCheckDigit returns the GB 11643 check character for the first 17 digits of an ID
// number. It reports false when first17 is not 17 decimal digits.
func IDCheckDigit(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckChars[sum%11], true
}

// ValidateIDNumber checks an 18-character citizen identification number (GB 11643): 17
// digits, a check character that matches them (X in upper case), and a birth date that
// exists. Residence permits for Hong Kong, Macao and Taiwan residents (83/81/82…) and the
// 2023 foreign permanent residence card (9…) share the layout and the check.
func ValidateIDNumber(id string) error {
	if len(id) != 18 {
		return fmt.Errorf("%w: must be 18 characters, got %d", ErrIDNumber, len(id))
	}
	want, ok := IDCheckDigit(id[:17])
	if !ok {
		return fmt.Errorf("%w: the first 17 characters must be digits", ErrIDNumber)
	}
	got := id[17]
	if got == 'x' {
		return fmt.Errorf("%w: the check character X must be upper case", ErrIDNumber)
	}
	if got != want {
		return fmt.Errorf("%w: check character does not match", ErrIDNumber)
	}
	if id[0] != '9' { // the 2023 foreign card's digits 7-14 are also a birth date, but be lenient
		if _, err := IDBirthDate(id); err != nil {
			return err
		}
	}
	return nil
}

// IDBirthDate returns the birth date encoded in digits 7 to 14 of an 18-character ID number.
func IDBirthDate(id string) (time.Time, error) {
	if len(id) != 18 {
		return time.Time{}, fmt.Errorf("%w: must be 18 characters", ErrIDNumber)
	}
	d, err := time.Parse("20060102", id[6:14])
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: birth date %q is not a date", ErrIDNumber, id[6:14])
	}
	if err := CheckBirthDate(d, time.Now()); err != nil {
		return time.Time{}, fmt.Errorf("%w: %v", ErrIDNumber, err)
	}
	return d, nil
}

// EarliestBirth is the earliest birth date accepted: nobody alive was born before it.
var EarliestBirth = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// CheckBirthDate refuses a birth date (a calendar date at midnight UTC) before
// EarliestBirth or after today at now. "Today" is taken in the easternmost zone, so a
// child born today in the center's zone is never refused for the offset.
func CheckBirthDate(d, now time.Time) error {
	if d.Before(EarliestBirth) {
		return fmt.Errorf("birth date %s is before %s", d.Format(DayLayout), EarliestBirth.Format(DayLayout))
	}
	t := now.UTC().Add(14 * time.Hour)
	if d.After(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)) {
		return fmt.Errorf("birth date %s is in the future", d.Format(DayLayout))
	}
	return nil
}

// MaskIDNumber keeps the first 3 and the last 4 characters of an ID number and hides the
// rest, the way Chinese receipts print it (110***********1234). Short input is hidden whole.
func MaskIDNumber(id string) string {
	if len(id) < 8 {
		return "****"
	}
	b := []byte(id)
	for i := 3; i < len(b)-4; i++ {
		b[i] = '*'
	}
	return string(b)
}

// AgeAt returns the age in whole years at the moment at of someone born on birth,
// both read as calendar dates.
func AgeAt(birth, at time.Time) int {
	y := at.Year() - birth.Year()
	if at.Month() < birth.Month() || (at.Month() == birth.Month() && at.Day() < birth.Day()) {
		y--
	}
	return y
}
