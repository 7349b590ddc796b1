package idcard

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"onedoor/internal/queue"
)

func date(s string) time.Time {
	d, err := time.Parse("20060102", s)
	if err != nil {
		panic(err)
	}
	return d
}

// parseVector reads a base-message vector the way the client does.
func parseVector(t *testing.T, name string) *Card {
	t.Helper()
	payload, err := NewFrameReader(bytes.NewReader(readVector(t, name))).Next()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseResponse(payload)
	if err != nil || r.Err(CmdReadBase) != nil {
		t.Fatalf("response: %v %v", err, r.Err(CmdReadBase))
	}
	c, err := ParseBaseMessage(r.Data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBaseMessageVectors(t *testing.T) {
	exp := readExpected(t)
	cases := []struct {
		file, key string
		typ       CardType
		// fields maps expected.json's field names to what the parsed card holds.
		fields func(c *Card) map[string]string
	}{
		{"read-basic-resident.bin", "resident", Resident, func(c *Card) map[string]string {
			return map[string]string{"name": c.Name, "gender": string(c.Gender), "nation": string(c.Nation),
				"birth": c.Birth.Format("20060102"), "address": c.Address, "id_number": c.IDNumber,
				"authority": c.Authority, "valid_from": c.ValidFrom.Format("20060102"),
				"valid_to": c.ValidTo.Format("20060102"), "reserved": ""}
		}},
		{"read-basic-gat_J.bin", "gat_J", GAT, func(c *Card) map[string]string {
			return map[string]string{"name": c.Name, "gender": string(c.Gender), "nation": string(c.Nation),
				"birth": c.Birth.Format("20060102"), "address": c.Address, "id_number": c.IDNumber,
				"authority": c.Authority, "valid_from": c.ValidFrom.Format("20060102"),
				"valid_to": c.ValidTo.Format("20060102"), "pass_number": c.PassNumber,
				"issue_count": c.IssueCount, "rfu1": "", "card_type": "J", "rfu2": ""}
		}},
		{"read-basic-foreign_I.bin", "foreign_I", Foreign, func(c *Card) map[string]string {
			return map[string]string{"english_name": c.EnglishName, "gender": string(c.Gender),
				"id_number": c.IDNumber, "nationality": c.Nationality, "chinese_name": c.Name,
				"valid_from": c.ValidFrom.Format("20060102"), "valid_to": c.ValidTo.Format("20060102"),
				"birth": c.Birth.Format("20060102"), "card_version": c.CardVersion,
				"authority_code": c.AuthorityCode, "card_type": "I", "reserved": ""}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			e := exp[tc.key]
			frame := readVector(t, tc.file)
			if len(frame) != e.FrameLen || fmt.Sprintf("%02X%02X", frame[5], frame[6]) != e.LenField ||
				fmt.Sprintf("%02X", frame[len(frame)-1]) != e.Checksum {
				t.Errorf("frame length/LEN/CHK differ from expected.json")
			}
			c := parseVector(t, tc.file)
			if c.Type != tc.typ {
				t.Errorf("type %v, want %v", c.Type, tc.typ)
			}
			got := tc.fields(c)
			if len(got) != len(e.Fields) {
				t.Errorf("compared %d fields, expected.json has %d", len(got), len(e.Fields))
			}
			for k, want := range e.Fields {
				if got[k] != want {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
			text, _ := hex.DecodeString(e.TextHex)
			if !bytes.Equal(frame[14:270], text) {
				t.Errorf("text block differs from expected.json's text_hex")
			}
			// The photo is the 1024 placeholder bytes, untouched.
			if len(c.Photo) != 1024 || !bytes.Equal(c.Photo, frame[270:1294]) {
				t.Errorf("photo: %d bytes, not the frame's bytes 270..1293", len(c.Photo))
			}
		})
	}
}

func TestResidentVectorDetails(t *testing.T) {
	c := parseVector(t, "read-basic-resident.bin")
	if c.Gender != GenderMale || c.Gender.String() != "男" || c.Nation.Name() != "汉" {
		t.Errorf("gender %q %s, nation %s", c.Gender, c.Gender, c.Nation.Name())
	}
	if err := queue.ValidateIDNumber(c.IDNumber); err != nil {
		t.Errorf("vector ID number invalid: %v", err)
	}
	for _, tc := range []struct {
		at   string
		want int
	}{{"20250306", 34}, {"20250307", 35}, {"20550307", 65}} {
		if got := c.Age(date(tc.at)); got != tc.want {
			t.Errorf("Age(%s) = %d, want %d", tc.at, got, tc.want)
		}
	}
	if c.ExpiredAt(date("20410520")) || !c.ExpiredAt(date("20410521")) {
		t.Errorf("ExpiredAt around valid-to 20410520 is wrong")
	}
}

// residentFields returns the fields of a valid synthetic resident card.
func residentFields() map[string]string {
	return map[string]string{
		FieldName: "王样本", FieldGender: "2", FieldNation: "03", FieldBirth: "19500101",
		FieldAddress: "上海市黄浦区示例路1号", FieldIDNumber: id18("31010119500101002"),
		FieldAuthority: "上海市公安局黄浦分局", FieldValidFrom: "20100101", FieldValidTo: longTerm,
	}
}

func with(base map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(base))
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

func mustEncode(t *testing.T, typ CardType, f map[string]string) []byte {
	t.Helper()
	text, err := EncodeText(typ, f)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func TestParseTextRejectsBadData(t *testing.T) {
	if err := queue.ValidateIDNumber(residentFields()[FieldIDNumber]); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	cases := []struct {
		name string
		typ  CardType
		f    map[string]string
		msg  string
	}{
		{"check digit", Resident, with(residentFields(), FieldIDNumber, wrongCheck(id18("31010119500101002"))), "GB 11643"},
		{"lower-case x", Resident, with(residentFields(), FieldIDNumber, "11010119900307123x"), "GB 11643"},
		{"17 characters", Resident, with(residentFields(), FieldIDNumber, "31010119500101002"), "17 characters"},
		{"letters", Resident, with(residentFields(), FieldIDNumber, "3101011950010100AB"), "digits"},
		{"birth differs from number", Resident, with(residentFields(), FieldBirth, "19500102"), "birth date differs"},
		{"gender not in table", Resident, with(residentFields(), FieldGender, "3"), "gender"},
		{"nation not in table", Resident, with(residentFields(), FieldNation, "57"), "nation"},
		{"nation missing", Resident, with(residentFields(), FieldNation, ""), "nation"},
		{"birth not a date", Resident, with(residentFields(), FieldBirth, "19500230"), "birth"},
		{"valid-to not a date", Resident, with(residentFields(), FieldValidTo, "永久"), "valid_to"},
		{"valid-to before valid-from", Resident, with(residentFields(), FieldValidTo, "20000101"), "before"},
		{"permit with wrong prefix", GAT, with(residentFields(), FieldNation, ""), "810000"},
		{"permit with a nation", GAT, with(residentFields(), FieldIDNumber, id18("81000019500101002")), "nation"},
		{"foreign number shape", Foreign, map[string]string{FieldEnglishName: "X", FieldGender: "1",
			FieldIDNumber: "usa110850101001", FieldBirth: "19850101", FieldValidFrom: "20200101", FieldValidTo: "20300101"}, "capital"},
		{"2023 foreign not starting with 9", Foreign23, with(foreign23Fields(), FieldIDNumber, id18("31010119500101002")), "start with 9"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseText(mustEncode(t, tc.typ, tc.f))
			if !errors.Is(err, ErrInvalidCard) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err %v, want ErrInvalidCard mentioning %q", err, tc.msg)
			}
			for _, personal := range []string{tc.f[FieldIDNumber], tc.f[FieldName], tc.f[FieldAddress]} {
				if personal != "" && strings.Contains(err.Error(), personal) {
					t.Errorf("error message leaks personal data: %v", err)
				}
			}
		})
	}
	if _, err := ParseText(make([]byte, 255)); !errors.Is(err, ErrInvalidCard) {
		t.Errorf("short text: %v", err)
	}
	odd := mustEncode(t, Resident, residentFields())
	odd[248] = 'Z'
	if _, err := ParseText(odd); !errors.Is(err, ErrInvalidCard) || !strings.Contains(err.Error(), "marker") {
		t.Errorf("unknown marker: %v", err)
	}
}

// id18 completes 17 digits with their GB 11643 check character.
func id18(first17 string) string {
	c, ok := queue.IDCheckDigit(first17)
	if !ok {
		panic(first17)
	}
	return first17 + string(c)
}

// wrongCheck replaces an ID number's check character with a wrong one.
func wrongCheck(id string) string {
	for _, c := range "0123456789X" {
		if byte(c) != id[17] {
			return id[:17] + string(c)
		}
	}
	panic("unreachable")
}

func foreign23Fields() map[string]string {
	return map[string]string{
		FieldName: "约翰样例", FieldGender: "1", FieldRenewalCount: "00", FieldBirth: "19850101",
		FieldEnglishName: "SAMPLEFAMILYNAME, GIVENNAME MIDDLENAME TEST", FieldIDNumber: id18("91184019850101001"),
		FieldValidFrom: "20240101", FieldValidTo: "20340101", FieldNationality: "USA", FieldPrevIDLink: "",
	}
}

func TestParseTextLayouts(t *testing.T) {
	t.Run("resident long-term, NUL padding, elderly", func(t *testing.T) {
		text := mustEncode(t, Resident, residentFields())
		for i := 2 * 3; i < 30; i++ { // the name's padding as NULs instead of spaces
			text[i] = 0
		}
		text[248], text[249] = 0, 0
		c, err := ParseText(text)
		if err != nil {
			t.Fatal(err)
		}
		if !c.LongTerm || !c.ValidTo.IsZero() || c.ExpiredAt(date("29991231")) {
			t.Errorf("长期 not read as long-term: %+v %v", c.LongTerm, c.ValidTo)
		}
		if c.Name != "王样本" || c.Gender != GenderFemale || c.Nation.Name() != "回" || c.Age(date("20250101")) != 75 {
			t.Errorf("fields wrong")
		}
	})
	t.Run("2023 foreign Y with a name in two slots", func(t *testing.T) {
		f := foreign23Fields()
		c, err := ParseText(mustEncode(t, Foreign23, f))
		if err != nil {
			t.Fatal(err)
		}
		if c.Type != Foreign23 || c.EnglishName != f[FieldEnglishName] || c.Name != f[FieldName] ||
			c.IDNumber != f[FieldIDNumber] || c.Nationality != "USA" || c.RenewalCount != "00" ||
			!c.Birth.Equal(date("19850101")) || !c.ValidTo.Equal(date("20340101")) {
			t.Errorf("2023 card parsed wrong (type %v)", c.Type)
		}
	})
	t.Run("Y keeps resident offsets for name, gender, birth, number and dates", func(t *testing.T) {
		text := mustEncode(t, Foreign23, foreign23Fields())
		_, res, err := decodeText(append(append([]byte{}, text[:248]...), ' ', 0, ' ', 0, ' ', 0, ' ', 0))
		if err != nil {
			t.Fatal(err)
		}
		if res[FieldName] != "约翰样例" || res[FieldBirth] != "19850101" || res[FieldIDNumber] != foreign23Fields()[FieldIDNumber] {
			t.Errorf("resident view of a Y card: %q %q", res[FieldName], res[FieldBirth])
		}
	})
}

func TestEncodeTextRoundTrip(t *testing.T) {
	for _, name := range []string{"read-basic-resident.bin", "read-basic-gat_J.bin", "read-basic-foreign_I.bin"} {
		frame := readVector(t, name)
		text := frame[14:270]
		typ, fields, err := decodeText(text)
		if err != nil {
			t.Fatal(err)
		}
		again, err := EncodeText(typ, fields)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, text) {
			t.Errorf("%s: EncodeText(decodeText(x)) != x", name)
		}
	}
	if _, err := EncodeText(Resident, map[string]string{FieldName: strings.Repeat("名", 16)}); err == nil {
		t.Error("a 16-character name fitted in 15")
	}
	if _, err := EncodeText(Resident, map[string]string{FieldPassNumber: "H1"}); err == nil {
		t.Error("a resident card accepted a pass number")
	}
}

func TestCardNeverPrintsPersonalData(t *testing.T) {
	c := parseVector(t, "read-basic-resident.bin")
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("card", "card", c)
	for _, out := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", *c), logged.String()} {
		for _, p := range []string{c.Name, c.IDNumber, c.Address, "1990"} {
			if strings.Contains(out, p) {
				t.Errorf("%q leaks %q", out, p)
			}
		}
		if !strings.Contains(out, "resident") {
			t.Errorf("%q does not say the card type", out)
		}
	}
}

func TestBaseMessageLengths(t *testing.T) {
	frame := readVector(t, "read-basic-resident.bin")
	data := frame[10 : len(frame)-1]
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"too short", data[:3], ErrShortFrame},
		{"photo length past the end", data[:len(data)-1], ErrBadLength},
		{"extra bytes", append(bytes.Clone(data), 0), ErrBadLength},
	} {
		if _, err := ParseBaseMessage(tc.data); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	// A 512-byte photo (as some readers send) is taken from the lengths, not assumed.
	short := EncodeBaseMessage(data[4:260], data[260:772])
	c, err := ParseBaseMessage(short)
	if err != nil || len(c.Photo) != 512 {
		t.Errorf("512-byte photo: %v", err)
	}
}
