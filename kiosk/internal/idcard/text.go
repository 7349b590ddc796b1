package idcard

import (
	"encoding/binary"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
)

// longTerm is the valid-to value of cards that never expire.
const longTerm = "长期"

// ParseText decodes a 256-byte text block. It reads the card-type marker first, then the
// fields of that layout, and checks them: dates, code tables, and the ID number (GB 11643
// check digit for 18-character numbers). Every failure wraps ErrInvalidCard, and no
// error message contains the card's personal data.
func ParseText(text []byte) (*Card, error) {
	t, f, err := decodeText(text)
	if err != nil {
		return nil, err
	}
	c := &Card{Type: t}
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	c.Name = f[FieldName]
	c.Gender = Gender(firstByte(f[FieldGender]))
	check(checkGender(f[FieldGender]))
	c.Birth, err = parseDate(FieldBirth, f[FieldBirth])
	check(err)
	c.ValidFrom, err = parseDate(FieldValidFrom, f[FieldValidFrom])
	check(err)
	if f[FieldValidTo] == longTerm {
		c.LongTerm = true
	} else if c.ValidTo, err = parseDate(FieldValidTo, f[FieldValidTo]); err != nil {
		check(err)
	} else if c.ValidTo.Before(c.ValidFrom) {
		check(fmt.Errorf("%w: valid-to date is before valid-from", ErrInvalidCard))
	}
	c.IDNumber = f[FieldIDNumber]
	switch t {
	case Resident, GAT:
		c.Address, c.Authority = f[FieldAddress], f[FieldAuthority]
		c.Nation = Nation(f[FieldNation])
		check(checkNation(t, c.Nation))
		check(checkCitizenNumber(t, c.IDNumber, c.Birth))
		c.PassNumber, c.IssueCount = f[FieldPassNumber], f[FieldIssueCount]
	case Foreign:
		c.EnglishName = f[FieldEnglishName]
		c.Nationality, c.CardVersion, c.AuthorityCode = f[FieldNationality], f[FieldCardVersion], f[FieldAuthorityID]
		check(checkForeign2017Number(c.IDNumber))
	case Foreign23:
		c.EnglishName = f[FieldEnglishName]
		c.Nationality, c.RenewalCount, c.PrevIDLink = f[FieldNationality], f[FieldRenewalCount], f[FieldPrevIDLink]
		check(checkCitizenNumber(t, c.IDNumber, c.Birth))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("parse %s card: %w", t, joinErrors(errs))
	}
	return c, nil
}

// decodeText returns the card type and the trimmed fields of its layout.
func decodeText(text []byte) (CardType, map[string]string, error) {
	if len(text) != TextLen {
		return 0, nil, fmt.Errorf("%w: text block is %d bytes, want %d", ErrInvalidCard, len(text), TextLen)
	}
	t, err := markerType(text)
	if err != nil {
		return 0, nil, err
	}
	fields := make(map[string]string, len(layouts[t]))
	for _, fl := range layouts[t] {
		fields[fl.name] = ucs2(text[fl.off : fl.off+fl.len])
	}
	if t == Foreign23 {
		// The English name runs on from its first slot (35 characters) into the second.
		if second := fields[FieldEnglishName2]; second != "" {
			fields[FieldEnglishName] = trim(ucs2raw(text[52:122]) + ucs2raw(text[220:242]))
		}
		delete(fields, FieldEnglishName2)
	}
	delete(fields, fieldMarker)
	return t, fields, nil
}

// markerType reads the card-type marker at bytes 248–249.
func markerType(text []byte) (CardType, error) {
	switch m := binary.LittleEndian.Uint16(text[markerOffset:]); m {
	case ' ', 0:
		return Resident, nil
	case 'J':
		return GAT, nil
	case 'I':
		return Foreign, nil
	case 'Y':
		return Foreign23, nil
	default:
		return 0, fmt.Errorf("%w: unknown card-type marker U+%04X", ErrInvalidCard, m)
	}
}

// ucs2 decodes little-endian UCS-2 and trims the padding.
func ucs2(b []byte) string { return trim(ucs2raw(b)) }

func ucs2raw(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// trim removes the padding cards use: spaces, NULs and ideographic spaces.
func trim(s string) string { return strings.Trim(s, " \x00\u3000") }

func firstByte(s string) byte {
	if len(s) == 0 {
		return 0
	}
	return s[0]
}

func checkGender(s string) error {
	if len(s) != 1 || !Gender(s[0]).Valid() {
		return fmt.Errorf("%w: gender code %q is not in GB/T 2261.1", ErrInvalidCard, s)
	}
	return nil
}

func checkNation(t CardType, n Nation) error {
	switch {
	case t == GAT && n == "":
		return nil
	case t == GAT:
		return fmt.Errorf("%w: residence permit carries a nation code", ErrInvalidCard)
	case !n.Valid():
		return fmt.Errorf("%w: nation code %q is not in GB 3304", ErrInvalidCard, string(n))
	}
	return nil
}

// parseDate reads YYYYMMDD as a calendar date (midnight UTC).
func parseDate(name, s string) (time.Time, error) {
	d, err := time.Parse("20060102", s)
	if err != nil || len(s) != 8 {
		return time.Time{}, fmt.Errorf("%w: %s is not a YYYYMMDD date", ErrInvalidCard, name)
	}
	return d, nil
}

func joinErrors(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return fmt.Errorf("%w (and %d more problems)", errs[0], len(errs)-1)
}
