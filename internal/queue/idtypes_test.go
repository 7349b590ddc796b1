package queue

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// withCheck completes 17 digits with their GB 11643 check character (IDCheckDigit is
// tested against the standard's own example in TestIDCheckDigitStandard).
func withCheck(t *testing.T, first17 string) string {
	t.Helper()
	c, ok := IDCheckDigit(first17)
	if !ok {
		t.Fatalf("not 17 digits: %q", first17)
	}
	return first17 + string(c)
}

// breakCheck returns id with its check character changed to another valid one.
func breakCheck(id string) string {
	last := id[len(id)-1]
	for _, c := range []byte("0123456789X") {
		if c != last {
			return id[:len(id)-1] + string(c)
		}
	}
	return id
}

func TestIDCheckDigitStandard(t *testing.T) {
	// The example of GB 11643-1999 itself.
	if c, _ := IDCheckDigit("11010519491231002"); c != 'X' {
		t.Fatalf("check of the standard's example = %c, want X", c)
	}
}

func TestValidateDocNumber(t *testing.T) {
	resident := withCheck(t, "44010619900307123")
	hk := withCheck(t, "81000019900307123")
	mo := withCheck(t, "82000019850101002")
	tw := withCheck(t, "83000019700615004")
	foreign := withCheck(t, "93615619850101002")
	cases := []struct {
		card, number string
		ok           bool
	}{
		{CardResident, "11010519491231002X", true},
		{"", resident, true},
		{CardResident, breakCheck(resident), false},
		{CardResident, "11010519491231002x", false},              // lower-case x
		{CardResident, hk, false},                                // a residence permit is not a resident card
		{CardResident, withCheck(t, "44010619901307123"), false}, // month 13
		{CardHMT, hk, true},
		{CardHMT, mo, true},
		{CardHMT, tw, true},
		{CardHMT, breakCheck(tw), false},
		{CardHMT, resident, false}, // not 81/82/83
		{CardHMT, withCheck(t, "84000019700615004"), false},
		{CardForeign, foreign, true},
		{CardForeign, breakCheck(foreign), false},
		{CardForeign, resident, false}, // 18 characters must start with 9
		{CardForeign, "USA123456789012", true},
		{CardForeign, "US1123456789012", false},
		{CardForeign, "USA12345678901A", false},
		{CardForeign, "USA12345678901", false},
		{CardHKMOPermit, "H12345678", true},
		{CardHKMOPermit, "M1234567890", true},
		{CardHKMOPermit, "C12345678", false},
		{CardHKMOPermit, "H1234567", false},
		{CardHKMOPermit, "H1234567A", false},
		{CardTWPermit, "12345678", true},
		{CardTWPermit, "1234567", false},
		{CardTWPermit, "1234567A", false},
		{CardPassport, "E12345678", true},
		{CardPassport, "G1234", true},
		{CardPassport, "e12345678", false},
		{CardPassport, "E1234", true},
		{CardPassport, "E123", false},
		{CardPassport, "E12345678901234567", false},
		{CardOrg, "91350100M000100Y43", true},
		{CardOrg, "91110000802100433B", true},
		{CardOrg, "91350100M000100Y44", false},
		{"driving_licence", resident, false},
	}
	for _, c := range cases {
		err := ValidateDocNumber(c.card, c.number)
		if (err == nil) != c.ok {
			t.Errorf("ValidateDocNumber(%q, %q) = %v, want ok=%v", c.card, c.number, err, c.ok)
		}
		if err != nil && !errors.Is(err, ErrIDNumber) && !errors.Is(err, ErrDocNumber) && !errors.Is(err, ErrUSCC) {
			t.Errorf("ValidateDocNumber(%q, %q): %v wraps none of the package's errors", c.card, c.number, err)
		}
	}
}

