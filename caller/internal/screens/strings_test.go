package screens

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestEveryTextIsInTheTable finds every call of T with a literal key in the screens and checks that the
// table has the key in both languages: a missing one would show the bare key.
func TestEveryTextIsInTheTable(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`\.T\("([a-z_]+)"[,)]`)
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
			if tx, ok := texts[key]; !ok || tx[0] == "" || tx[1] == "" {
				t.Errorf("%s: text %q is not in the table in both languages", f, key)
			}
		}
	}
	if seen < 50 {
		t.Fatalf("found only %d uses of T: the pattern is wrong", seen)
	}
	for _, o := range outcomes { // the outcomes are looked up by variable
		if _, ok := texts[o]; !ok {
			t.Errorf("outcome %q has no text", o)
		}
	}
}
