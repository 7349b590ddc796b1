package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// maxDepth bounds the nesting of a request body; no request goes deeper than 3.
const maxDepth = 16

// checkKeys refuses what encoding/json lets through silently: an object key given
// twice (the last would win) and a key that matches a field only case-insensitively
// ("Item", "ITEM", or the Kelvin sign and long s, which fold to k and s). Every
// field name of the API is lower case ASCII with underscores, so any other key is refused.
func checkKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return walk(dec, 0)
}

// walk reads one JSON value from dec, checking the keys of every object in it.
func walk(dec *json.Decoder, depth int) error {
	if depth > maxDepth {
		return errors.New("the JSON is nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return errors.New("unexpected end of JSON")
		}
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '{':
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			k, _ := kt.(string)
			if !lowerKey(k) {
				return fmt.Errorf("field %q: field names are lower case letters, digits and underscores", k)
			}
			if seen[k] {
				return fmt.Errorf("field %q is given twice", k)
			}
			seen[k] = true
			if err := walk(dec, depth+1); err != nil {
				return err
			}
		}
	case '[':
		for dec.More() {
			if err := walk(dec, depth+1); err != nil {
				return err
			}
		}
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

func lowerKey(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