func TestValidateUSCC(t *testing.T) {
	cases := []struct {
		code, want string // want: "" valid, else a word of the error
	}{
		{"91350100M000100Y43", ""}, // the example of GB 32100-2015
		{"91110000802100433B", ""},
		{"91350100M000100Y42", "check"},
		{"91350100M000100Y4", "18"},
		{"91350100M000100Y433", "18"},
		{"91350100M00010OY43", "letters"}, // O is not in the alphabet
		{"91350100I000100Y43", "letters"},
		{"9135010OM000100Y43", "letters"},
		{"913501A0M000100Y43", "division"},
		{"01350100M000100Y43", "not 0"},
		{"91350100m000100Y43", "letters"},
	}
	for _, c := range cases {
		err := ValidateUSCC(c.code)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("ValidateUSCC(%q) = %v, want valid", c.code, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("ValidateUSCC(%q) = %v, want an error about %q", c.code, err, c.want)
		}
	}
	// Every single-character change of a valid code is caught by the check character.
	valid := "91350100M000100Y43"
	for i := 0; i < 18; i++ {
		for j := 0; j < len(usccChars); j++ {
			if usccChars[j] == valid[i] {
				continue
			}
			b := []byte(valid)
			b[i] = usccChars[j]
			if ValidateUSCC(string(b)) == nil {
				t.Fatalf("ValidateUSCC(%q) accepted a one-character change at %d", b, i)
			}
		}
	}
}

func TestCardLabels(t *testing.T) {
	seen := map[string]bool{}
	for _, ct := range CardTypes {
		zh, en, ok := CardLabel(ct)
		if !ok || zh == "" || en == "" || seen[zh] {
			t.Errorf("CardLabel(%q) = %q, %q, %v", ct, zh, en, ok)
		}
		seen[zh] = true
		if ct != CardResident && zh == "居民身份证" {
			t.Errorf("%s is labelled as a resident card", ct)
		}
	}
	if _, _, ok := CardLabel("driving_licence"); ok {
		t.Error("an unknown type has a label")
	}
}

func TestApplicantPhone(t *testing.T) {
	base := Applicant{CardType: CardPassport, IDNumber: "E12345678"}
	for _, c := range []struct {
		phone string
		ok    bool
	}{
		{"", true}, {"13800138000", true}, {"020-12345678", true}, {"+852 9123 4567", true},
		{"12800138000", false}, {"1380013800a", false}, {"123", false}, {"+86 138 0013 8000 999 9", false},
		{"020\n1234", false},
	} {
		a := base
		a.Phone = c.phone
		if err := a.Validate(); (err == nil) != c.ok {
			t.Errorf("phone %q: %v, want ok=%v", c.phone, err, c.ok)
		}
	}
}

// FuzzDecodeApplicant: whatever DecodeApplicant accepts validates, carries a number that
// passes its type's check, and survives encode→decode unchanged.
func FuzzDecodeApplicant(f *testing.F) {
	for _, s := range []string{
		`{"id_number":"11010519491231002X","name":"张三"}`,
		`{"card_type":"uscc","id_number":"91350100M000100Y43","name":"示例有限公司","phone":"020-12345678"}`,
		`{"card_type":"hkmo_permit","id_number":"H12345678","phone":"+852 9123 4567"}`,
		`{"card_type":"foreign","id_number":"USA123456789012"}`,
		`{"card_type":"passport","id_number":"E12345678"} {}`,
		`{"card_type":"hmt","id_number":" 810000199003071235 ","x":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := DecodeApplicant(data)
		if err != nil {
			if a != nil {
				t.Fatal("an error with an applicant")
			}
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("decoded %q but it does not validate: %v", data, err)
		}
		if err := ValidateDocNumber(a.CardType, a.IDNumber); err != nil {
			t.Fatalf("decoded %q with a bad number: %v", data, err)
		}
		out, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := DecodeApplicant(out)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if *a != *b {
			t.Fatalf("round trip changed %+v into %+v", *a, *b)
		}
	})
}
