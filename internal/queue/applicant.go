package queue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Applicant is the person a ticket is for, as read from an ID card or typed by staff, or
// the organisation applying (CardType CardOrg: Name is its name, IDNumber its unified
// social credit code). It is personal data: the hall never holds it, boards and logs
// never see it; the store seals it, phone number included.
type Applicant struct {
	CardType  string `json:"card_type,omitempty"` // one of CardTypes; "" is the resident card
	IDNumber  string `json:"id_number"`
	Name      string `json:"name,omitempty"`
	Gender    string `json:"gender,omitempty"`
	Nation    string `json:"nation,omitempty"`
	BirthDate string `json:"birth_date,omitempty"` // YYYY-MM-DD
	Address   string `json:"address,omitempty"`
	Phone     string `json:"phone,omitempty"` // optional contact number
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

// Validate checks an applicant: a known card type, a number that passes the type's
// check (see ValidateDocNumber), a phone number that looks like one, a real birth date,
// bounded lengths.
func (a *Applicant) Validate() error {
	if _, _, ok := CardLabel(a.CardType); !ok {
		return Errorf(Invalid, "applicant.card_type: must be one of %v, got %q", CardTypes, a.CardType)
	}
	if err := ValidateDocNumber(a.CardType, a.IDNumber); err != nil {
		return Errorf(Invalid, "applicant.id_number: %v", err)
	}
	if err := validatePhone(a.Phone); err != nil {
		return Errorf(Invalid, "applicant.phone: %v", err)
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
	if BirthInNumber(a.CardType, a.IDNumber) {
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

// validatePhone accepts an empty phone number, a mainland mobile number (11 digits
// starting 1), or a landline or foreign number: an optional +, then 5 to 20 digits,
// spaces and hyphens, at least 5 of them digits.
func validatePhone(p string) error {
	if p == "" {
		return nil
	}
	body := strings.TrimPrefix(p, "+")
	n := 0
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= '0' && c <= '9':
			n++
		case c == ' ' || c == '-':
		default:
			return fmt.Errorf("only digits, spaces, hyphens and a leading + are allowed")
		}
	}
	if n < 5 || len(body) > 20 {
		return fmt.Errorf("a phone number has 5 to 20 digits")
	}
	if len(p) == 11 && p[0] == '1' && (n != 11 || p[1] < '3') {
		return fmt.Errorf("a mobile number is 11 digits starting 13-19")
	}
	return nil
}

// DecodeApplicant reads an applicant as a client sends it: one JSON object, no unknown
// fields, nothing after it; the ID number and phone number are trimmed of spaces around
// them, and the result is validated.
func DecodeApplicant(data []byte) (*Applicant, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var a Applicant
	if err := dec.Decode(&a); err != nil {
		return nil, Errorf(Invalid, "applicant: %v", err)
	}
	if dec.More() {
		return nil, Errorf(Invalid, "applicant: trailing data after the object")
	}
	a.IDNumber, a.Phone = strings.TrimSpace(a.IDNumber), strings.TrimSpace(a.Phone)
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return &a, nil
}
