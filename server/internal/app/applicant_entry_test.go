package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// TestApplicantEnteredAtTheWindow: a citizen without a card the reader takes comes to
// window 1; the clerk types their document. Each ID document type (and an organisation by
// its credit code, with a phone number) is checked, sealed, shown masked, and printed on
// the receipt with its own label; a broken number is 422 and changes nothing; the audit
// trail records the entry without the person.
func TestApplicantEnteredAtTheWindow(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	clerk := ts.clerk(1)
	all := []string{"m1", "m2", "m3"}
	cases := []struct {
		a     wire.Applicant
		label string
	}{
		{wire.Applicant{CardType: queue.CardResident, IDNumber: validID("44010619850101002"), Name: "测试乙"}, "居民身份证"},
		{wire.Applicant{CardType: queue.CardHKMOPermit, IDNumber: "H87654321", Name: "测试丙"}, "港澳居民来往内地通行证"},
		{wire.Applicant{CardType: queue.CardTWPermit, IDNumber: "87654321", Name: "测试丁"}, "台湾居民来往大陆通行证"},
		{wire.Applicant{CardType: queue.CardHMT, IDNumber: validID("81000019900307123"), Name: "测试戊"}, "港澳台居民居住证"},
		{wire.Applicant{CardType: queue.CardForeign, IDNumber: validID("93615619850101002"), Name: "TEST FOREIGNER"}, "外国人永久居留身份证"},
		{wire.Applicant{CardType: queue.CardPassport, IDNumber: "E87654321", Name: "TEST TRAVELLER"}, "护照"},
		{wire.Applicant{CardType: queue.CardOrg, IDNumber: "91350100M000100Y43", Name: "示例有限公司", Phone: "13800000000"}, "统一社会信用代码"},
	}
	for _, tc := range cases {
		t.Run(tc.a.CardType, func(t *testing.T) {
			ts.issue("440199-A-001") // no card read at the kiosk
			if _, ok, err := clerk.Call(ctx, 1); err != nil || !ok {
				t.Fatalf("call: %v %v", ok, err)
			}
			broken := tc.a
			broken.IDNumber = tc.a.IDNumber[:len(tc.a.IDNumber)-1] + map[bool]string{true: "0", false: "1"}[strings.HasSuffix(tc.a.IDNumber, "1")]
			if tc.a.CardType == queue.CardHKMOPermit || tc.a.CardType == queue.CardTWPermit || tc.a.CardType == queue.CardPassport {
				broken.IDNumber = "!" + tc.a.IDNumber // no check character published: the form is checked
			}
			_, err := clerk.EnterApplicant(ctx, 1, broken)
			wantStatus(t, err, 422)
			if cur, _, _ := clerk.Current(ctx, 1); cur.Applicant != nil {
				t.Fatalf("a refused entry left an applicant: %+v", cur.Applicant)
			}
			got, err := clerk.EnterApplicant(ctx, 1, tc.a)
			if err != nil {
				t.Fatal(err)
			}
			if got.Applicant == nil || got.Applicant.Name != tc.a.Name || got.Applicant.IDNumber == tc.a.IDNumber {
				t.Fatalf("the entry answers %+v, want the applicant with the number masked", got.Applicant)
			}
			if _, err := clerk.Act(ctx, 1, "start"); err != nil {
				t.Fatal(err)
			}
			res, err := clerk.Finish(ctx, 1, wire.FinishRequest{Outcome: "accepted", Received: all})
			if err != nil {
				t.Fatal(err)
			}
			status, pdf := ts.fetchPDF(clerk.Token(), res.Document.Seq)
			if status != 200 {
				t.Fatalf("receipt: %d", status)
			}
			text := testkit.PDFText(t, pdf)
			// pdftotext joins the words of a Latin name; the label follows 证件号码
			name := strings.ReplaceAll(tc.a.Name, " ", "")
			for _, want := range []string{"申请人" + name, "证件号码" + tc.label + tc.a.IDNumber} {
				if !strings.Contains(text, want) {
					t.Errorf("the receipt lacks %q: %s", want, text)
				}
			}
		})
	}
	evs, err := ts.supervisor().Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(evs)
	entered := strings.Count(string(raw), `"applicant.entered"`)
	if entered != len(cases) {
		t.Fatalf("%d applicant.entered events, want %d", entered, len(cases))
	}
	for _, tc := range cases {
		for _, pii := range []string{tc.a.IDNumber, tc.a.Name, "13800000000"} {
			if strings.Contains(string(raw), pii) {
				t.Fatalf("the audit trail carries %q", pii)
			}
		}
	}
}
