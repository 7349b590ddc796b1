package idcard

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

func TestBuildRequestMatchesVectors(t *testing.T) {
	want := readTSV(t, "sam-requests.tsv")
	cases := []struct {
		name string
		cmd  Command
		data []byte
	}{
		{"reset_sam", CmdResetSAM, nil},
		{"sam_status", CmdSAMStatus, nil},
		{"read_sam_id", CmdSAMID, nil},
		{"find_card", CmdFindCard, nil},
		{"select_card", CmdSelectCard, nil},
		{"read_basic", CmdReadBase, nil},
		{"read_new_address", CmdReadNewAddress, nil},
		{"read_basic_fp", CmdReadBaseFP, nil},
		{"set_baud_115200", NewCommand(0x60, 0), nil},
		{"set_baud_57600", NewCommand(0x60, 1), nil},
		{"set_baud_38400", NewCommand(0x60, 2), nil},
		{"set_baud_19200", NewCommand(0x60, 3), nil},
		{"set_baud_9600", NewCommand(0x60, 4), nil},
		{"set_max_rf_bytes_0x50", NewCommand(0x61, 0xFF), []byte{0x50}},
	}
	if len(cases) != len(want) {
		t.Errorf("the table covers %d requests, the vector file has %d", len(cases), len(want))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, ok := want[c.name]
			if !ok {
				t.Fatalf("no vector %q", c.name)
			}
			if got := BuildRequest(c.cmd, c.data...); !bytes.Equal(got, w) {
				t.Errorf("BuildRequest = % X\nwant            % X", got, w)
			}
			// The simulator's side: the vector parses back to the command.
			payload, err := NewFrameReader(bytes.NewReader(w)).Next()
			if err != nil {
				t.Fatal(err)
			}
			req, err := ParseRequest(payload)
			if err != nil || req.Cmd != c.cmd || !bytes.Equal(req.Data, c.data) {
				t.Errorf("ParseRequest = %v %X, %v; want %v %X", req.Cmd, req.Data, err, c.cmd, c.data)
			}
		})
	}
}

func TestResponsesMatchVectors(t *testing.T) {
	frames := readTSV(t, "sam-responses.tsv")
	cases := []struct {
		name    string
		sw3     byte
		wantErr error
		dataLen int
	}{
		{"status_ok", 0x90, nil, 0},
		{"status_selftest_fail", 0x60, ErrSAMFault, 0},
		{"find_ok", 0x9F, nil, 4},
		{"find_fail", 0x80, ErrNoCard, 0},
		{"select_ok", 0x90, nil, 8},
		{"select_fail", 0x81, ErrSelectFailed, 0},
		{"read_fail", 0x41, ErrReadFailed, 0},
		{"no_content", 0x91, ErrNoContent, 0},
		{"checksum_error", 0x10, ErrChecksum, 0},
		{"length_error", 0x11, ErrBadLength, 0},
		{"command_error", 0x21, ErrCommand, 0},
		{"sam_id_synthetic", 0x90, nil, 16},
		{"new_address_synthetic", 0x90, nil, 70},
	}
	if len(cases) != len(frames) {
		t.Errorf("the table covers %d responses, the vector file has %d", len(cases), len(frames))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			payload, err := NewFrameReader(bytes.NewReader(frames[c.name])).Next()
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			r, err := ParseResponse(payload)
			if err != nil {
				t.Fatal(err)
			}
			if r.SW3 != c.sw3 || len(r.Data) != c.dataLen {
				t.Errorf("SW3 %02X with %d data bytes, want %02X with %d", r.SW3, len(r.Data), c.sw3, c.dataLen)
			}
			err = r.Err(CmdFindCard)
			if !errors.Is(err, c.wantErr) || (c.wantErr == nil) != (err == nil) {
				t.Errorf("Err = %v, want %v", err, c.wantErr)
			}
			if !bytes.Equal(r.Encode(), frames[c.name]) {
				t.Errorf("Encode does not give the vector back")
			}
		})
	}
}

func TestSAMIDAndNewAddressVectors(t *testing.T) {
	frames := readTSV(t, "sam-responses.tsv")
	data := func(name string) []byte {
		p, err := NewFrameReader(bytes.NewReader(frames[name])).Next()
		if err != nil {
			t.Fatal(err)
		}
		r, _ := ParseResponse(p)
		return r.Data
	}
	id, err := ParseSAMID(data("sam_id_synthetic"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := id.String(), "05.01-20200101-0012345678-2147483647"; got != want {
		t.Errorf("SAM ID %q, want %q", got, want)
	}
	addr, err := ParseNewAddress(data("new_address_synthetic"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "北京市东城区示例街道新址2号"; addr != want { // gen_vectors.py, trailing spaces trimmed
		t.Errorf("new address %q, want %q", addr, want)
	}
}

func TestEveryStatusCodeHasAClearError(t *testing.T) {
	for sw3, info := range statusTable {
		e := &StatusError{Cmd: CmdReadBase, SW1: 0x12, SW2: 0x34, SW3: sw3}
		if !errors.Is(e, info.err) {
			t.Errorf("SW3 %02X does not match %v", sw3, info.err)
		}
		msg := e.Error()
		if want := fmt.Sprintf("(SW 12 34 %02X)", sw3); !bytes.Contains([]byte(msg), []byte(want)) || len(msg) < 30 {
			t.Errorf("SW3 %02X message %q lacks the raw status or a meaning", sw3, msg)
		}
	}
	for _, sw3 := range []byte{0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81, 0x91} {
		if _, ok := statusTable[sw3]; !ok {
			t.Errorf("SW3 %02X of the spec's table is not mapped", sw3)
		}
	}
	if err := (&StatusError{SW3: 0x77}); !errors.Is(err, ErrDevice) {
		t.Errorf("unknown code maps to %v, want ErrDevice", err.Unwrap())
	}
}
