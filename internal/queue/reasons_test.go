package queue

import (
	"strings"
	"testing"
)

func TestDeskReason(t *testing.T) {
	c := sampleCatalog(t)
	c.DeskReasons = []DeskReason{
		{Code: "ABSENT", NameZh: "叫号未到", NameEn: "Did not come", Actions: []DeskAction{DeskNoShow}},
		{Code: "WRONG", NameZh: "取错号", NameEn: "Wrong ticket"},
	}
	for _, tc := range []struct {
		action DeskAction
		why    Why
		want   string
		code   Code
	}{
		{DeskNoShow, Why{}, "", ""},
		{DeskNoShow, Why{Text: "  走开了 "}, "走开了", ""},
		{DeskNoShow, Why{Code: "ABSENT"}, "ABSENT 叫号未到", ""},
		{DeskNoShow, Why{Code: "ABSENT", Text: "三次未到"}, "ABSENT 叫号未到: 三次未到", ""},
		{DeskTransfer, Why{Code: "WRONG"}, "WRONG 取错号", ""},
		{DeskTransfer, Why{Code: "ABSENT"}, "", Invalid}, // not for transfers
		{DeskClose, Why{Code: "NOPE"}, "", Invalid},
		{DeskClose, Why{Text: strings.Repeat("长", MaxReason+1)}, "", Invalid},
	} {
		got, err := c.DeskReason(tc.action, tc.why)
		if ErrorCode(err) != tc.code || got != tc.want {
			t.Errorf("%s %+v: %q %v, want %q %q", tc.action, tc.why, got, err, tc.want, tc.code)
		}
	}
}

func TestDeskReasonsValidated(t *testing.T) {
	for _, tc := range []struct {
		name string
		list []DeskReason
		path string
	}{
		{"good", []DeskReason{{Code: "A", NameZh: "甲", NameEn: "A", Actions: []DeskAction{DeskClose}}}, ""},
		{"duplicate", []DeskReason{{Code: "A", NameZh: "甲", NameEn: "A"}, {Code: "A", NameZh: "乙", NameEn: "B"}}, "desk_reasons[1].code"},
		{"no english", []DeskReason{{Code: "A", NameZh: "甲"}}, "desk_reasons[0].name_en"},
		{"unknown action", []DeskReason{{Code: "A", NameZh: "甲", NameEn: "A", Actions: []DeskAction{"dance"}}}, "desk_reasons[0].actions[0]"},
	} {
		c := sampleCatalog(t)
		c.DeskReasons = tc.list
		err := c.Validate()
		if (tc.path == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.path) {
			t.Errorf("%s: %v, want a fault at %q", tc.name, err, tc.path)
		}
	}
}

func TestBecauseStampsTheReason(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.Catalog.DeskReasons = []DeskReason{{Code: "ABSENT", NameZh: "叫号未到", NameEn: "Did not come"}}
	h.issue("440199-A-001", "")
	h.must(h.Call(1, "c", h.now))
	if _, err := h.Because(DeskNoShow, Why{Code: "NOPE"})(h.NoShow(1, "c", h.now)); ErrorCode(err) != Invalid {
		t.Fatalf("unknown code: %v", err)
	}
	evs := h.must(h.Because(DeskNoShow, Why{Code: "ABSENT", Text: "等了5分钟"})(h.NoShow(1, "c", h.now)))
	if evs[0].Reason != "ABSENT 叫号未到: 等了5分钟" || evs[0].Type != TicketNoShow {
		t.Fatalf("no-show event %+v", evs[0])
	}
}
