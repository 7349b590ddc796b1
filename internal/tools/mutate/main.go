// Command mutate measures whether the tests of onedoor's core packages can fail: it makes
// small changes (mutants) to the packages' non-test code, one at a time, in a private
// copy of the module, and runs each package's own tests plus a fixed set of the server's
// app tests against each. A mutant the tests do not notice is listed as a survivor.
//
//	go run ./internal/tools/mutate [-pkg internal/queue,...] [-sample N] [-seed S] [-match RE] [-timeout 2m] [-j 1] [-list] [-v]
//
// The score of a package is (killed + timed out) / (mutants that compiled).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// defaultPkgs are the packages the issue names.
const defaultPkgs = "internal/queue,server/internal/store,server/internal/hub,server/internal/httpapi"

func main() {
	os.Exit(runMain(os.Args[1:], os.Stdout))
}

// result is one mutant's outcome.
type result struct {
	m   mutant
	o   outcome
	out string
}

// runMain parses the flags, runs the mutants and prints the report; it returns the exit code.
func runMain(args []string, stdout io.Writer) int {
	fl := flag.NewFlagSet("mutate", flag.ContinueOnError)
	pkgs := fl.String("pkg", defaultPkgs, "comma-separated package directories, relative to the module root")
	sample := fl.Int("sample", 0, "test at most N mutants per package, chosen at random with -seed (0: all)")
	seed := fl.Uint64("seed", 1, "seed of the sample")
	timeout := fl.Duration("timeout", 3*time.Minute, "time limit of the tests of one mutant")
	jobs := fl.Int("j", 1, "mutants tested at once, each in its own copy of the module")
	list := fl.Bool("list", false, "only list the mutants")
	verbose := fl.Bool("v", false, "print every mutant's outcome as it comes")
	root := fl.String("root", ".", "the module root")
	match := fl.String("match", "", "test only the mutants whose description (file:line:column kind: change) matches this regular expression, before sampling")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *sample < 0 || *jobs < 1 || *jobs > 16 || *timeout <= 0 {
		fmt.Fprintln(os.Stderr, "mutate: -sample must be ≥ 0, -j 1..16, -timeout > 0")
		return 2
	}
	if _, err := os.Stat(*root + "/go.mod"); err != nil {
		fmt.Fprintf(os.Stderr, "mutate: %s is not a module root: %v\n", *root, err)
		return 2
	}

	var all []mutant
	for _, p := range strings.Split(*pkgs, ",") {
		p = strings.Trim(strings.TrimSpace(p), "./")
		if p == "" {
			continue
		}
		ms, err := generate(*root, p)
		if err != nil {
			fmt.Fprintf(os.Stderr, "mutate: %v\n", err)
			return 2
		}
		if *match != "" {
			re, err := regexp.Compile(*match)
			if err != nil {
				fmt.Fprintf(os.Stderr, "mutate: -match: %v\n", err)
				return 2
			}
			ms = slices.DeleteFunc(ms, func(m mutant) bool { return !re.MatchString(m.String()) })
		}
		total := len(ms)
		if *sample > 0 && len(ms) > *sample {
			r := rand.New(rand.NewPCG(*seed, 0x6f6e65646f6f72))
			r.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
			ms = ms[:*sample]
		}
		fmt.Fprintf(stdout, "%s: %d mutants, testing %d\n", p, total, len(ms))
		all = append(all, ms...)
	}
	if *list {
		for _, m := range all {
			fmt.Fprintln(stdout, m)
		}
		return 0
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	results, err := runAll(ctx, *root, all, *jobs, *timeout, func(r result, done int) {
		if *verbose {
			fmt.Fprintf(stdout, "[%d/%d] %-12s %s\n", done, len(all), r.o, r.m)
		}
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "mutate: %v\n", err)
		return 1
	}
	report(stdout, results, *sample, *seed)
	return 0
}

// runAll tests the mutants on jobs workers, each with its own copy of the module.
func runAll(ctx context.Context, root string, all []mutant, jobs int, timeout time.Duration, progress func(result, int)) ([]result, error) {
	results := make([]result, len(all))
	next := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		done     int
		firstErr error
	)
	for range jobs {
		ws, err := newWorkspace(root)
		if err != nil {
			return nil, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer ws.close()
			for i := range next {
				start := time.Now()
				o, out, err := ws.run(ctx, all[i], timeout)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				results[i] = result{m: all[i], o: o, out: out}
				done++
				progress(results[i], done)
				mu.Unlock()
				slog.Debug("mutant tested", "mutant", all[i].String(), "outcome", o, "took", time.Since(start))
			}
		}()
	}
	for i := range all {
		select {
		case next <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("interrupted: %w", ctx.Err())
	}
	return results, nil
}
