package queue

import (
	"testing"
	"time"
)

// The birth date in an ID number must be a real date from 1900-01-01 to today: 1800
// and 2099 passed the check before, and 1800 even gave the elderly priority.
func TestBirthDateBounds(t *testing.T) {
	id := func(birth string) string {
		first := "440106" + birth + "123"
		c, _ := IDCheckDigit(first)
		return first + string(c)
	}
	for _, tc := range []struct {
		birth string
		ok    bool
	}{
		{"18000101", false}, {"18991231", false}, {"19000101", true}, {"19491231", true},
		{"20990101", false}, {"20000230", false},
	} {
		err := ValidateIDNumber(id(tc.birth))
		if (err == nil) != tc.ok {
			t.Errorf("born %s: %v, want ok=%v", tc.birth, err, tc.ok)
		}
	}
	now := time.Date(2026, 11, 25, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	if err := CheckBirthDate(today, now); err != nil {
		t.Errorf("born today: %v", err)
	}
	if err := CheckBirthDate(today.AddDate(0, 0, 2), now); err == nil {
		t.Error("born the day after tomorrow: accepted")
	}
	// A birth date field out of range gives no age, so no elderly priority.
	a := &Applicant{IDNumber: id("19800101"), BirthDate: "1800-01-01"}
	if err := a.Validate(); err == nil {
		t.Error("birth_date 1800-01-01 accepted")
	}
	if !a.Birth().Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Birth() with birth_date 1800: %v, want the ID number's 1980-01-01", a.Birth())
	}
}
