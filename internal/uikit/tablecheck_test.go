package uikit

import (
	"slices"
	"testing"
)

// TestStringsInBothLanguages plants a text of each kind that a screen cannot show in
// English mode, and one that it can, and checks that Untranslated names exactly the
// faulty ones.
func TestStringsInBothLanguages(t *testing.T) {
	table := Table{
		"ok":        {Zh: "等候 %d 人", En: "%d waiting"},
		"no_en":     {Zh: "返回"},
		"blank_en":  {Zh: "返回", En: "  "},
		"no_zh":     {En: "Back"},
		"copied":    {Zh: "长辈模式", En: "长辈模式"},
		"args_miss": {Zh: "前面还有 %d 人", En: "people ahead of you"},
	}
	got := table.Untranslated()
	want := []string{
		"args_miss: the two sides take different arguments",
		"blank_en: no English",
		"copied: the English holds Chinese",
		"no_en: no English",
		"no_zh: no Chinese",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Untranslated() = %q, want %q", got, want)
	}
}
