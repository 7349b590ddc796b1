package app

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"onedoor/internal/testkit"
	"onedoor/server/internal/outbox"
)

// TestRatingsReachTheProvinceOnce: every rating goes to the province's 好差评 system
// through a receiver that refuses for a while and loses an answer: each once (by
// delivery id), signed, with the visit's case number where it opened one and the clerk
// who served it, and nothing of the person who rated.
func TestRatingsReachTheProvinceOnce(t *testing.T) {
	prov := newReceiver(t, http.StatusInternalServerError, checkWebhook(testSecret))
	ts := startServerWith(t, func(c *Config) {
		c.Notify = NotifyConfig{ProvinceURL: prov.url(), ProvinceSecret: testSecret,
			Outbox: outbox.Options{BaseDelay: 5 * time.Millisecond, MaxDelay: 40 * time.Millisecond}}
	})
	clerk := ts.clerk(1)
	visits := []*visit{
		{item: marketItem, a: person(0, true), outcome: "accepted"},
		{item: marketItem, a: person(1, false), outcome: "completed"},
	}
	levels := []string{`{"level":5,"comment":"办事很快"}`, `{"level":2,"reasons":["等候时间长"]}`}
	for i, v := range visits {
		serve(t, ts, clerk, 1, v)
		if st, b := ts.raw("POST", "/api/v1/tickets/"+v.ticket+"/rating", "", levels[i]); st != http.StatusOK {
			t.Fatalf("rating %d: %d %s", i, st, b)
		}
	}
	testkit.Until(t, "the province refusing", 20*time.Second, func() bool { return prov.failed() >= 3 })
	prov.setStatus(http.StatusOK)
	prov.loseAnswers(1)
	testkit.Until(t, "every rating delivered", 20*time.Second, func() bool { return prov.delivered() >= len(visits) })
	testkit.Until(t, "the outbox empty", 10*time.Second, func() bool { return gauge(t, ts, "onedoor_outbox_pending", destProvince) == 0 })

	first, _, dups, _, raw, bad := prov.snapshot()
	if len(bad) > 0 {
		t.Fatalf("requests the receiver refused (signature?): %v", bad)
	}
	if len(first) != len(visits) || dups < 1 {
		t.Fatalf("%d ratings delivered (%d raw duplicates), want %d, and the lost answer sent again", len(first), dups, len(visits))
	}
	got := map[string]provinceRating{}
	for _, b := range first {
		var r provinceRating
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		got[r.Ticket] = r
	}
	for i, v := range visits {
		r, ok := got[v.ticket]
		wantLevel := []int{5, 2}[i]
		if !ok || r.Level != wantLevel || r.CaseNo != v.caseNo || r.Window != 1 || r.Staff != "demo1" || r.Item != v.item || r.Center == "" || r.Seq == 0 {
			t.Fatalf("rating of visit %d: %+v (case %q)", i, r, v.caseNo)
		}
	}
	if got[visits[0].ticket].Comment != "办事很快" || len(got[visits[1].ticket].Reasons) != 1 {
		t.Fatalf("comment or reasons lost: %+v", got)
	}
	for _, v := range visits {
		for _, secret := range []string{v.a.IDNumber, v.a.Name, v.a.Address, v.a.Phone} {
			for _, b := range raw {
				if secret != "" && bytes.Contains(b, []byte(secret)) {
					t.Fatalf("%q went to the province: %s", secret, b)
				}
			}
		}
	}
}

// TestProvinceConfigChecked: a connector without an absolute URL or with a short secret
// stops the start with the reason; none configured is fine.
func TestProvinceConfigChecked(t *testing.T) {
	for _, c := range []struct {
		url, secret string
		ok          bool
	}{
		{"", "", true},
		{"https://haocha.example/api/ratings", testSecret, true},
		{"haocha.example/api", testSecret, false},
		{"ftp://haocha.example/api", testSecret, false},
		{"https://haocha.example/api", "short", false},
	} {
		err := checkNotify(NotifyConfig{ProvinceURL: c.url, ProvinceSecret: c.secret})
		if (err == nil) != c.ok {
			t.Errorf("url %q secret %q: %v, want ok=%v", c.url, c.secret, err, c.ok)
		}
	}
}
