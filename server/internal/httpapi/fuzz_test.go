package httpapi

import (
	"testing"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// The fuzz targets drive the request decoders and their validation with arbitrary
// bodies: nothing may panic, and whatever passes must be a well-formed command.

func FuzzDecodeIssue(f *testing.F) {
	for _, s := range []string{
		`{"item":"440199-A-001"}`,
		`{"item":"440199-A-001","priority":"elderly","source":"kiosk-2","request_id":"r1"}`,
		`{"item":"x","applicant":{"id_number":"11010519491231002X","name":"测试","birth_date":"1949-12-31"}}`,
		`{"item":"x","slot":"2026-11-25T10:00:00+08:00","priority":"appointment"}`,
		`{"booking":"GZ20261125001"}`, `{"priority":"appointment","applicant":{"id_number":"11010519491231002X"}}`,
		`{"booking":"\u0000\u00ff"}`,
		`{"item":"\u0000","applicant":{"card_type":"foreign","id_number":"USA123456789012"}}`,
		`{"item":1}`, `[]`, `{"item":"a"}{"item":"b"}`, "\xff\xfe",
	} {
		f.Add([]byte(s), "key")
	}
	se := store.Session{Staff: "kiosk-1", Role: store.RoleDevice}
	f.Fuzz(func(t *testing.T, body []byte, key string) {
		var req wire.IssueRequest
		if err := decodeBytes(body, &req, false); err != nil {
			return
		}
		cmd, err := issueCommand(req, key, se)
		if err != nil {
			if queue.ErrorCode(err) != queue.Invalid {
				t.Fatalf("validation error with code %q: %v", queue.ErrorCode(err), err)
			}
			return
		}
		if cmd.Source != "kiosk-1" || len(cmd.IdemKey) > queue.MaxKey || len(cmd.Booking) > 32 || !cmd.Slot.IsZero() ||
			cmd.Item == "" && cmd.Booking == "" && cmd.Priority != queue.PriorityAppointment {
			t.Fatalf("accepted a bad command: %+v", cmd)
		}
		if req.Applicant != nil {
			if err := queue.ValidateIDNumber(req.Applicant.IDNumber); err != nil && req.Applicant.CardType != queue.CardForeign {
				t.Fatalf("accepted ID number that fails GB 11643")
			}
		}
	})
}

func FuzzDecodeFinish(f *testing.F) {
	for _, s := range []string{`{"outcome":"accepted","received":["m1","m2"]}`, `{"outcome":"rejected","reason":"不符合条件"}`, `{"received":null}`, `{"outcome":"x","extra":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req wire.FinishRequest
		if err := decodeBytes(body, &req, false); err != nil {
			return
		}
		_ = queue.Outcome(req.Outcome).Valid()
	})
}

func FuzzDecodeLogin(f *testing.F) {
	for _, s := range []string{`{"staff":"demo1","pin":"123456","window":1}`, `{"staff":"super","pin":"1","take_over":true}`, `{"window":-1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req wire.LoginRequest
		_ = decodeBytes(body, &req, false)
	})
}

func FuzzDecodeTransfer(f *testing.F) {
	for _, s := range []string{`{"window":5}`, `{"category":"B"}`, `{"window":1e3}`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req wire.TransferRequest
		_ = decodeBytes(body, &req, true)
	})
}

func FuzzDecodeBooking(f *testing.F) {
	for _, s := range []string{
		`{"code":"GZ20261125001","item":"440199-A-001","slot":"2026-11-25T10:00:00+08:00"}`,
		`{"code":"x","item":"y","slot":"2026-11-25T10:00:00+08:00","id_number":"11010519491231002X"}`,
		`{"code":"x","slot":"yesterday"}`, `{"id_number":"110105194912310021"}`, `{"item":"\u0000"}`, `{}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req wire.BookingRequest
		if err := decodeBytes(body, &req, false); err != nil {
			return
		}
		cmd, _, err := bookCommand(req, "super")
		if err != nil {
			if queue.ErrorCode(err) != queue.Invalid {
				t.Fatalf("validation error with code %q: %v", queue.ErrorCode(err), err)
			}
			return
		}
		if len(cmd.Item) > 64 || cmd.Staff != "super" || cmd.IDHash != "" {
			t.Fatalf("accepted a bad command: %+v", cmd)
		}
	})
}
