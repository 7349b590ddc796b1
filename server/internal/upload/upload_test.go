package upload

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// A made-up person: nobody's real ID number, name, address or phone.
const (
	fakeID    = "11010519491231002X"
	fakeName  = "测试甲乙"
	fakeAddr  = "虚构市示例路1号"
	fakePhone = "13800000000"
)

// fill sets every string in v (recursively: structs, pointers, slices, maps) to s,
// every number to 1 and every bool to true.
func fill(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Int, reflect.Int64, reflect.Int32:
		if v.Type() != reflect.TypeOf(time.Duration(0)) {
			v.SetInt(1)
		}
	case reflect.Uint64, reflect.Uint32, reflect.Uint:
		v.SetUint(1)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fill(v.Elem(), s)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), s)
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), s)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, s)
		fill(e, s)
		m.SetMapIndex(k, e)
		v.Set(m)
	}
}

// TestStripKeepsPersonalDataAtTheCenter: an event whose every text field (today's and
// any added later) holds a person's ID number, name, address and phone goes up with
// none of them; only the ticket's system-made fields pass.
func TestStripKeepsPersonalDataAtTheCenter(t *testing.T) {
	secret := fakeID + " " + fakeName + " " + fakeAddr + " " + fakePhone
	at := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	for _, typ := range []queue.EventType{queue.TicketIssued, queue.TicketFinished, queue.TicketRated, queue.CaseRouted, queue.ApplicantRevealed, queue.AppointmentBooked, queue.StaffCreated} {
		var ev queue.Event
		fill(reflect.ValueOf(&ev).Elem(), secret)
		ev.Type, ev.At, ev.Seq = typ, at, 7
		ev.Ticket.ID, ev.Ticket.Number, ev.Ticket.Category = "t-1", "A001", "A"
		ev.Ticket.State, ev.Ticket.Outcome = queue.Done, queue.Accepted
		ev.Case.No, ev.Case.State = "440199-ZWFW-001-20261125-0007", queue.CaseInProgress // system-made
		up := Strip(ev)
		raw, err := json.Marshal(up)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{fakeID, fakeName, fakeAddr, fakePhone} {
			if strings.Contains(string(raw), s) {
				t.Errorf("%s: %q went up: %s", typ, s, raw)
			}
		}
		if up.Seq != 7 || up.Type != string(typ) || up.Ticket != "t-1" || up.Category != "A" || up.State != "done" || up.Rating != 1 ||
			up.CaseNo != ev.Case.No || up.CaseState != "in_progress" {
			t.Errorf("%s: the figures did not go up: %+v", typ, up)
		}
	}
}

func TestBatchCheck(t *testing.T) {
	at := time.Now()
	ev := func(seq uint64) Event { return Event{Seq: seq, Type: "ticket.issued", At: at} }
	tests := []struct {
		name string
		b    Batch
		ok   bool
	}{
		{"rising after After", Batch{Center: "c", After: 3, Events: []Event{ev(4), ev(6)}}, true},
		{"empty is a heartbeat", Batch{Center: "c", After: 3}, true},
		{"no center", Batch{After: 0, Events: []Event{ev(1)}}, false},
		{"seq not after After", Batch{Center: "c", After: 3, Events: []Event{ev(3)}}, false},
		{"seq falls", Batch{Center: "c", Events: []Event{ev(2), ev(1)}}, false},
		{"repeated seq", Batch{Center: "c", Events: []Event{ev(1), ev(1)}}, false},
		{"no time", Batch{Center: "c", Events: []Event{{Seq: 1, Type: "x"}}}, false},
		{"no type", Batch{Center: "c", Events: []Event{{Seq: 1, At: at}}}, false},
		{"too many", Batch{Center: "c", Events: make([]Event, MaxBatch+1)}, false},
		{"seq past a bigint", Batch{Center: "c", Events: []Event{ev(1 << 63)}}, false},
		{"window past an int", Batch{Center: "c", Events: []Event{{Seq: 1, Type: "x", At: at, Window: 1 << 31}}}, false},
		{"negative rating", Batch{Center: "c", Events: []Event{{Seq: 1, Type: "x", At: at, Rating: -1}}}, false},
	}
	for _, tc := range tests {
		if err := tc.b.Check(); (err == nil) != tc.ok {
			t.Errorf("%s: err %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}
