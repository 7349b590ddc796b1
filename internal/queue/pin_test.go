package queue

import "testing"

func TestCheckPIN(t *testing.T) {
	cases := []struct {
		id, pin string
		ok      bool
	}{
		{"wang", "123456", false},
		{"wang", "000000", false},
		{"wang", "999999999", false},
		{"wang", "654321", false},
		{"wang", "890123", false},
		{"wang", "121212", false},
		{"wang", "123123", false},
		{"wang", "12345", false},
		{"wang", "1234567890123", false},
		{"wang", "12a456", false},
		{"wang", "１２３４５６", false},
		{"204711", "204711", false},
		{"u2047118", "204711", false},
		{"wang", "204711", true},
		{"wang", "583920", true},
		{"wang", "112358", true},
		{"wang", "12345670", true},
	}
	for _, c := range cases {
		err := CheckPIN(c.id, c.pin)
		if (err == nil) != c.ok {
			t.Errorf("CheckPIN(%q, %q) = %v, want ok=%v", c.id, c.pin, err, c.ok)
		}
	}
}

func TestGeneratePIN(t *testing.T) {
	for range 50 {
		pin, err := GeneratePIN("wang", 6)
		if err != nil || len(pin) != 6 || CheckPIN("wang", pin) != nil {
			t.Fatalf("GeneratePIN = %q, %v", pin, err)
		}
	}
	if _, err := GeneratePIN("wang", 3); err == nil {
		t.Fatal("a 3-digit PIN was generated")
	}
}
