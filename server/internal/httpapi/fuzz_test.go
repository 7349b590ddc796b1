package httpapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// The fuzz targets drive the request decoders and their validation with arbitrary
// bodies and check properties, not just "no panic":
//   - a rejected body leaves the value decoded into exactly as it was;
//   - an accepted body re-encodes to JSON that decodes again (strictly) to the same
//     value: decode → encode → decode is stable;
//   - whatever the handler's checks accept is valid by the domain's rules, stated here
//     independently of the checks themselves.

// roundTrip decodes body into a value filled with sentinel, checks the rejected /
// accepted properties, and reports whether body was accepted.
func roundTrip[T any](t *testing.T, body []byte, sentinel T, allowEmpty bool) (T, bool) {
	t.Helper()
	v := sentinel
	if err := decodeBytes(body, &v, allowEmpty); err != nil {
		if !reflect.DeepEqual(v, sentinel) {
			t.Fatalf("a rejected body changed the value: %+v, was %+v", v, sentinel)
		}
		return v, false
	}
	enc1, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("an accepted value does not encode: %v", err)
	}
	var again T
	if err := decodeBytes(enc1, &again, false); err != nil {
		t.Fatalf("the re-encoded value %s is rejected: %v", enc1, err)
	}
	enc2, err := json.Marshal(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc1, enc2) {
		t.Fatalf("decode → encode → decode changed the value:\n%s\n%s", enc1, enc2)
	}
	return v, true
}

func FuzzDecodeIssue(f *testing.F) {
	for _, s := range []string{
		`{"item":"440199-A-001"}`,
		`{"item":"440199-A-001","priority":"elderly","source":"kiosk-2","request_id":"r1"}`,
		`{"item":"x","applicant":{"id_number":"11010519491231002X","name":"测试","birth_date":"1949-12-31"}}`,
		`{"item":"x","slot":"2026-11-25T10:00:00+08:00","priority":"appointment"}`,
		`{"booking":"GZ20261125001"}`, `{"priority":"appointment","applicant":{"id_number":"11010519491231002X"}}`,
		`{"booking":"\u0000\u00ff"}`, `{"item":"a","item":"b"}`, `{"Item":"a"}`, "{\"item\":\"a\",\"applicant\":{\"name\":\"\u202e\"}}",
		`{"item":"\u0000","applicant":{"card_type":"foreign","id_number":"USA123456789012"}}`,
		`{"item":1}`, `[]`, `{"item":"a"}{"item":"b"}`, "\xff\xfe",
	} {
		f.Add([]byte(s), "key")
	}
	se := store.Session{Staff: "kiosk-1", Role: store.RoleDevice}
	sentinel := wire.IssueRequest{Item: "sentinel", Priority: "p", Source: "s"}
	f.Fuzz(func(t *testing.T, body []byte, key string) {
		req, ok := roundTrip(t, body, sentinel, false)
		if !ok {
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
		if a := req.Applicant; a != nil {
			if err := queue.ValidateDocNumber(a.CardType, a.IDNumber); err != nil {
				t.Fatalf("accepted an ID number that fails its type's check: %v", err)
			}
			for _, s := range []string{a.Name, a.Address, a.Nation, a.Gender} {
				if strings.ContainsFunc(s, func(r rune) bool { return queue.BadRune(r, false) }) {
					t.Fatalf("accepted an applicant text with a control or direction character: %q", s)
				}
			}
		}
	})
}

// validOutcomes are the outcomes of a visit, as the design lists them.
var validOutcomes = map[string]bool{"accepted": true, "rejected": true, "supplement": true, "completed": true, "consulted": true}

func FuzzDecodeFinish(f *testing.F) {
	for _, s := range []string{
		`{"outcome":"accepted","received":["m1","m2"]}`, `{"outcome":"rejected","reason":"不符合条件"}`,
		`{"received":null}`, `{"outcome":"x","extra":1}`, `{"outcome":"supplement","received":["m1","m1"]}`,
		`{"outcome":"rejected","reason":"a\u202eb"}`, `{"outcome":"accepted","received":[""]}`,
	} {
		f.Add([]byte(s))
	}
	sentinel := wire.FinishRequest{Outcome: "sentinel", Received: []string{"s"}, Reason: "r"}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, ok := roundTrip(t, body, sentinel, false)
		if !ok || checkFinish(req) != nil {
			return
		}
		if !validOutcomes[req.Outcome] {
			t.Fatalf("accepted an unknown outcome %q", req.Outcome)
		}
		if len(req.Received) > 200 {
			t.Fatalf("accepted %d materials", len(req.Received))
		}
		seen := map[string]bool{}
		for _, c := range req.Received {
			if c == "" || seen[c] {
				t.Fatalf("accepted an empty or repeated material code %q in %q", c, req.Received)
			}
			seen[c] = true
		}
		if !utf8.ValidString(req.Reason) || utf8.RuneCountInString(req.Reason) > queue.MaxReason ||
			strings.ContainsAny(req.Reason, "\x00\r\u202e\u2066") {
			t.Fatalf("accepted a bad reason %q", req.Reason)
		}
	})
}

