package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// TestDocumentOnlyForItsClerk is finding 8: a visit's PDF (full name and ID number)
// goes to the clerk who finished the visit and to supervisors, each fetch recorded;
// another clerk counting seqs gets 404, the same as for a seq that is no document, so
// the answer tells nothing about other visits.
func TestDocumentOnlyForItsClerk(t *testing.T) {
	ts := startServer(t)
	owner, super := ts.clerk(1), ts.supervisor()
	res := ts.visit(owner, "440199-A-001", wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}})
	other := ts.clerk(2)
	before := countDocumentEvents(t, super)
	if status, body := ts.fetchPDF(other.Token(), res.Document.Seq); status != http.StatusNotFound {
		t.Fatalf("another clerk's fetch: %d, want 404: %.200s", status, body)
	}
	_, nothing := ts.fetchPDF(other.Token(), res.Document.Seq+1000)
	if _, body := ts.fetchPDF(other.Token(), res.Document.Seq); string(body) == "" || jsonCode(body) != jsonCode(nothing) {
		t.Fatalf("another clerk can tell a document from no document: %s vs %s", body, nothing)
	}
	for name, c := range map[string]*client.Client{"the visit's clerk": owner, "a supervisor": super} {
		if status, body := ts.fetchPDF(c.Token(), res.Document.Seq); status != 200 {
			t.Fatalf("%s: %d %.200s", name, status, body)
		}
	}
	if got := countDocumentEvents(t, super) - before; got != 2 {
		t.Fatalf("%d document.issued events for 2 fetches and 1 refusal", got)
	}
}

func jsonCode(b []byte) string {
	var e wire.Error
	json.Unmarshal(b, &e)
	return e.Error.Code
}

func countDocumentEvents(t *testing.T, super *client.Client) int {
	t.Helper()
	evs, err := super.Events(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range evs.Events {
		if ev.Type == "document.issued" {
			n++
		}
	}
	return n
}

// TestDeviceTokensCanBeRevoked: a supervisor lists the devices with tokens and revokes
// one by name; its token stops working at once and the revocation is in the audit trail.
func TestDeviceTokensCanBeRevoked(t *testing.T) {
	ts := startServer(t)
	super := ts.supervisor()
	ts.issue("440199-A-001") // the kiosk's token works
	status, body := ts.raw("GET", "/api/v1/admin/devices", super.Token(), "")
	var list struct {
		Devices []struct {
			Name   string `json:"name"`
			Tokens int    `json:"tokens"`
		} `json:"devices"`
	}
	if err := json.Unmarshal([]byte(body), &list); status != 200 || err != nil || len(list.Devices) == 0 {
		t.Fatalf("list devices: %d %v %s", status, err, body)
	}
	name := list.Devices[0].Name
	if status, body := ts.raw("POST", "/api/v1/admin/devices/"+name+"/revoke", ts.clerk(1).Token(), ""); status != http.StatusForbidden {
		t.Fatalf("a clerk revoking: %d %s", status, body)
	}
	if status, body := ts.raw("POST", "/api/v1/admin/devices/"+name+"/revoke", super.Token(), ""); status != 200 {
		t.Fatalf("revoke %s: %d %s", name, status, body)
	}
	if _, err := ts.kiosk.Issue(context.Background(), wire.IssueRequest{Item: "440199-A-001"}, nextKey()); client.StatusOf(err) != http.StatusUnauthorized {
		t.Fatalf("the revoked kiosk still issues: %v", err)
	}
	if status, _ := ts.raw("POST", "/api/v1/admin/devices/"+name+"/revoke", super.Token(), ""); status != http.StatusNotFound {
		t.Fatalf("revoking again: %d, want 404", status)
	}
	evs, err := super.Events(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs.Events {
		if ev.Type == "device.revoked" && ev.Reason == name && ev.Staff == "super" {
			return
		}
	}
	t.Fatal("the revocation is not in the audit trail: " + strconv.Itoa(len(evs.Events)) + " events")
}
