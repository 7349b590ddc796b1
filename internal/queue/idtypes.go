package queue

import (
	"errors"
	"fmt"
)

// The ID documents an applicant may present (CardType), with CardResident, CardHMT and
// CardForeign; an organisation applies by its unified social credit code.
const (
	CardHKMOPermit = "hkmo_permit" // 港澳居民来往内地通行证
	CardTWPermit   = "tw_permit"   // 台湾居民来往大陆通行证
	CardPassport   = "passport"    // 护照
	CardOrg        = "uscc"        // 统一社会信用代码 (an organisation)
)

// ErrDocNumber is wrapped by the errors of ValidateDocNumber for the types without a
// check character of their own.
var ErrDocNumber = errors.New("invalid document number")

// CardTypes lists every CardType value, in the order a clerk's picker offers them.
var CardTypes = []string{CardResident, CardHKMOPermit, CardTWPermit, CardHMT, CardForeign, CardPassport, CardOrg}

// CardLabel returns the Chinese and English names of an ID document type ("" is the
// resident card); false for an unknown type.
func CardLabel(cardType string) (zh, en string, ok bool) {
	switch cardType {
	case "", CardResident:
		return "居民身份证", "Resident identity card", true
	case CardHKMOPermit:
		return "港澳居民来往内地通行证", "Mainland travel permit for Hong Kong and Macao residents", true
	case CardTWPermit:
		return "台湾居民来往大陆通行证", "Mainland travel permit for Taiwan residents", true
	case CardHMT:
		return "港澳台居民居住证", "Residence permit for Hong Kong, Macao and Taiwan residents", true
	case CardForeign:
		return "外国人永久居留身份证", "Foreign permanent resident ID card", true
	case CardPassport:
		return "护照", "Passport", true
	case CardOrg:
		return "统一社会信用代码", "Unified social credit code", true
	}
	return "", "", false
}

// ValidateDocNumber checks the number of an ID document of the given type:
//   - resident card: GB 11643 (18 characters, check character, birth date);
//   - Hong Kong/Macao permit (回乡证): H or M and 8 digits (10 for the older booklet); no
//     check character is published;
//   - Taiwan permit (台胞证): 8 digits (the 2015 card); no check character is published;
//   - residence permit: 18 characters, 810000 (Hong Kong), 820000 (Macao) or 830000
//     (Taiwan) as the address code, GB 11643 check;
//   - foreign permanent residence card: 18 characters starting with 9 with the GB 11643
//     (MOD 11-2) check, the card issued since 1 December 2023; or the 15 characters of the
//     2004 and 2017 cards, three Latin letters (the nationality) and 12 digits, for which
//     no check character is published;
//   - passport: 5 to 17 capital letters and digits (no check outside the MRZ);
//   - organisation: GB 32100 (see ValidateUSCC).
func ValidateDocNumber(cardType, number string) error {
	switch cardType {
	case "", CardResident:
		if len(number) == 18 && number[0] == '8' && number[1] >= '1' && number[1] <= '3' {
			return fmt.Errorf("%w: 81/82/83 numbers are residence permits, not resident cards", ErrIDNumber)
		}
		return ValidateIDNumber(number)
	case CardHMT:
		if len(number) != 18 || number[:6] != "810000" && number[:6] != "820000" && number[:6] != "830000" {
			return fmt.Errorf("%w: a residence permit number has 18 characters and starts 810000, 820000 or 830000", ErrIDNumber)
		}
		return ValidateIDNumber(number)
	case CardForeign:
		return validateForeign(number)
	case CardHKMOPermit, CardTWPermit, CardPassport:
		return validateTravelDoc(cardType, number)
	case CardOrg:
		return ValidateUSCC(number)
	}
	return fmt.Errorf("%w: unknown document type %q", ErrDocNumber, cardType)
}

// validateTravelDoc checks the numbers that carry no published check character.
func validateTravelDoc(cardType, number string) error {
	switch cardType {
	case CardHKMOPermit:
		if (len(number) != 9 && len(number) != 11) || (number[0] != 'H' && number[0] != 'M') || !digits(number[1:]) {
			return fmt.Errorf("%w: a Hong Kong/Macao permit number is H or M and 8 (or 10) digits", ErrDocNumber)
		}
	case CardTWPermit:
		if len(number) != 8 || !digits(number) {
			return fmt.Errorf("%w: a Taiwan permit number is 8 digits", ErrDocNumber)
		}
	default:
		if len(number) < 5 || len(number) > 17 || !alnumUpper(number) {
			return fmt.Errorf("%w: a passport number is 5 to 17 capital letters and digits", ErrDocNumber)
		}
	}
	return nil
}

// validateForeign checks a foreign permanent residence card number, either form.
func validateForeign(number string) error {
	switch len(number) {
	case 18:
		if number[0] != '9' {
			return fmt.Errorf("%w: an 18-character foreign permanent residence card number starts with 9", ErrIDNumber)
		}
		return ValidateIDNumber(number)
	case 15:
		for i := 0; i < 3; i++ {
			if number[i] < 'A' || number[i] > 'Z' {
				return fmt.Errorf("%w: a 15-character card number starts with the nationality's three capital letters", ErrDocNumber)
			}
		}
		if !digits(number[3:]) {
			return fmt.Errorf("%w: a 15-character card number ends with 12 digits", ErrDocNumber)
		}
		return nil
	}
	return fmt.Errorf("%w: a foreign permanent residence card number has 15 or 18 characters, got %d", ErrDocNumber, len(number))
}

// BirthInNumber reports whether the document type's number carries the holder's birth
// date in GB 11643 form.
func BirthInNumber(cardType, number string) bool {
	switch cardType {
	case "", CardResident, CardHMT:
		return true
	case CardForeign:
		return len(number) == 18
	}
	return false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}
