package main

import (
	"fmt"
	"io"
)

// tally counts the outcomes of one package's mutants.
type tally struct {
	killed, survived, timedOut, notCompiled int
}

// score is (killed + timed out) / compiled, in percent; ok is false with nothing compiled.
func (t tally) score() (float64, bool) {
	n := t.killed + t.survived + t.timedOut
	if n == 0 {
		return 0, false
	}
	return 100 * float64(t.killed+t.timedOut) / float64(n), true
}

// report prints a score per package and the survivors.
func report(w io.Writer, results []result, sample int, seed uint64) {
	var order []string
	tallies := map[string]*tally{}
	for _, r := range results {
		t := tallies[r.m.pkg]
		if t == nil {
			t = &tally{}
			tallies[r.m.pkg] = t
			order = append(order, r.m.pkg)
		}
		switch r.o {
		case killed:
			t.killed++
		case survived:
			t.survived++
		case timedOut:
			t.timedOut++
		case notCompiled:
			t.notCompiled++
		}
	}
	how := "every mutant"
	if sample > 0 {
		how = fmt.Sprintf("a sample of at most %d mutants per package, seed %d", sample, seed)
	}
	fmt.Fprintf(w, "\nmutation score (%s):\n", how)
	for _, p := range order {
		t := tallies[p]
		s, ok := t.score()
		score := "n/a"
		if ok {
			score = fmt.Sprintf("%.1f %%", s)
		}
		fmt.Fprintf(w, "  %-26s %7s  killed %d, timed out %d, survived %d, not compiled %d\n",
			p, score, t.killed, t.timedOut, t.survived, t.notCompiled)
	}
	fmt.Fprintln(w, "\nsurvivors:")
	n := 0
	for _, r := range results {
		if r.o == survived {
			fmt.Fprintf(w, "  %s\n", r.m)
			n++
		}
	}
	if n == 0 {
		fmt.Fprintln(w, "  none")
	}
}