func FuzzDecodeLogin(f *testing.F) {
	for _, s := range []string{
		`{"staff":"demo1","pin":"123456","window":1}`, `{"staff":"super","pin":"1","take_over":true}`, `{"window":-1}`,
		`{"staff":"demo1","PIN":"123456"}`, `{"staff":"demo1","pin":"123456","pin":"654321"}`, `{"staff":"a","window":"x"}`, `{"staff":"de\u0000mo","pin":"123456"}`,
	} {
		f.Add([]byte(s))
	}
	sentinel := wire.LoginRequest{Staff: "sentinel", PIN: "0000", Window: 7, TakeOver: true}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, ok := roundTrip(t, body, sentinel, false)
		if !ok || checkLogin(req) != nil {
			return
		}
		if req.Staff == "" || len(req.Staff) > 32 || strings.IndexFunc(req.Staff, func(r rune) bool { return r < 0x21 && r != ' ' || r > 0x7e }) >= 0 {
			t.Fatalf("accepted a bad staff id %q", req.Staff)
		}
		if len(req.PIN) < 4 || len(req.PIN) > 32 {
			t.Fatalf("accepted a PIN of %d bytes", len(req.PIN))
		}
		if req.Window < 0 || req.Window > 999 {
			t.Fatalf("accepted window %d", req.Window)
		}
	})
}

func FuzzDecodeTransfer(f *testing.F) {
	for _, s := range []string{`{"window":5}`, `{"category":"B"}`, `{"window":1e3}`, `{}`, `{"window":5,"category":"B"}`, `{"window":-2}`} {
		f.Add([]byte(s))
	}
	sentinel := wire.TransferRequest{Window: 77, Category: "sentinel"}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, ok := roundTrip(t, body, sentinel, true)
		if !ok || checkTransfer(req) != nil {
			return
		}
		if req.Window != 0 && req.Category != "" {
			t.Fatalf("accepted a transfer to both a window and a category: %+v", req)
		}
		if req.Window < 0 || req.Window > 999 || len(req.Category) > 32 {
			t.Fatalf("accepted a destination out of range: %+v", req)
		}
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
	sentinel := wire.BookingRequest{Code: "sentinel", Item: "i"}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, ok := roundTrip(t, body, sentinel, false)
		if !ok {
			return
		}
		cmd, id, err := bookCommand(req, "super")
		if err != nil {
			if queue.ErrorCode(err) != queue.Invalid {
				t.Fatalf("validation error with code %q: %v", queue.ErrorCode(err), err)
			}
			return
		}
		if len(cmd.Item) > 64 || cmd.Staff != "super" || cmd.IDHash != "" {
			t.Fatalf("accepted a bad command: %+v", cmd)
		}
		if id != "" && queue.ValidateIDNumber(id) != nil {
			t.Fatalf("accepted an ID number that fails GB 11643: %q", id)
		}
	})
}
