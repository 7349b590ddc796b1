package app

import (
	"strings"
	"testing"

	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// TestReprintedDocumentCarriesItsEventHash: the PDF of a finish event shows the event's
// chain hash, the same the log holds.
func TestReprintedDocumentCarriesItsEventHash(t *testing.T) {
	ts := startServer(t)
	clerk := ts.clerk(1)
	res := ts.visit(clerk, "440199-A-001", wire.FinishRequest{Outcome: "rejected", Reason: "申请事项不属于本机关职权范围", Basis: testBasis})
	want, err := ts.Store.EventHash(res.Document.Seq)
	if err != nil || len(want) != 64 {
		t.Fatalf("event hash: %q %v", want, err)
	}
	code, pdf := ts.fetchPDF(clerk.Token(), res.Document.Seq)
	if code != 200 {
		t.Fatalf("document: %d", code)
	}
	if text := strings.Join(strings.Fields(testkit.PDFText(t, pdf)), ""); !strings.Contains(text, want) {
		t.Fatalf("the PDF lacks its event hash %s; text: %s", want, text)
	}
}
