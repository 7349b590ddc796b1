package queue

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Applicant is the person a ticket is for, as read from an ID card or typed by staff.
// It is personal data: the hall never holds it, boards and logs never see it.
type Applicant struct {
	CardType  string `json:"card_type,omitempty"`
	IDNumber  string `json:"id_number"`
	Name      string `json:"name,omitempty"`
	Gender    string `json:"gender,omitempty"`
	Nation    string `json:"nation,omitempty"`
	BirthDate string `json:"birth_date,omitempty"` // YYYY-MM-DD
	Address   string `json:"address,omitempty"`
}

// The card types an applicant may present.
const (
	CardResident = "resident" // 居民身份证
	CardHMT      = "hmt"      // 港澳台居民居住证
	CardForeign  = "foreign"  // 外国人永久居留身份证
)

// Limits on applicant fields, in characters.
const (
	maxName    = 64
	maxAddress = 200
	maxShort   = 32
)

// Validate checks an applicant: a known card type, an ID number that passes GB 11643 for
// resident cards and residence permits (foreign cards of the 2023 form too; the older
// 15-character foreign form is letters and digits), a real birth date, bounded lengths.
func (a *Applicant) Validate() error {
	switch a.CardType {
	case "", CardResident, CardHMT:
		if err := ValidateIDNumber(a.IDNumber); err != nil {
			return Errorf(Invalid, "applicant.id_number: %v", err)
		}
	case CardForeign:
		if len(a.IDNumber) == 18 {
			if err := ValidateIDNumber(a.IDNumber); err != nil {
				return Errorf(Invalid, "applicant.id_number: %v", err)
			}
		} else if len(a.IDNumber) != 15 || !alnumUpper(a.IDNumber) {
			return Errorf(Invalid, "applicant.id_number: a foreign permanent residence card number has 15 letters and digits or 18 digits")
		}
	default:
		return Errorf(Invalid, "applicant.card_type: must be resident, hmt or foreign, got %q", a.CardType)
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"name", a.Name, maxName}, {"gender", a.Gender, maxShort}, {"nation", a.Nation, maxShort},
		{"birth_date", a.BirthDate, maxShort}, {"address", a.Address, maxAddress},
	} {
		if !utf8.ValidString(f.v) {
			return Errorf(Invalid, "applicant.%s: not valid UTF-8", f.name)
		}
		if utf8.RuneCountInString(f.v) > f.max {
			return Errorf(Invalid, "applicant.%s: longer than %d characters", f.name, f.max)
		}
		if strings.ContainsFunc(f.v, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			return Errorf(Invalid, "applicant.%s: control characters are not allowed", f.name)
		}
	}
	if a.BirthDate != "" {
		d, err := time.Parse(DayLayout, a.BirthDate)
		if err != nil {
			return Errorf(Invalid, "applicant.birth_date: must be YYYY-MM-DD")
		}
		if err := CheckBirthDate(d, time.Now()); err != nil {
			return Errorf(Invalid, "applicant.birth_date: %v", err)
		}
	}
	return nil
}

// Birth returns the applicant's birth date: the one given, or the one in the ID number.
func (a *Applicant) Birth() time.Time {
	if t, err := time.Parse(DayLayout, a.BirthDate); err == nil && CheckBirthDate(t, time.Now()) == nil {
		return t
	}
	if a.CardType != CardForeign || len(a.IDNumber) == 18 {
		if t, err := IDBirthDate(a.IDNumber); err == nil {
			return t
		}
	}
	return time.Time{}
}

func alnumUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
