package idcard

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// NewAddressLen is the size of the appended-address block (35 UCS-2 characters).
const NewAddressLen = 70

// ParseBaseMessage decodes the data of a successful read-base-message response: the
// big-endian text and photo lengths, the 256-byte text and the photo. The lengths are
// read from the frame, not assumed; a trailing fingerprint length (command 30 10) is not
// expected here.
func ParseBaseMessage(data []byte) (*Card, error) {
	if len(data) < 4 {
		return nil, fmt.Errorf("base message: %w: %d bytes, want at least 4", ErrShortFrame, len(data))
	}
	textLen := int(binary.BigEndian.Uint16(data[0:]))
	photoLen := int(binary.BigEndian.Uint16(data[2:]))
	if 4+textLen+photoLen != len(data) {
		return nil, fmt.Errorf("base message: %w: text %d + photo %d bytes in %d bytes of data",
			ErrBadLength, textLen, photoLen, len(data)-4)
	}
	card, err := ParseText(data[4 : 4+textLen])
	if err != nil {
		return nil, fmt.Errorf("base message: %w", err)
	}
	card.Photo = bytes.Clone(data[4+textLen:])
	return card, nil
}

// EncodeBaseMessage builds the data of a read-base-message response; the simulator uses it.
func EncodeBaseMessage(text, photo []byte) []byte {
	out := make([]byte, 4, 4+len(text)+len(photo))
	binary.BigEndian.PutUint16(out[0:], uint16(len(text)))
	binary.BigEndian.PutUint16(out[2:], uint16(len(photo)))
	return append(append(out, text...), photo...)
}

// ParseNewAddress decodes the data of a read-new-address response: 70 bytes of UCS-2LE.
func ParseNewAddress(data []byte) (string, error) {
	if len(data) != NewAddressLen {
		return "", fmt.Errorf("new address: %w: %d bytes, want %d", ErrBadLength, len(data), NewAddressLen)
	}
	return ucs2(data), nil
}

// SAMID is the SAM module's 16-byte management ID, kept raw because sources disagree
// on how to print it.
type SAMID [16]byte

// String prints the ID as d0.d2-u32-u32-u32 (little-endian numbers), padding the last
// two to ten digits as the YinanSoft driver does (HslCommunication pads to nine).
func (id SAMID) String() string {
	le := binary.LittleEndian
	return fmt.Sprintf("%02d.%02d-%d-%010d-%010d", id[0], id[2],
		le.Uint32(id[4:]), le.Uint32(id[8:]), le.Uint32(id[12:]))
}

// ParseSAMID decodes the data of a read-SAM-ID response.
func ParseSAMID(data []byte) (SAMID, error) {
	var id SAMID
	if len(data) != len(id) {
		return id, fmt.Errorf("SAM ID: %w: %d bytes, want %d", ErrBadLength, len(data), len(id))
	}
	copy(id[:], data)
	return id, nil
}
