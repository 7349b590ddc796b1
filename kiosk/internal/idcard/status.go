package idcard

import "fmt"

// Success codes in SW3.
const (
	SW3OK     byte = 0x90 // success
	SW3FindOK byte = 0x9F // find card succeeded; data is the card's 4-byte IIN
)

// Failure codes in SW3, from the GA 467 table (README §1.4).
const (
	SW3Checksum      byte = 0x10
	SW3Length        byte = 0x11
	SW3Command       byte = 0x21
	SW3NotPermitted  byte = 0x23
	SW3Unrecognised  byte = 0x24
	SW3CardAuthSAM   byte = 0x31
	SW3SAMAuthCard   byte = 0x32
	SW3Verify        byte = 0x33
	SW3CardType      byte = 0x40
	SW3ReadFailed    byte = 0x41
	SW3RandomFailed  byte = 0x47
	SW3SAMSelfTest   byte = 0x60
	SW3SAMNotAllowed byte = 0x66
	SW3NoCard        byte = 0x80
	SW3SelectFailed  byte = 0x81
	SW3NoContent     byte = 0x91
)

type statusInfo struct {
	err     error
	meaning string
}

// statusTable maps every failure code of the spec to a sentinel and a sentence.
var statusTable = map[byte]statusInfo{
	SW3Checksum:      {ErrChecksum, "the reader received a frame with a bad checksum"},
	SW3Length:        {ErrBadLength, "the reader received a frame with a bad length"},
	SW3Command:       {ErrCommand, "command values or combination not valid"},
	SW3NotPermitted:  {ErrCommand, "operation not permitted"},
	SW3Unrecognised:  {ErrDevice, "unrecognised error"},
	SW3CardAuthSAM:   {ErrAuth, "the card failed to authenticate the SAM"},
	SW3SAMAuthCard:   {ErrAuth, "the SAM failed to authenticate the card"},
	SW3Verify:        {ErrAuth, "information verification error"},
	SW3CardType:      {ErrCardType, "wrong or unrecognised card type"},
	SW3ReadFailed:    {ErrReadFailed, "reading the card failed"},
	SW3RandomFailed:  {ErrReadFailed, "getting a random number from the card failed"},
	SW3SAMSelfTest:   {ErrSAMFault, "SAM self-test failed, it accepts no commands"},
	SW3SAMNotAllowed: {ErrSAMFault, "SAM not authorised"},
	SW3NoCard:        {ErrNoCard, "no card found"},
	SW3SelectFailed:  {ErrSelectFailed, "selecting the card failed"},
	SW3NoContent:     {ErrNoContent, "no content for this item"},
}

// StatusError is a response whose SW3 is not a success code. errors.Is matches it
// against the sentinel for its code (ErrNoCard, ErrSAMFault, …).
type StatusError struct {
	Cmd           Command
	SW1, SW2, SW3 byte
}

// Error names the command, the meaning of SW3 and the raw status bytes.
func (e *StatusError) Error() string {
	meaning := "unknown status code"
	if info, ok := statusTable[e.SW3]; ok {
		meaning = info.meaning
	}
	return fmt.Sprintf("%s: %s (SW %02X %02X %02X)", e.Cmd, meaning, e.SW1, e.SW2, e.SW3)
}

// Unwrap returns the sentinel for SW3; codes outside the table give ErrDevice.
func (e *StatusError) Unwrap() error {
	if info, ok := statusTable[e.SW3]; ok {
		return info.err
	}
	return ErrDevice
}
