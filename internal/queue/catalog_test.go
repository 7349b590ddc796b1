package queue

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestSampleCatalog(t *testing.T) {
	c := sampleCatalog(t)
	if len(c.Items) != 30 || len(c.Categories) != 13 {
		t.Fatalf("%d items, %d categories", len(c.Items), len(c.Categories))
	}
	it, ok := c.Item("440199-E-001")
	if !ok || !it.NaturalDays || it.Fee == "" || it.LegalBasis == "" {
		t.Fatalf("meta not applied to E-001: %+v", it)
	}
	if it.Materials[0].Code != "m1" {
		t.Fatalf("material code %q", it.Materials[0].Code)
	}
	if cat, ok := c.Category("B"); !ok || cat.Code != "SCJG" {
		t.Fatalf("category by letter: %v", cat)
	}
}

func TestCatalogFaultsNameTheirPath(t *testing.T) {
	base, err := os.ReadFile("../../assets/catalog-sample.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"bad form", `"form": "copy"`, `"form": "photocopy"`, "items[0].materials[3].form"},
		{"duplicate prefix", `"prefix_letter": "B"`, `"prefix_letter": "A"`, "categories[1].prefix_letter"},
		{"lower-case prefix", `"prefix_letter": "B"`, `"prefix_letter": "b"`, "categories[1].prefix_letter"},
		{"unknown category", `"category": "SSDJ"`, `"category": "XXXX"`, "items[0].category"},
		{"negative days", `"promised_days": 0`, `"promised_days": -1`, "items[0].promised_days"},
		{"promise beyond law", `"legal_days": 3,`, `"legal_days": 3, "promised_days_x": 1,`, "unknown field"},
		{"duplicate item", `"code": "440199-A-002"`, `"code": "440199-A-001"`, "duplicate item code"},
		{"empty name", `"name_zh": "个体工商户设立登记"`, `"name_zh": ""`, "items[0].name_zh: is required"},
		{"unknown field", `"immediate": true`, `"immediate": true, "color": "red"`, "unknown field"},
		{"bad level", `"code": "440199-ZWFW-001"`, `"code": "440199-ZWFW-001", "time_zone": "Asia/Shanghai"`, ""},
		{"bad center code", `"code": "440199-ZWFW-001"`, `"code": "440199 ZWFW"`, "center.code"},
		{"bad weight", `"weight": 100`, `"weight": 0`, "priority_groups[0].weight"},
		{"trailing data", `"rating_scale"`, `"rating_scale"`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := strings.Replace(string(base), tc.old, tc.new, 1)
			if s == string(base) && tc.name != "trailing data" {
				t.Fatalf("the edit %q did not apply", tc.old)
			}
			if tc.name == "trailing data" {
				s += "{}"
				tc.want = "trailing data"
			}
			_, err := ParseCatalog([]byte(s))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("valid edit refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to name %q", err, tc.want)
			}
		})
	}
}

func TestPromiseBeyondLegalDays(t *testing.T) {
	c := sampleCatalog(t)
	three := 3
	c.Items[0].LegalDays = &three
	c.Items[0].PromisedDays = 5
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "items[0].promised_days") {
		t.Fatalf("got %v", err)
	}
	c.Items[0].LegalDays = nil // public services have no legal limit
	if err := c.Validate(); err != nil {
		t.Fatalf("legal_days null: %v", err)
	}
}

func FuzzParseCatalog(f *testing.F) {
	base, err := os.ReadFile("../../assets/catalog-sample.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(base)
	f.Add([]byte(`{"center":{"name":"x","level":"city","code":"c"},"categories":[{"code":"A","prefix_letter":"A","name_zh":"甲","name_en":"a"}],"items":[{"code":"i","name_zh":"事","name_en":"i","department":"d","category":"A","level":"city","immediate":true,"legal_days":null,"promised_days":0,"materials":[{"name_zh":"表","name_en":"f","form":"original","copies":1,"required":true,"note":""}]}],"priority_groups":[],"rating_scale":[]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCatalog(data)
		if err != nil {
			return
		}
		// A catalog that parsed is valid and usable: every item finds its category.
		if err := c.Validate(); err != nil {
			t.Fatalf("parsed catalog fails validation: %v", err)
		}
		for _, it := range c.Items {
			if _, ok := c.Category(it.Category); !ok {
				t.Fatalf("item %s: category %s not found", it.Code, it.Category)
			}
			if _, ok := c.Item(it.Code); !ok {
				t.Fatalf("item %s not found by code", it.Code)
			}
		}
	})
}

// TestSampleCatalogInEnglish checks that the sample catalog the server embeds says in
// English everything a kiosk in English mode shows from it: the hall's name, every
// department and every note.
func TestSampleCatalogInEnglish(t *testing.T) {
	c := sampleCatalog(t)
	if c.Center.NameEn == "" {
		t.Error("center.name_en is empty")
	}
	for _, it := range c.Items {
		if it.DepartmentEn == "" {
			t.Errorf("%s: no department_en for %q", it.Code, it.Department)
		}
		for _, m := range it.Materials {
			if m.NameEn == "" {
				t.Errorf("%s %s: no name_en", it.Code, m.Code)
			}
			if m.Note != "" && m.NoteEn == "" {
				t.Errorf("%s %s: no note_en for %q", it.Code, m.Code, m.Note)
			}
		}
	}
}

// TestEnglishNoteNeedsChinese refuses an English note with no Chinese note beside it.
func TestEnglishNoteNeedsChinese(t *testing.T) {
	base, err := os.ReadFile("../../assets/catalog-sample.json")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(base), `"note": "经营者签署;可在广东政务服务网/粤商通填报后打印"`, `"note": ""`, 1)
	if s == string(base) {
		t.Fatal("the edit did not apply")
	}
	_, err = ParseCatalog([]byte(s))
	if err == nil || !strings.Contains(err.Error(), "items[0].materials[0].note_en") {
		t.Fatalf("error %v, want it to name items[0].materials[0].note_en", err)
	}
}

// TestParseServedCatalog: the catalog as the server serves it is taken back whole,
// with fields a newer server adds, and refused when it is not a valid catalog.
func TestParseServedCatalog(t *testing.T) {
	served, err := json.Marshal(sampleCatalog(t))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseServedCatalog(served)
	if err != nil || len(c.Items) != len(sampleCatalog(t).Items) {
		t.Fatalf("the served sample: %v", err)
	}
	newer := append([]byte(`{"added_later":1,`), served[1:]...)
	if _, err := ParseServedCatalog(newer); err != nil {
		t.Fatalf("a field a newer server adds: %v", err)
	}
	for name, bad := range map[string]string{
		"not JSON":    `{"items":`,
		"no items":    `{"center":{"name":"x","code":"x","level":"city"},"categories":[{"code":"A","prefix_letter":"A","name_zh":"甲","name_en":"A"}]}`,
		"wrong types": `{"items":"none"}`,
	} {
		if _, err := ParseServedCatalog([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
