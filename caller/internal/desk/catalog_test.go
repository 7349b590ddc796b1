package desk

import (
	"testing"

	"onedoor/assets"
	"onedoor/internal/queue"
)

func TestAdoptKeepsEarlierItems(t *testing.T) {
	v1, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	v2 := &queue.Catalog{}
	d := &Desk{Catalog: v1}
	d.Adopt(v2)
	tests := []struct {
		code string
		want bool
	}{{"440199-A-001", true}, {"never", false}}
	for _, tt := range tests {
		if _, ok := d.Item(tt.code); ok != tt.want {
			t.Errorf("Item(%q) found %v, want %v", tt.code, ok, tt.want)
		}
	}
	if d.Catalog != v2 {
		t.Error("the adopted catalog is not in use")
	}
	d.Adopt(&queue.Catalog{}) // the same again (a reconnection)
	if len(d.older) != 1 {
		t.Errorf("the same catalog adopted twice kept %d earlier ones, want 1", len(d.older))
	}
}
