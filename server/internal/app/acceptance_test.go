package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onedoor/assets"
	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// followCatalog writes the sample catalog with 440199-A-001's third material (经营场所
// 证明, required) allowed to follow within 5 working days (容缺受理), and returns its path.
func followCatalog(t *testing.T) string {
	return editedCatalog(t, func(cat map[string]any) {
		for _, it := range cat["items"].([]any) {
			item := it.(map[string]any)
			if item["code"] == "440199-A-001" {
				item["materials"].([]any)[2].(map[string]any)["follow_days"] = 5
			}
		}
	})
}

// editedCatalog writes the sample catalog as edit changes it to a temporary file and
// returns its path, for Config.CatalogPath.
func editedCatalog(t *testing.T, edit func(cat map[string]any)) string {
	t.Helper()
	var cat map[string]any
	if err := json.Unmarshal(assets.CatalogJSON, &cat); err != nil {
		t.Fatal(err)
	}
	edit(cat)
	b, err := json.Marshal(cat)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "catalog.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestLawfulAcceptance finishes visits of 440199-A-001 (m1, m2 required; m3 required but
// allowed to follow; m4, m5 optional) over the API: an acceptance needs every required
// material received except the one that may follow, and answers 409 naming the others;
// the receipt of an acceptance without m3 lists it with its due date.
func TestLawfulAcceptance(t *testing.T) {
	ts := startServerWith(t, func(c *Config) { c.CatalogPath = followCatalog(t) })
	clerk := ts.clerk(1)
	bad := func(code string) []wire.DefectiveMaterial {
		return []wire.DefectiveMaterial{{Code: code, Problem: "未签名", Fix: "经营者签名后提交"}}
	}
	tests := []struct {
		name   string
		req    wire.FinishRequest
		status int
		names  []string // in the 409's message
	}{
		{"all required received", wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}}, 200, nil},
		{"every material received", wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3", "m4", "m5"}}, 200, nil},
		{"one required missing", wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m3"}}, 409, []string{"m2 申请人有效身份证件"}},
		{"two required missing", wire.FinishRequest{Outcome: "accepted", Received: []string{"m3", "m4"}}, 409,
			[]string{"m1 个体工商户登记(备案)申请书", "m2 申请人有效身份证件"}},
		{"a required one defective", wire.FinishRequest{Outcome: "accepted", Received: []string{"m2", "m3"}, Defective: bad("m1")}, 409,
			[]string{"m1 个体工商户登记(备案)申请书"}},
		{"容缺 missing", wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2"}}, 200, nil},
		{"容缺 defective", wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2"}, Defective: bad("m3")}, 200, nil},
		{"an unknown material", wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3", "m9"}}, 422, nil},
		{"a defective one without its problem", wire.FinishRequest{Outcome: "supplement", Received: []string{"m1"},
			Defective: []wire.DefectiveMaterial{{Code: "m2"}}}, 422, nil},
		{"supplement, nothing missing", wire.FinishRequest{Outcome: "supplement", Received: []string{"m1", "m2", "m3"}}, 422, nil},
		{"supplement, one defective", wire.FinishRequest{Outcome: "supplement", Received: []string{"m1", "m3"}, Defective: bad("m2")}, 200, nil},
		{"rejected without a basis", wire.FinishRequest{Outcome: "rejected", Reason: "不属于本中心受理范围"}, 422, nil},
		{"rejected with a basis", wire.FinishRequest{Outcome: "rejected", Reason: "不属于本中心受理范围", Basis: testBasis}, 200, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ts.finishVisit(clerk, "440199-A-001", tc.req)
			if got := statusOf(err); got != tc.status {
				t.Fatalf("finish: status %d (%v), want %d", got, err, tc.status)
			}
			for _, n := range tc.names {
				if !strings.Contains(err.Error(), n) {
					t.Errorf("the 409 does not name %q: %v", n, err)
				}
			}
			if tc.status != 200 {
				ts.finishCurrent(clerk) // the ticket is still served: complete it
				return
			}
			if res.Document.Outcome != tc.req.Outcome {
				t.Errorf("document outcome %q", res.Document.Outcome)
			}
		})
	}
	t.Run("the receipt lists what follows", func(t *testing.T) {
		res, err := ts.finishVisit(clerk, "440199-A-001", wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2"}})
		if err != nil {
			t.Fatal(err)
		}
		d := res.Document
		// 2026-11-25 is a Wednesday: five working days on is Wednesday 2 December.
		if len(d.Awaiting) != 1 || d.Awaiting[0].Code != "m3" || d.Awaiting[0].Name != "经营场所信息申报表或场所使用证明" || d.Awaiting[0].Due != "2026-12-02" {
			t.Fatalf("awaiting %+v", d.Awaiting)
		}
		if len(d.Missing) != 1 || d.Missing[0].Code != "m3" || d.Kind != "acceptance_receipt" || d.CaseNo == "" {
			t.Fatalf("document %+v", d)
		}
		status, pdf := ts.fetchPDF(clerk.Token(), d.Seq)
		if status != 200 {
			t.Fatalf("GET document: %d", status)
		}
		text := testkit.PDFText(t, pdf)
		for _, w := range []string{"容缺后补材料", "经营场所信息申报表或场所使用证明", "须于2026-12-02前补交", "承办人:示例窗口员1", "不收费"} {
			if !strings.Contains(text, w) {
				t.Errorf("the receipt lacks %q: %s", w, text)
			}
		}
		// (the item's legal basis quotes the law's "材料齐全…的当场登记": not a finding)
		if strings.Contains(text, "申请材料齐全") {
			t.Errorf("a receipt with a material to follow says 申请材料齐全: %s", text)
		}
	})
	t.Run("the notice to supplement lists the defective with the fix", func(t *testing.T) {
		res, err := ts.finishVisit(clerk, "440199-A-001", wire.FinishRequest{Outcome: "supplement", Received: []string{"m2", "m3"}, Defective: bad("m1")})
		if err != nil {
			t.Fatal(err)
		}
		status, pdf := ts.fetchPDF(clerk.Token(), res.Document.Seq)
		if status != 200 {
			t.Fatalf("GET document: %d", status)
		}
		text := testkit.PDFText(t, pdf)
		// the sample catalog gives the item 5 working days to supplement
		for _, w := range []string{"需更正的材料", "存在问题:未签名", "补正要求:经营者签名后提交", "承办人:示例窗口员1", "请于2026-12-02前补正"} {
			if !strings.Contains(text, w) {
				t.Errorf("the notice lacks %q: %s", w, text)
			}
		}
	})
	t.Run("a rejection on the item's ground", func(t *testing.T) {
		res, err := ts.finishVisit(clerk, "440199-A-001", wire.FinishRequest{Outcome: "rejected", Ground: "not-ours"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Document.Reason != "申请事项不属于本机关职权范围" || !strings.Contains(res.Document.Basis, "第三十二条第一款第(二)项") {
			t.Fatalf("reason %q, basis %q", res.Document.Reason, res.Document.Basis)
		}
		status, pdf := ts.fetchPDF(clerk.Token(), res.Document.Seq)
		if status != 200 {
			t.Fatalf("GET document: %d", status)
		}
		text := testkit.PDFText(t, pdf)
		for _, w := range []string{"第三十二条第一款第(二)项", "向广州市示例区人民政府申请行政复议", "向广州铁路运输法院提起行政诉讼"} {
			if !strings.Contains(text, w) {
				t.Errorf("the notice lacks %q: %s", w, text)
			}
		}
	})
}

// statusOf is an API call's status: 200 when it succeeded.
func statusOf(err error) int {
	if err == nil {
		return 200
	}
	return client.StatusOf(err)
}

// finishVisit issues a ticket for item, has window 1 call and start it, and finishes it
// with req, returning what the finish answered.
func (ts *testServer) finishVisit(clerk *client.Client, item string, req wire.FinishRequest) (wire.FinishResponse, error) {
	ts.t.Helper()
	ctx := context.Background()
	a := &wire.Applicant{CardType: queue.CardResident, IDNumber: validID("44019919900101123"), Name: "测试甲"}
	if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: item, Applicant: a}, nextKey()); err != nil {
		ts.t.Fatal(err)
	}
	if _, ok, err := clerk.Call(ctx, 1); err != nil || !ok {
		ts.t.Fatalf("call: %v (ticket %v)", err, ok)
	}
	if _, err := clerk.Act(ctx, 1, "start"); err != nil {
		ts.t.Fatal(err)
	}
	return clerk.Finish(ctx, 1, req)
}

// finishCurrent completes window 1's current ticket after a refused finish.
func (ts *testServer) finishCurrent(clerk *client.Client) {
	ts.t.Helper()
	if _, err := clerk.Finish(context.Background(), 1, wire.FinishRequest{Outcome: "completed"}); err != nil {
		ts.t.Fatalf("completing after a refused finish: %v", err)
	}
}
