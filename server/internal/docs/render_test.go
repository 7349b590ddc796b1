package docs

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/testkit"
)

// syntheticID makes a valid GB 11643 number for a person who does not exist.
func syntheticID(t testing.TB, first17 string) string {
	t.Helper()
	c, ok := queue.IDCheckDigit(first17)
	if !ok {
		t.Fatalf("bad first 17 digits %q", first17)
	}
	return first17 + string(c)
}

func sample(t testing.TB, k Kind) Document {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	three := 3
	d := Document{Kind: k, Seq: 123, CenterName: "广州市示例区政务服务中心(虚构示例)", CenterCode: "440199-ZWFW-001",
		ItemCode: "440199-A-001", ItemName: "有限责任公司设立登记", Department: "示例区市场监督管理局",
		LegalBasis: "《市场主体登记管理条例》第十九条", LegalDays: &three, PromisedDays: 1,
		ApplicantName: "测试甲", ApplicantID: syntheticID(t, "44019919900101123"), TicketNumber: "A001",
		Received: []Material{{Name: "公司登记(备案)申请书", Form: "original", Copies: 1}},
		Staff:    "demo1", Window: "1号综合窗口", IssuedAt: time.Date(2026, 11, 25, 9, 41, 0, 0, loc),
		TrackURL: "http://hall.example:8080/t/0123456789abcdef"}
	switch k {
	case AcceptanceReceipt:
		d.CaseNo, d.Promised = "440199-ZWFW-001-20261125-0001", "2026-11-26"
	case SupplementNotice:
		d.Missing = []Material{{Name: "公司章程", Form: "original", Copies: 1}, {Name: "法定代表人任职文件", Form: "copy", Copies: 1}}
	case RejectionNotice:
		d.Reason = "申请事项不属于本机关职权范围"
	}
	return d
}

func TestRenderHoldsTheFields(t *testing.T) {
	tests := []struct {
		kind Kind
		want []string
		not  []string
	}{
		{AcceptanceReceipt, []string{"受理回执", "440199-ZWFW-001-20261125-0001", "有限责任公司设立登记", "公司登记(备案)申请书", "2026-11-26", "3个工作日", "受理专用章", "2026年11月25日"}, []string{"行政复议"}},
		{SupplementNotice, []string{"材料补正通知书", "需补正材料", "公司章程", "法定代表人任职文件", "一次性告知", "第三十二条"}, []string{"行政复议"}},
		{RejectionNotice, []string{"不予受理决定通知书", "申请事项不属于本机关职权范围", "60日内", "行政复议", "6个月内", "行政诉讼"}, nil},
	}
	for _, tc := range tests {
		t.Run(string(tc.kind), func(t *testing.T) {
			d := sample(t, tc.kind)
			pdf, err := Render(d)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
			}
			text := testkit.PDFText(t, pdf)
			want := append(tc.want, d.Number(), "测试甲", d.ApplicantID, "A001", "广州市示例区政务服务中心")
			for _, w := range want {
				if !strings.Contains(text, strings.Join(strings.Fields(w), "")) {
					t.Errorf("the PDF lacks %q; text: %s", w, text)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("the PDF has %q, which belongs to another document", n)
				}
			}
			if dir := os.Getenv("ONEDOOR_DOC_OUT"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, string(tc.kind)+".pdf"), pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestRenderRefusesAnUnknownKind(t *testing.T) {
	if _, err := Render(Document{Kind: "none"}); err == nil {
		t.Fatal("Render accepted a document of no kind")
	}
}

func TestNumberIsPerEvent(t *testing.T) {
	a, b := sample(t, AcceptanceReceipt), sample(t, AcceptanceReceipt)
	b.Seq++
	if a.Number() == b.Number() {
		t.Fatalf("two events gave one number %s", a.Number())
	}
	if got := sample(t, RejectionNotice).Number(); got != "440199-ZWFW-001不受〔2026〕第000123号" {
		t.Fatalf("number %s", got)
	}
}
