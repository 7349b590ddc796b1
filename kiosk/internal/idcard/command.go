package idcard

import "fmt"

// Command is a request's CMD and PARA bytes, CMD in the high byte.
type Command uint16

// The commands of GA 467 that the kiosk uses, and a few it only needs to name.
const (
	CmdResetSAM       Command = 0x10FF // reset the SAM, like a power cycle
	CmdSAMStatus      Command = 0x11FF // SAM self-test status
	CmdSAMID          Command = 0x12FF // read the SAM's 16-byte management ID
	CmdFindCard       Command = 0x2001 // find a card in the field (寻卡)
	CmdSelectCard     Command = 0x2002 // select the card found (选卡)
	CmdReadBase       Command = 0x3001 // read text and photo (读基本信息)
	CmdReadNewAddress Command = 0x3003 // read the newest appended address
	// CmdReadBaseFP reads text, photo and fingerprints. The kiosk never sends it:
	// fingerprints are biometric data it has no right to hold.
	CmdReadBaseFP Command = 0x3010
)

// NewCommand returns the command with the given CMD and PARA bytes.
func NewCommand(code, param byte) Command { return Command(code)<<8 | Command(param) }

// Code returns the CMD byte.
func (c Command) Code() byte { return byte(c >> 8) }

// Param returns the PARA byte.
func (c Command) Param() byte { return byte(c) }

var commandNames = map[Command]string{
	CmdResetSAM:       "reset SAM",
	CmdSAMStatus:      "SAM status",
	CmdSAMID:          "read SAM ID",
	CmdFindCard:       "find card",
	CmdSelectCard:     "select card",
	CmdReadBase:       "read base message",
	CmdReadNewAddress: "read new address",
	CmdReadBaseFP:     "read base message with fingerprint",
}

// String names the command for errors and logs, e.g. "find card".
func (c Command) String() string {
	if s, ok := commandNames[c]; ok {
		return s
	}
	return fmt.Sprintf("command %02X %02X", c.Code(), c.Param())
}
