package sim

import (
	"encoding/binary"
	"math/rand/v2"

	"onedoor/kiosk/internal/idcard"
)

// Answer returns the bytes the reader sends back for a request payload, faults
// included, or nil for no answer.
func (s *Sim) Answer(payload []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, err := idcard.ParseRequest(payload)
	var resp idcard.Response
	if err != nil {
		resp = idcard.Response{SW3: idcard.SW3Length}
	} else {
		resp = s.respond(req.Cmd)
	}
	s.log.Debug("request", "cmd", req.Cmd.String(), "sw3", resp.SW3)
	out := resp.Encode()
	switch s.takeFault(FaultNoAnswer, FaultChecksum, FaultGarbage) {
	case FaultNoAnswer:
		return nil
	case FaultChecksum:
		out[len(out)-1] ^= 0x5A
	case FaultGarbage:
		out = append(garbage(), out...)
	}
	s.served++
	return out
}

// respond runs one command against the reader's state.
func (s *Sim) respond(cmd idcard.Command) idcard.Response {
	ok := func(data []byte) idcard.Response { return idcard.Response{SW3: idcard.SW3OK, Data: data} }
	fail := func(sw3 byte) idcard.Response { return idcard.Response{SW3: sw3} }
	if s.samFailed && cmd != idcard.CmdResetSAM {
		return fail(idcard.SW3SAMSelfTest)
	}
	c, present := s.cards[s.placed]
	switch cmd {
	case idcard.CmdResetSAM:
		s.samFailed, s.found, s.selected = false, false, false
		return ok(nil)
	case idcard.CmdSAMStatus:
		return ok(nil)
	case idcard.CmdSAMID:
		return ok(samID)
	case idcard.CmdFindCard:
		return s.findCard(present)
	case idcard.CmdSelectCard:
		if !present || !s.found {
			return fail(idcard.SW3SelectFailed)
		}
		s.selected = true
		return ok(make([]byte, 8))
	case idcard.CmdReadBase, idcard.CmdReadBaseFP:
		if !present || !s.selected || s.takeFault(FaultReadFailed) != 0 {
			return fail(idcard.SW3ReadFailed)
		}
		s.found, s.selected, s.read = false, false, true
		return ok(c.base(cmd == idcard.CmdReadBaseFP))
	case idcard.CmdReadNewAddress:
		if !present || !s.read {
			return fail(idcard.SW3ReadFailed)
		}
		if c.newAddress == nil {
			return fail(idcard.SW3NoContent)
		}
		return ok(c.newAddress)
	}
	return fail(idcard.SW3Command)
}

// findCard answers a search for a card: found when one lies on the reader, unless it
// was read already and the reader is not set to keep finding it (a real reader finds
// a card once per placing).
func (s *Sim) findCard(present bool) idcard.Response {
	if !present || (s.read && !s.keepFinding) {
		s.found = false
		return idcard.Response{SW3: idcard.SW3NoCard}
	}
	s.found, s.selected = true, false
	return idcard.Response{SW3: idcard.SW3FindOK, Data: make([]byte, 4)}
}

// base is the card's base message: text and photo, and with fp a fingerprint length
// (0: none on file).
func (c card) base(fp bool) []byte {
	if !fp {
		return idcard.EncodeBaseMessage(c.text, c.photo)
	}
	data := binary.BigEndian.AppendUint16(nil, uint16(len(c.text)))
	data = binary.BigEndian.AppendUint16(data, uint16(len(c.photo)))
	data = binary.BigEndian.AppendUint16(data, 0)
	return append(append(data, c.text...), c.photo...)
}

// takeFault removes and returns the first pending fault among kinds, or 0.
func (s *Sim) takeFault(kinds ...Fault) Fault {
	for i, f := range s.pending {
		for _, k := range kinds {
			if f == k {
				s.pending = append(s.pending[:i], s.pending[i+1:]...)
				return f
			}
		}
	}
	return 0
}

// garbage is line noise with preamble fragments in it, the kind that trips a reader
// that does not resynchronise.
func garbage() []byte {
	g := []byte{0x00, 0xFF, 0xAA, 0xAA, 0x96, 0x13, 0xAA, 0xAA, 0xAA, 0x96, 0x00, 0x69}
	for range 40 {
		b := byte(rand.IntN(256))
		if b == 0x69 { // keep a random 96 69 from completing a preamble after AA AA AA
			b = 0x68
		}
		g = append(g, b)
	}
	return append(g, 0xAA, 0xAA)
}
