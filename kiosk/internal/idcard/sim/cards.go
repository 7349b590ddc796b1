package sim

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"unicode/utf16"

	"onedoor/kiosk/internal/idcard"
)

// CardSpec is one card in the simulator's JSON file:
//
//	{"cards": [{"key": "li", "type": "resident",
//	            "fields": {"name": "李测试", "gender": "1", …},
//	            "new_address": "…", "photo_base64": "…"}]}
//
// Fields are keyed by the idcard.Field* names and written as the card would hold them
// (dates YYYYMMDD or 长期, codes as digits); nothing is validated, so a file can hold a
// card with a bad check digit on purpose. Without photo_base64 the photo is the
// placeholder pattern of the protocol vectors.
type CardSpec struct {
	Key         string            `json:"key"`
	Type        string            `json:"type"`
	Fields      map[string]string `json:"fields"`
	NewAddress  string            `json:"new_address,omitempty"`
	PhotoBase64 string            `json:"photo_base64,omitempty"`
}

// cardFile is the JSON document.
type cardFile struct {
	Cards []CardSpec `json:"cards"`
}

// LoadCards reads a card file.
func LoadCards(path string) ([]CardSpec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load cards: %w", err)
	}
	defer f.Close()
	return ReadCards(f)
}

// ReadCards decodes a card file from r.
func ReadCards(r io.Reader) ([]CardSpec, error) {
	var doc cardFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("read cards: %w", err)
	}
	return doc.Cards, nil
}

// card is a CardSpec encoded the way the reader sends it.
type card struct {
	text, photo []byte
	newAddress  []byte // nil when the card has no appended address
}

// PlaceholderPhoto returns the 1024-byte stand-in for a WLT photo used by the protocol
// vectors, (i*7+3)&0xFF, which makes off-by-N slicing visible.
func PlaceholderPhoto() []byte {
	p := make([]byte, 1024)
	for i := range p {
		p[i] = byte(i*7 + 3)
	}
	return p
}

func encodeCard(s CardSpec) (card, error) {
	t, err := idcard.ParseCardType(s.Type)
	if err != nil {
		return card{}, fmt.Errorf("card %q: %w", s.Key, err)
	}
	text, err := idcard.EncodeText(t, s.Fields)
	if err != nil {
		return card{}, fmt.Errorf("card %q: %w", s.Key, err)
	}
	c := card{text: text, photo: PlaceholderPhoto()}
	if s.PhotoBase64 != "" {
		if c.photo, err = base64.StdEncoding.DecodeString(s.PhotoBase64); err != nil {
			return card{}, fmt.Errorf("card %q: photo: %w", s.Key, err)
		}
	}
	if s.NewAddress != "" {
		addr, err := encodeUCS2(s.NewAddress, idcard.NewAddressLen)
		if err != nil {
			return card{}, fmt.Errorf("card %q: new address: %w", s.Key, err)
		}
		c.newAddress = addr
	}
	return c, nil
}

// encodeUCS2 writes s as UCS-2LE padded with spaces to n bytes.
func encodeUCS2(s string, n int) ([]byte, error) {
	u := utf16.Encode([]rune(s))
	if 2*len(u) > n {
		return nil, fmt.Errorf("%d characters do not fit in %d bytes", len(u), n)
	}
	out := make([]byte, n)
	for i := 0; i < n/2; i++ {
		c := uint16(' ')
		if i < len(u) {
			c = u[i]
		}
		binary.LittleEndian.PutUint16(out[2*i:], c)
	}
	return out, nil
}

// sampleCards is a card file of synthetic people: one card of each type, an elderly
// resident with a long-term card, and a card whose ID number fails its check digit.
//
//go:embed sample-cards.json
var sampleCards []byte

// SampleCards returns the built-in card file's cards (keys: resident, elder, gat,
// foreign, foreign2023, badcheck).
func SampleCards() []CardSpec {
	cards, err := ReadCards(bytes.NewReader(sampleCards))
	if err != nil {
		panic("sim: built-in card file: " + err.Error())
	}
	return cards
}
