package screens

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestEveryTextIsInTheTable finds every texts.S with a literal key in the screens and checks that
// uikit's table has the key in both languages: a missing one, or one without English,
// would show the bare key or an empty line.
func TestEveryTextIsInTheTable(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`texts\.S\([^,]+, "([a-z_]+)"[,)]`)
	seen := 0
	for _, f := range files {
		if f == "strings_test.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllSubmatch(src, -1) {
			seen++
			key := string(m[1])
			if tx, ok := texts[key]; !ok || tx.Zh == "" || tx.En == "" {
				t.Errorf("%s: text %q is not in the table in both languages", f, key)
			}
		}
	}
	if seen < 50 {
		t.Fatalf("found only %d uses of texts.S: the pattern is wrong", seen)
	}
	for _, o := range outcomes { // the outcomes are looked up by variable
		if _, ok := texts[o]; !ok {
			t.Errorf("outcome %q has no text", o)
		}
	}
}

// TestTableHasEnglish fails on any key of the caller's table without both languages,
// looked up by literal or not.
func TestTableHasEnglish(t *testing.T) {
	for key, tx := range texts {
		if tx.Zh == "" || tx.En == "" {
			t.Errorf("text %q: zh %q, en %q: both are needed", key, tx.Zh, tx.En)
		}
	}
}
