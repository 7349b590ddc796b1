package docs

import (
	"strings"
	"testing"

	"onedoor/internal/testkit"
)

// TestDocumentsOfLawfulAcceptance reads the PDFs' text: a receipt with a 容缺 material
// never says 齐全 and lists it with its due date; a notice to supplement lists the missing
// and the defective with the fix for each and the 补正期限; a rejection prints the chosen
// basis and the remedy bodies when given; every document names the clerk by name.
func TestDocumentsOfLawfulAcceptance(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		edit func(*Document)
		want []string
		not  []string
	}{
		{"receipt, all received", AcceptanceReceipt, nil, []string{"申请材料齐全", "李明"}, []string{"容缺", "demo1"}},
		{"receipt, one follows", AcceptanceReceipt, func(d *Document) {
			d.Awaiting = []Material{{Name: "经营场所使用证明", Form: "copy", Copies: 1, Due: "2026-12-02"}}
		}, []string{"容缺后补材料", "经营场所使用证明", "须于2026-12-02前补交", "李明"}, []string{"齐全、符合法定形式", "申请材料齐全"}},
		{"supplement, missing and defective", SupplementNotice, func(d *Document) {
			d.Missing[0].Note = "全体股东签署"
			d.Defective = []Material{{Name: "公司登记(备案)申请书", Form: "original", Copies: 1, Problem: "未签名", Fix: "法定代表人签名后提交"}}
			d.Due = "2026-12-09"
		}, []string{"公司章程", "全体股东签署", "需更正的材料", "存在问题:未签名", "补正要求:法定代表人签名后提交", "补正期限", "请于2026-12-09前补正"}, nil},
		{"supplement without a deadline", SupplementNotice, nil, []string{"需补正材料"}, []string{"补正期限"}},
		{"rejection, basis and bodies", RejectionNotice, func(d *Document) {
			d.Basis = "《中华人民共和国行政许可法》第三十二条第一款第(二)项"
			d.ReviewBody, d.Court = "广州市示例区人民政府", "广州铁路运输法院"
		}, []string{"第三十二条第一款第(二)项", "60日内依法向广州市示例区人民政府申请行政复议", "6个月内依法向广州铁路运输法院提起行政诉讼", "李明"},
			[]string{"有管辖权的行政复议机关", "《市场主体登记管理条例》"}},
		{"rejection, no bodies in the catalog", RejectionNotice, nil, []string{"有管辖权的行政复议机关", "有管辖权的人民法院"}, nil},
		{"refusal of a case, reasons, basis and remedies", RefusalDecision, func(d *Document) {
			d.CaseNo, d.AcceptedOn = "440199-ZWFW-001-20261125-0007", "2026-11-25"
			d.Reason = "经营场所经现场核查不符合安全条件"
			d.Basis = "《中华人民共和国行政许可法》第三十八条第二款"
			d.Department = "广州市示例区市场监督管理局"
			d.ReviewBody, d.Court = "广州市示例区人民政府", "广州铁路运输法院"
		}, []string{"不予行政许可决定书", "不许〔", "440199-ZWFW-001-20261125-0007", "受理日期2026-11-25", "经营场所经现场核查不符合安全条件",
			"第三十八条第二款", "决定不予行政许可", "60日内依法向广州市示例区人民政府申请行政复议", "6个月内依法向广州铁路运输法院提起行政诉讼",
			"行政许可专用章", "李明"}, []string{"受理专用章", "不予受理"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := sample(t, tc.kind)
			d.Staff = "李明"
			if tc.edit != nil {
				tc.edit(&d)
			}
			pdf, err := Render(d)
			if err != nil {
				t.Fatal(err)
			}
			text := testkit.PDFText(t, pdf)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the PDF lacks %q; text: %s", w, text)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("the PDF has %q; text: %s", n, text)
				}
			}
		})
	}
}
