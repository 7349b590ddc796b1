package app

import (
	"context"
	"regexp"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// docNumber finds a document's number (文号) in its text: 〔year〕第NNNNNN号.
var docNumber = regexp.MustCompile(`〔\d{4}〕第\s*\d+\s*号`)

// TestRefusalsOfOneBundleHaveTheirOwnNumbers: two departments of one "one thing" bundle
// refuse their sub-cases; each decision of refusal has a document number of its own (the
// number was once made of the case number's digits, the same for every sub-case).
func TestRefusalsOfOneBundleHaveTheirOwnNumbers(t *testing.T) {
	ts := startServerWith(t, func(c *Config) { c.CatalogPath = bundleCatalog(t) })
	ctx := context.Background()
	for _, o := range []struct{ id, dept string }{{"wjj1", "WJJ"}, {"swj1", "SWJ"}} {
		if err := ts.Store.AddOfficer(ctx, o.id, "审批员 "+o.dept, DemoPIN, []string{o.dept}); err != nil {
			t.Fatal(err)
		}
	}
	no := ts.acceptCase(ts.clerk(1), "440199-A-901")
	officers := map[string]*client.Client{"WJJ": ts.officer("wjj1"), "SWJ": ts.officer("swj1")}
	seen := map[string]string{}
	for _, dept := range []string{"WJJ", "SWJ"} {
		o := officers[dept]
		if _, err := o.CaseAction(ctx, no, "claim", wire.CaseActionRequest{Dept: dept}); err != nil {
			t.Fatal(err)
		}
		_, err := o.CaseAction(ctx, no, "refuse", wire.CaseActionRequest{Dept: dept, Refusal: &queue.Refusal{
			Reasons: []string{"现场核查不符合条件"}, Basis: "《中华人民共和国行政许可法》第三十八条第二款",
			Remedy: queue.Remedy{ReviewBody: "广州市示例区人民政府", Court: "广州市示例区人民法院"}}})
		if err != nil {
			t.Fatalf("%s refuses: %v", dept, err)
		}
	}
	for _, dept := range []string{"WJJ", "SWJ"} {
		st, body := ts.raw("GET", "/api/v1/cases/"+no+"/refusal.pdf?dept="+dept, officers[dept].Token(), "")
		if st != 200 {
			t.Fatalf("the refusal of %s: %d %s", dept, st, body)
		}
		n := docNumber.FindString(testkit.PDFText(t, []byte(body)))
		if n == "" {
			t.Fatalf("no document number in the refusal of %s", dept)
		}
		if prev, dup := seen[n]; dup {
			t.Fatalf("the refusals of %s and %s share the number %s", prev, dept, n)
		}
		seen[n] = dept
	}
}
