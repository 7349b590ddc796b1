package docs

import (
	"strings"
	"testing"

	"onedoor/internal/testkit"
)

// TestDocumentCarriesItsEventHash: a document printed from the log shows the chain hash
// of the event that recorded it, so a printed copy can be checked against the log.
func TestDocumentCarriesItsEventHash(t *testing.T) {
	d := sample(t, RejectionNotice)
	d.EventHash = "3f9a0c5e7b1d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468"
	pdf, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(testkit.PDFText(t, pdf)), "")
	if !strings.Contains(text, d.EventHash) {
		t.Fatalf("the PDF lacks its event hash; text: %s", text)
	}
	d.EventHash = ""
	pdf, err = Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(testkit.PDFText(t, pdf), "SHA-256") {
		t.Fatal("a document without a hash shows a hash line")
	}
}
