package desk

import (
	"errors"
	"slices"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

func TestReasonsFitTheAction(t *testing.T) {
	d := &Desk{Catalog: &queue.Catalog{DeskReasons: []queue.DeskReason{
		{Code: "ABSENT", Actions: []queue.DeskAction{queue.DeskNoShow}},
		{Code: "FAULT", Actions: []queue.DeskAction{queue.DeskClose, queue.DeskTransfer}},
		{Code: "OTHER"},
	}}}
	tests := []struct {
		action queue.DeskAction
		want   []string
	}{
		{queue.DeskNoShow, []string{"ABSENT", "OTHER"}},
		{queue.DeskTransfer, []string{"FAULT", "OTHER"}},
		{queue.DeskClose, []string{"FAULT", "OTHER"}},
		{queue.DeskCall, []string{"OTHER"}},
	}
	for _, tc := range tests {
		var got []string
		for _, r := range d.Reasons(tc.action) {
			got = append(got, r.Code)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Reasons(%s) = %v, want %v", tc.action, got, tc.want)
		}
	}
}

func TestMovedTo(t *testing.T) {
	d := &Desk{Staff: "demo1", Window: 1}
	tests := []struct {
		name string
		ev   wire.Event
		n    int
		ok   bool
	}{
		{"logged in at window 2", wire.Event{Type: "staff.logged_out", Staff: "demo1", Reason: "logged in at window 2 (一人一窗)"}, 2, true},
		{"another clerk", wire.Event{Type: "staff.logged_out", Staff: "demo2", Reason: "logged in at window 2 (一人一窗)"}, 0, false},
		{"a plain logout", wire.Event{Type: "staff.logged_out", Staff: "demo1"}, 0, false},
		{"another event", wire.Event{Type: "staff.logged_in", Staff: "demo1", Reason: "logged in at window 2"}, 0, false},
		{"no number", wire.Event{Type: "staff.logged_out", Staff: "demo1", Reason: "logged in at window x"}, 0, false},
	}
	for _, tc := range tests {
		if n, ok := d.MovedTo(tc.ev); n != tc.n || ok != tc.ok {
			t.Errorf("%s: MovedTo = %d %v, want %d %v", tc.name, n, ok, tc.n, tc.ok)
		}
	}
}

func TestRefusedMaterials(t *testing.T) {
	it := &queue.Item{Materials: []queue.Material{
		{Code: "m1", NameZh: "申请书"}, {Code: "m2", NameZh: "身份证件"}, {Code: "m12", NameZh: "场所证明"},
	}}
	conflict := func(msg string) error { return &client.Error{Status: 409, Code: "conflict", Message: msg} }
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"two named", conflict("cannot accept: required materials missing or defective: m2 身份证件, m12 场所证明"), []string{"m2", "m12"}},
		{"a code alone is not a name", conflict("cannot accept: m1"), nil},
		{"another status", &client.Error{Status: 422, Message: "m2 身份证件"}, nil},
		{"not from the server", errors.New("m2 身份证件"), nil},
	}
	for _, tc := range tests {
		var got []string
		for _, m := range RefusedMaterials(it, tc.err) {
			got = append(got, m.Code)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: RefusedMaterials = %v, want %v", tc.name, got, tc.want)
		}
	}
}
