package idcard

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"
)

// EncodeText builds the 256-byte text block of a card of type t from its fields, keyed
// by the Field* names: each is written as UCS-2LE and padded with spaces, and the
// type marker is set. For 2023 foreign cards an English name longer than 35 characters
// runs on into the second slot. Simulators and tests use it; ParseText is its inverse.
func EncodeText(t CardType, fields map[string]string) ([]byte, error) {
	lay, ok := layouts[t]
	if !ok {
		return nil, fmt.Errorf("encode text: unknown card type %d", t)
	}
	text := make([]byte, TextLen)
	for i := 0; i < TextLen; i += 2 {
		text[i] = ' '
	}
	slots := make(map[string]field, len(lay))
	for _, f := range lay {
		slots[f.name] = f
	}
	vals := make(map[string]string, len(fields))
	for k, v := range fields {
		vals[k] = v
	}
	if t == Foreign23 {
		if u := utf16.Encode([]rune(vals[FieldEnglishName])); len(u) > 35 {
			vals[FieldEnglishName] = string(utf16.Decode(u[:35]))
			vals[FieldEnglishName2] = string(utf16.Decode(u[35:]))
		}
	}
	if t != Resident { // the resident layout's marker is the space padding
		vals[fieldMarker] = string(t.Marker())
	}
	for k, v := range vals {
		f, ok := slots[k]
		if !ok {
			return nil, fmt.Errorf("encode text: %s cards have no field %q", t, k)
		}
		u := utf16.Encode([]rune(v))
		if 2*len(u) > f.len {
			return nil, fmt.Errorf("encode text: field %q holds %d characters, got %d", k, f.len/2, len(u))
		}
		for i, c := range u {
			binary.LittleEndian.PutUint16(text[f.off+2*i:], c)
		}
	}
	return text, nil
}
