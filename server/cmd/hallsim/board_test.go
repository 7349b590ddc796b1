package main

import (
	"testing"
	"time"
)

func TestHead(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 30, 1, 500_000_000, time.FixedZone("CST", 8*3600))
	for _, tc := range []struct {
		msg     string
		seq     uint64
		typ     string
		at      time.Time
		wantErr bool
	}{
		{`{"seq":42,"type":"ticket.called","at":"2026-11-25T09:30:01.5+08:00","center":"x"}`, 42, "ticket.called", at, false},
		{`{"seq":7,"type":"stream.reset"}`, 7, "stream.reset", time.Time{}, false},
		{`{"type":"ticket.called","seq":42}`, 0, "", time.Time{}, true},
		{`{"seq":x,"type":"a"}`, 0, "", time.Time{}, true},
		{`{"seq":1,"type":"unterminated`, 0, "", time.Time{}, true},
		{`{"seq":1,"type":"a","at":"yesterday"}`, 0, "", time.Time{}, true},
		{``, 0, "", time.Time{}, true},
	} {
		seq, typ, got, err := head([]byte(tc.msg))
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: err %v", tc.msg, err)
			continue
		}
		if err == nil && (seq != tc.seq || typ != tc.typ || !got.Equal(tc.at)) {
			t.Errorf("%s: got %d %q %v", tc.msg, seq, typ, got)
		}
	}
}
