package screens

import (
	"slices"
	"testing"

	"onedoor/assets"
	"onedoor/internal/queue"
)

func TestSearch(t *testing.T) {
	cat, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	idx := newSearchIndex(cat)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"gtgsh", []string{"440199-A-001", "440199-A-002"}},
		{"GTGSHSL", []string{"440199-A-001"}},
		{"ydjy", []string{"440199-D-002"}},
		{"sfz", []string{"440199-E-001", "440199-E-002"}},
		{"身份证", []string{"440199-E-001", "440199-E-002"}},
		{"gjj", []string{"440199-A-004", "440199-G-001", "440199-G-002"}}, // A-004 opens a 公积金 account
		{"provident", []string{"440199-G-001", "440199-G-002"}},
		{"zzzq", nil},
		{"  ", nil},
	} {
		var got []string
		for _, it := range idx.find(tc.q) {
			got = append(got, it.Code)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("find(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}
