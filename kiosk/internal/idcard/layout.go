package idcard

import "fmt"

// TextLen is the size of the text block in a base-message response.
const TextLen = 256

// markerOffset is where every layout keeps its card-type marker (one UCS-2 character).
const markerOffset = 248

// CardType tells which of the four layouts a text block uses.
type CardType int

// The card types, told apart by the marker at bytes 248–249 of the text.
const (
	Resident  CardType = iota // 居民身份证, marker space or NUL
	GAT                       // 港澳台居民居住证, marker 'J'
	Foreign                   // 外国人永久居留身份证, 2017 edition, marker 'I'
	Foreign23                 // 外国人永久居留身份证, 2023 edition, marker 'Y'
)

// String returns a short English name used in JSON and logs.
func (t CardType) String() string {
	switch t {
	case Resident:
		return "resident"
	case GAT:
		return "gat_residence_permit"
	case Foreign:
		return "foreign_permanent_2017"
	case Foreign23:
		return "foreign_permanent_2023"
	}
	return "unknown"
}

// Marker returns the character the card carries at bytes 248–249.
func (t CardType) Marker() rune {
	switch t {
	case GAT:
		return 'J'
	case Foreign:
		return 'I'
	case Foreign23:
		return 'Y'
	}
	return ' '
}

// field is one slot of a text layout, in bytes of UCS-2LE.
type field struct {
	name     string
	off, len int
}

// Field names shared by the layouts (they are also the keys EncodeText takes).
const (
	FieldName         = "name"
	FieldGender       = "gender"
	FieldNation       = "nation"
	FieldBirth        = "birth"
	FieldAddress      = "address"
	FieldIDNumber     = "id_number"
	FieldAuthority    = "authority"
	FieldValidFrom    = "valid_from"
	FieldValidTo      = "valid_to"
	FieldPassNumber   = "pass_number"
	FieldIssueCount   = "issue_count"
	FieldEnglishName  = "english_name"
	FieldEnglishName2 = "english_name_2"
	FieldNationality  = "nationality"
	FieldCardVersion  = "card_version"
	FieldAuthorityID  = "authority_code"
	FieldRenewalCount = "renewal_count"
	FieldPrevIDLink   = "prev_id_link"
	fieldMarker       = "card_type"
)

// residentHead is bytes 0–219 of the resident layout, which 'J' cards share.
var residentHead = []field{
	{FieldName, 0, 30}, {FieldGender, 30, 2}, {FieldNation, 32, 4}, {FieldBirth, 36, 16},
	{FieldAddress, 52, 70}, {FieldIDNumber, 122, 36}, {FieldAuthority, 158, 30},
	{FieldValidFrom, 188, 16}, {FieldValidTo, 204, 16},
}

// layouts lists, for each card type, the fields of README §1.7 and §1.8 (reserved
// slots other than the marker are left out).
var layouts = map[CardType][]field{
	Resident: residentHead,
	GAT: append(append([]field{}, residentHead...),
		field{FieldPassNumber, 220, 18}, field{FieldIssueCount, 238, 4}, field{fieldMarker, 248, 2}),
	Foreign: {
		{FieldEnglishName, 0, 120}, {FieldGender, 120, 2}, {FieldIDNumber, 122, 30},
		{FieldNationality, 152, 6}, {FieldName, 158, 30}, {FieldValidFrom, 188, 16},
		{FieldValidTo, 204, 16}, {FieldBirth, 220, 16}, {FieldCardVersion, 236, 4},
		{FieldAuthorityID, 240, 8}, {fieldMarker, 248, 2},
	},
	Foreign23: {
		{FieldName, 0, 30}, {FieldGender, 30, 2}, {FieldRenewalCount, 32, 4}, {FieldBirth, 36, 16},
		{FieldEnglishName, 52, 70}, {FieldIDNumber, 122, 36}, {FieldValidFrom, 188, 16},
		{FieldValidTo, 204, 16}, {FieldEnglishName2, 220, 22}, {FieldNationality, 242, 6},
		{fieldMarker, 248, 2}, {FieldPrevIDLink, 250, 6},
	},
}

// ParseCardType accepts a marker ("J", "I", "Y", "" or "resident") or a CardType's
// String form.
func ParseCardType(s string) (CardType, error) {
	for _, t := range []CardType{Resident, GAT, Foreign, Foreign23} {
		if s == t.String() || s == string(t.Marker()) {
			return t, nil
		}
	}
	if s == "" {
		return Resident, nil
	}
	return 0, fmt.Errorf("unknown card type %q (want resident, J, I or Y)", s)
}
