package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `package p

import "log/slog"

func f(a, b int, s string) (int, error) {
	var err error
	if a < b && !(a == 0) {
		a += 2
	}
	store(a)
	slog.Info("x", "a", a+1)
	s = s + "x"
	if err != nil {
		return 0, err
	}
	return a * b, nil
}

func store(int) {}
`

// TestGenerateListsEachKindAndAppliesCleanly proves the operators find what they should,
// leave logs and string concatenation alone, and that each mutant's replacement lands on
// exactly the original bytes.
func TestGenerateListsEachKindAndAppliesCleanly(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "p"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "p", "p.go"), []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "p", "p_test.go"), []byte("package p\nfunc g() bool { return 1 < 2 }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ms, err := generate(root, "p")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, m := range ms {
		if m.file != filepath.Join("p", "p.go") {
			t.Errorf("mutant in a test file: %s", m)
		}
		if sample[m.start:m.end] != m.orig {
			t.Errorf("%s: bytes %q at its place", m, sample[m.start:m.end])
		}
		got[m.kind+" "+m.orig+" → "+m.repl] = true
	}
	for _, want := range []string{
		"boundary < → <=", "negation < → >=", "negation == → !=", "logical && → ||",
		"negation ! → ", "arithmetic += → -=", "arithmetic * → /", "return-nil err → nil",
		"call-removed store(a) → if false { store(a) }", "constant 2 → 3", "constant 0 → 1",
	} {
		if !got[want] {
			t.Errorf("missing mutant %q", want)
		}
	}
	for k := range got {
		if strings.Contains(k, "slog") || strings.Contains(k, "a+1") || k == "arithmetic + → -" {
			t.Errorf("unwanted mutant %q (a log call's argument or a string concatenation)", k)
		}
	}
}

// TestScoreCountsTimeoutsAsDetectedAndIgnoresNonCompiling pins the score's definition.
func TestScoreCountsTimeoutsAsDetectedAndIgnoresNonCompiling(t *testing.T) {
	s, ok := tally{killed: 7, timedOut: 2, survived: 1, notCompiled: 5}.score()
	if !ok || s != 90 {
		t.Fatalf("score = %v, %v; want 90, true", s, ok)
	}
	if _, ok := (tally{notCompiled: 3}).score(); ok {
		t.Fatal("a score out of no compiled mutants")
	}
}
