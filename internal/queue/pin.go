package queue

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
)

// PIN lengths accepted for staff: at least six digits, at most twelve.
const (
	MinPINLen = 6
	MaxPINLen = 12
)

// CheckPIN refuses a PIN that is easy to guess: not all digits, shorter than MinPINLen
// or longer than MaxPINLen, one digit repeated (000000), a run up or down (123456,
// 987654, 890123 wrapping round), a pair or triple repeated (121212, 123123), or the
// staff id itself. The error says which rule, never the PIN.
func CheckPIN(staffID, pin string) error {
	if len(pin) < MinPINLen || len(pin) > MaxPINLen {
		return Errorf(Invalid, "pin must be %d to %d digits", MinPINLen, MaxPINLen)
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return Errorf(Invalid, "pin must be digits only")
		}
	}
	if strings.EqualFold(pin, staffID) || strings.Contains(staffID, pin) {
		return Errorf(Invalid, "pin must not be the staff id")
	}
	switch {
	case repeats(pin, 1):
		return Errorf(Invalid, "pin must not be one digit repeated")
	case runOf(pin, 1), runOf(pin, 9):
		return Errorf(Invalid, "pin must not be a run of digits (123456, 654321)")
	case repeats(pin, 2), repeats(pin, 3):
		return Errorf(Invalid, "pin must not be a short pattern repeated (121212, 123123)")
	}
	return nil
}

// repeats says pin is its first n digits over and over.
func repeats(pin string, n int) bool {
	if len(pin)%n != 0 {
		return false
	}
	return strings.Repeat(pin[:n], len(pin)/n) == pin
}

// runOf says each digit is the one before plus step, modulo 10 (step 1 counts up, 9
// counts down).
func runOf(pin string, step byte) bool {
	for i := 1; i < len(pin); i++ {
		if (pin[i-1]-'0'+step)%10 != pin[i]-'0' {
			return false
		}
	}
	return true
}

// GeneratePIN returns a random PIN of n digits that CheckPIN accepts for staffID.
func GeneratePIN(staffID string, n int) (string, error) {
	if n < MinPINLen || n > MaxPINLen {
		return "", fmt.Errorf("generate pin: length %d out of range", n)
	}
	for {
		var b strings.Builder
		for range n {
			d, err := rand.Int(rand.Reader, big.NewInt(10))
			if err != nil {
				return "", fmt.Errorf("generate pin: %w", err)
			}
			b.WriteByte(byte('0' + d.Int64()))
		}
		if pin := b.String(); CheckPIN(staffID, pin) == nil {
			return pin, nil
		}
	}
}
