package docs

import (
	"strings"
	"testing"

	"onedoor/internal/testkit"
)

// The fee line: the catalog's amount, 不收费 only when the catalog says "free", and no
// line at all when the fee is not known. The ID document's label is printed, never
// 居民身份证 for a permit holder.
func TestRenderFeeLineAndIDLabel(t *testing.T) {
	cases := []struct {
		fee, label string
		want, not  []string
	}{
		{"", "", []string{"居民身份证"}, []string{"收费情况", "不收费"}},
		{"free", "", []string{"收费情况", "不收费"}, nil},
		{"工本费20元", "港澳居民来往内地通行证", []string{"收费情况", "工本费20元", "港澳居民来往内地通行证"}, []string{"不收费", "居民身份证 "}},
		{"", "护照", []string{"护照"}, []string{"居民身份证", "收费情况"}},
	}
	for _, c := range cases {
		d := sample(t, AcceptanceReceipt)
		d.Fee, d.ApplicantType = c.fee, c.label
		pdf, err := Render(d)
		if err != nil {
			t.Fatal(err)
		}
		text := testkit.PDFText(t, pdf)
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("fee %q label %q: the PDF lacks %q", c.fee, c.label, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(text, n) {
				t.Errorf("fee %q label %q: the PDF has %q", c.fee, c.label, n)
			}
		}
	}
}
