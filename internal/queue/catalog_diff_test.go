package queue

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestDiffCatalogs(t *testing.T) {
	a := &Catalog{
		Categories: []Category{{Code: "A", PrefixLetter: "A", NameZh: "综合"}, {Code: "B", PrefixLetter: "B", NameZh: "社保"}},
		Items: []Item{
			{Code: "i1", NameZh: "一", Category: "A", Materials: []Material{{NameZh: "身份证", Copies: 1}, {NameZh: "申请表"}}},
			{Code: "i2", NameZh: "二", Category: "B"},
		},
	}
	b := &Catalog{
		Categories: []Category{{Code: "A", PrefixLetter: "A", NameZh: "综合窗口"}, {Code: "C", PrefixLetter: "C", NameZh: "税务"}},
		Items: []Item{
			{Code: "i1", NameZh: "一", Category: "A", Materials: []Material{{NameZh: "身份证", Copies: 2}, {NameZh: "照片"}}},
			{Code: "i3", NameZh: "三", Category: "C"},
		},
	}
	d := DiffCatalogs(a, b)
	tests := []struct {
		name string
		got  DiffSet
		want DiffSet
	}{
		{"categories", DiffSet{Added: d.Categories.Added, Removed: d.Categories.Removed, Changed: d.Categories.Changed}, DiffSet{Added: []string{"C"}, Removed: []string{"B"},
			Changed: []ChangedPart{{Key: "A", Fields: []FieldDelta{{Field: "name_zh", From: json.RawMessage(`"综合"`), To: json.RawMessage(`"综合窗口"`)}}}}}},
		{"items", DiffSet{Added: d.Items.Added, Removed: d.Items.Removed, Changed: d.Items.Changed},
			DiffSet{Added: []string{"i3"}, Removed: []string{"i2"}, Changed: []ChangedPart{}}},
		{"materials", d.Materials, DiffSet{Added: []string{"i1/照片"}, Removed: []string{"i1/申请表"},
			Changed: []ChangedPart{{Key: "i1/身份证", Fields: []FieldDelta{{Field: "copies", From: json.RawMessage(`1`), To: json.RawMessage(`2`)}}}}}},
	}
	if d.Items.Names["i2"] != "二" || d.Categories.Names["C"] != "税务" {
		t.Errorf("names: %v %v", d.Items.Names, d.Categories.Names)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %+v, want %+v", tt.got, tt.want)
			}
		})
	}
	c := &Catalog{Items: a.Items[1:]} // i1 removed, with its materials
	if m := DiffCatalogs(a, c).Materials; len(m.Removed) != 0 {
		t.Errorf("the materials of a removed item listed apart: %v", m.Removed)
	}
	if same := DiffCatalogs(a, a); len(same.Items.Changed)+len(same.Items.Added)+len(same.Materials.Removed) != 0 {
		t.Errorf("a catalog against itself: %+v", same)
	}
}

func TestPublishCatalogStampsTickets(t *testing.T) {
	h := NewHall(&Catalog{}, time.UTC, Policy{})
	if _, err := h.PublishCatalog(0, "", "s", time.Time{}); err == nil {
		t.Error("version 0 accepted")
	}
	evs, err := h.PublishCatalog(3, "新增事项", "s", time.Time{})
	if err != nil || len(evs) != 1 || evs[0].Type != CatalogPublished || evs[0].CatalogVersion != 3 {
		t.Fatalf("publish: %v %+v", err, evs)
	}
	h.Apply(evs[0])
	if h.CatalogVersion != 3 {
		t.Errorf("hall version %d, want 3", h.CatalogVersion)
	}
}
