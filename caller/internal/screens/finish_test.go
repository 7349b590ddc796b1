package screens

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"onedoor/assets"
	"onedoor/internal/queue"
)

// TestFinishMarksMaterials marks each material received, missing or defective: an
// acceptance with a required material missing is refused by the server and the dialog
// names it in the clerk's language and stays; a defective material needs what is wrong,
// and the notice to supplement lists it with its fix.
func TestFinishMarksMaterials(t *testing.T) {
	for _, tc := range []struct {
		lang             Lang
		refused, problem string
	}{
		{Zh, "不能受理:以下必需材料缺少或有误——申请人有效身份证件", "请说明「申请人有效身份证件」存在的问题"},
		{En, "Cannot accept: these required materials are missing or defective: Applicant's valid ID document", "Say what is wrong with \u201cApplicant's valid ID document\u201d"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			srv := startServer(t)
			h := newHarness(t, srv, tc.lang)
			m := h.login("demo1", 1)
			tk := srv.issue("440199-A-001")
			test.Tap(h.serve().Cancel) // the checklist's ticks are the dialog's start
			test.Tap(m.ticket.Checks["m1"])
			test.Tap(m.ticket.Checks["m3"])
			h.key(fyne.KeyF6)
			f := m.Finish
			if f.Rows["m1"].mark.state != queue.MatReceived || f.Rows["m2"].mark.state != queue.MatMissing || f.Chosen() != "supplement" {
				t.Fatalf("the dialog starts m1 %s, m2 %s, outcome %s; want the ticks and supplement", f.Rows["m1"].mark.state, f.Rows["m2"].mark.state, f.Chosen())
			}
			f.Outcome.SetSelected(texts.S(tc.lang, "accepted"))
			test.Tap(f.OK)
			h.wait("the refusal", func() bool { return f.status.Text != "" && !f.OK.Disabled() })
			if !strings.Contains(f.status.Text, tc.refused) || m.Popup == nil || m.cur == nil {
				t.Fatalf("the refusal says %q, want %q with the dialog open", f.status.Text, tc.refused)
			}
			f.Mark("m2", queue.MatDefective)
			if !f.Rows["m2"].Problem.Visible() || m.ticket.Checks["m2"].Checked {
				t.Fatal("a defective material shows no problem field, or stays ticked")
			}
			f.Outcome.SetSelected(texts.S(tc.lang, "supplement"))
			test.Tap(f.OK)
			if f.status.Text != tc.problem || m.Popup == nil {
				t.Fatalf("a defective material without its problem says %q, want %q", f.status.Text, tc.problem)
			}
			f.Rows["m2"].Problem.SetText("已过有效期")
			f.Rows["m2"].Fix.SetText("携带有效期内的身份证件")
			if !strings.Contains(f.Missing.Text, texts.S(tc.lang, "mat_defective")) {
				t.Errorf("the notice's list does not show the defective material: %q", f.Missing.Text)
			}
			test.Tap(f.OK)
			h.state("")
			evs := srv.eventsOf("ticket.finished")
			if len(evs) != 1 || evs[0].Ticket.ID != tk.ID || evs[0].Outcome != "supplement" || strings.Join(evs[0].Received, ",") != "m1,m3" {
				t.Fatalf("finish events %+v", evs)
			}
			h.wait("the document", func() bool { return m.Document != nil })
			doc := m.Document.doc
			if len(doc.Defective) != 1 || doc.Defective[0].Code != "m2" || doc.Defective[0].Problem != "已过有效期" || doc.Defective[0].Fix != "携带有效期内的身份证件" {
				t.Fatalf("the notice's defective materials %+v", doc.Defective)
			}
		})
	}
}

// followCatalog writes the sample catalog with 440199-A-001's m3 allowed to follow
// (容缺, 5 working days).
func followCatalog(t *testing.T) string {
	t.Helper()
	var cat map[string]any
	if err := json.Unmarshal(assets.CatalogJSON, &cat); err != nil {
		t.Fatal(err)
	}
	for _, it := range cat["items"].([]any) {
		if item := it.(map[string]any); item["code"] == "440199-A-001" {
			item["materials"].([]any)[2].(map[string]any)["follow_days"] = 5
		}
	}
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

// TestFinishMayFollow shows a 容缺 material as one that may follow: without it the
// dialog proposes an acceptance, and the receipt waits for it with its due date.
func TestFinishMayFollow(t *testing.T) {
	srv := startServerArgs(t, "-catalog", followCatalog(t))
	h := newHarness(t, srv, Zh)
	m := h.login("demo1", 1)
	srv.issue("440199-A-001")
	f := h.serve()
	f.Mark("m1", queue.MatReceived)
	f.Mark("m2", queue.MatReceived)
	test.Tap(f.Cancel)
	h.key(fyne.KeyF6) // opened again: the findings are kept, and m3 may follow
	f = m.Finish
	if f.Chosen() != "accepted" || f.Rows["m2"].mark.state != queue.MatReceived {
		t.Fatalf("with m1, m2 received and m3 to follow the dialog proposes %q", f.Chosen())
	}
	if !containsText(test.LaidOutObjects(m.Popup), "可容缺受理:5个工作日内补交") {
		t.Fatal("the dialog does not say m3 may follow")
	}
	test.Tap(f.OK)
	h.state("")
	h.wait("the receipt", func() bool { return m.Document != nil })
	if aw := m.Document.doc.Awaiting; len(aw) != 1 || aw[0].Code != "m3" || aw[0].Due == "" {
		t.Fatalf("the receipt waits for %+v, want m3 with its due date", aw)
	}
}

// containsText reports whether one of the labels among objs holds s.
func containsText(objs []fyne.CanvasObject, s string) bool {
	for _, o := range objs {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, s) {
			return true
		}
	}
	return false
}
