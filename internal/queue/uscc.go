package queue

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUSCC is wrapped by every error ValidateUSCC returns.
var ErrUSCC = errors.New("invalid unified social credit code")

// usccChars are the 31 characters of GB 32100-2015, in the order of their values 0-30:
// the digits and the capital letters but I, O, Z, S and V.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the weights W_i = 3^(i-1) mod 31 of the first 17 characters.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// USCCCheckChar returns the GB 32100-2015 check character for the first 17 characters
// of a unified social credit code (统一社会信用代码). It reports false when first17 is not
// 17 characters of the code's alphabet.
func USCCCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccChars, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * usccWeights[i]
	}
	return usccChars[(31-sum%31)%31], true
}

// ValidateUSCC checks an 18-character unified social credit code: the registering
// authority and the kind of organisation (characters 1-2, not 0), the administrative
// division code (characters 3-8, digits), the code's alphabet, and the check character.
func ValidateUSCC(code string) error {
	if len(code) != 18 {
		return fmt.Errorf("%w: must be 18 characters, got %d", ErrUSCC, len(code))
	}
	want, ok := USCCCheckChar(code[:17])
	if !ok {
		return fmt.Errorf("%w: only digits and the capital letters except I, O, Z, S, V are allowed", ErrUSCC)
	}
	if code[0] == '0' || code[1] == '0' {
		return fmt.Errorf("%w: the registering authority and the kind of organisation are not 0", ErrUSCC)
	}
	for i := 2; i < 8; i++ {
		if code[i] < '0' || code[i] > '9' {
			return fmt.Errorf("%w: characters 3-8 are the division code, digits", ErrUSCC)
		}
	}
	if got := strings.IndexByte(usccChars, code[17]); got < 0 || code[17] != want {
		return fmt.Errorf("%w: check character does not match", ErrUSCC)
	}
	return nil
}
