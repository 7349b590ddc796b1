package queue

import (
	"strings"
	"testing"
	"time"
)

// validID completes 17 digits with their check character.
func validID(first17 string) string {
	c, _ := IDCheckDigit(first17)
	return first17 + string(c)
}

func TestValidateIDNumber(t *testing.T) {
	good := validID("11010519491231002") // the GB 11643 standard's own example: 11010519491231002X
	if good != "11010519491231002X" {
		t.Fatalf("check digit of the standard's example = %s", good)
	}
	for _, tc := range []struct {
		id string
		ok bool
	}{
		{good, true},
		{validID("44010619900307123"), true},
		{"11010519491231002x", false},         // lower-case x
		{"110105194912310021", false},         // wrong check digit
		{"1101051949123100", false},           // short
		{validID("44010619901307123"), false}, // month 13
		{"A1010519491231002X", false},
		{validID("81000019800101123"), true}, // Hong Kong residence permit prefix
	} {
		if err := ValidateIDNumber(tc.id); (err == nil) != tc.ok {
			t.Errorf("ValidateIDNumber(%q) = %v, want ok=%v", tc.id, err, tc.ok)
		}
	}
	if MaskIDNumber(good) != "110***********002X" {
		t.Errorf("mask = %s", MaskIDNumber(good))
	}
}

func TestApplicantValidate(t *testing.T) {
	id := validID("44010619900307123")
	for _, tc := range []struct {
		a    Applicant
		want string
	}{
		{Applicant{IDNumber: id, Name: "测试", BirthDate: "1990-03-07"}, ""},
		{Applicant{IDNumber: "123"}, "id_number"},
		{Applicant{CardType: "driving_licence", IDNumber: id}, "card_type"},
		{Applicant{IDNumber: id, Name: strings.Repeat("名", 65)}, "name"},
		{Applicant{IDNumber: id, Address: "a\x00b"}, "address"},
		{Applicant{IDNumber: id, Name: "\xff"}, "UTF-8"},
		{Applicant{IDNumber: id, BirthDate: "1990/03/07"}, "birth_date"},
		{Applicant{CardType: CardForeign, IDNumber: "USA123456789012"}, ""},
		{Applicant{CardType: CardForeign, IDNumber: "usa12345678901"}, "id_number"},
	} {
		err := tc.a.Validate()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%+v: %v, want %q", tc.a, err, tc.want)
		}
	}
	a := Applicant{IDNumber: id}
	if b := a.Birth(); !b.Equal(time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("birth from id = %s", b)
	}
	if AgeAt(a.Birth(), time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)) != 35 {
		t.Errorf("age the day before the birthday")
	}
}
