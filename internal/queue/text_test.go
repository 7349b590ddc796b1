package queue

import "testing"

func TestCheckText(t *testing.T) {
	cases := []struct {
		name    string
		s       string
		newline bool
		ok      bool
	}{
		{"plain Chinese and English", "材料不全 missing ID copy", false, true},
		{"a line break in a comment", "第一行\n第二行", true, true},
		{"a line break in a one-line text", "第一行\n第二行", false, false},
		{"a NUL", "a\x00b", true, false},
		{"a C1 control", "a\u0085b", true, false},
		{"right-to-left override", "A001\u202E号", true, false},
		{"an isolate", "\u2067x\u2069", true, false},
		{"the byte order mark", "\uFEFFx", true, false},
		{"a paragraph separator", "x\u2029y", true, false},
	}
	for _, c := range cases {
		err := CheckText("reason", c.s, c.newline)
		if (err == nil) != c.ok {
			t.Errorf("%s: %q gave %v, want ok=%v", c.name, c.s, err, c.ok)
		}
		if err != nil && ErrorCode(err) != Invalid {
			t.Errorf("%s: %v is not Invalid", c.name, err)
		}
	}
}
