package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// outcome is what the tests made of one mutant.
type outcome string

// The four outcomes of a mutant.
const (
	killed      outcome = "killed"
	survived    outcome = "survived"
	timedOut    outcome = "timed out"
	notCompiled outcome = "not compiled"
)

// suite is what runs against a mutant of one package: the package's own tests and a
// fixed, named set of the server's app tests that drive it through the real server.
type suite struct {
	appTests []string // test names in ./server/internal/app; none for a package whose own tests suffice
}

// suites names, per package, the app tests that run beside the package's own tests. They
// are the app tests that exercise the package through the real HTTP server and take
// seconds, not minutes (no browser, no child processes, no bcrypt-heavy login floods),
// and every TestMutants* test (server/internal/app/mutants_test.go: tests written to
// kill survivors of this tool).
var suites = map[string]suite{
	"internal/queue": {},
	"server/internal/hub": {appTests: []string{
		"TestStreamReplayAfterReconnect", "TestStalledSubscriberDoesNotDelayOthers",
		"TestBoardViewCoalescesCounts", "TestPublicAnswersCarryNoPersonalData",
	}},
	"server/internal/store": {appTests: []string{
		"TestWholeVisitThroughEveryEndpoint", "TestIdempotencyKeySurvivesRestart",
		"TestRatingOncePerFinishedVisit", "TestEarlierDayRatedOnceUnderConcurrency",
		"TestAppointmentCheckIn",
	}},
	"server/internal/httpapi": {appTests: []string{
		"TestWholeVisitThroughEveryEndpoint", "TestBadInputChangesNothing",
		"TestPublicAnswersCarryNoPersonalData", "TestDocumentOnlyForItsClerk",
		"TestDeviceTokensCanBeRevoked", "TestRatingOncePerFinishedVisit", "TestIssueRules",
		"TestAppointmentCheckIn",
	}},
}

// workspace is a private copy of the module in which mutants are applied one at a time.
type workspace struct {
	dir string
}

// newWorkspace copies the module at root (without .git, bin and data) into a new
// temporary directory.
func newWorkspace(root string) (*workspace, error) {
	dir, err := os.MkdirTemp("", "onedoor-mutate-")
	if err != nil {
		return nil, fmt.Errorf("workspace: %w", err)
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch rel {
			case ".git", "bin", "data", "tmp":
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("workspace: copy module: %w", err)
	}
	return &workspace{dir: dir}, nil
}

// close removes the copy.
func (w *workspace) close() { os.RemoveAll(w.dir) }

// run applies m in the copy, runs its suite with the timeout and restores the file. A
// mutant that times out is tried once more with three times the limit, so a machine
// busy with other work does not count as a kill.
func (w *workspace) run(ctx context.Context, m mutant, timeout time.Duration) (outcome, string, error) {
	o, out, err := w.runOnce(ctx, m, timeout)
	if err == nil && o == timedOut {
		return w.runOnce(ctx, m, 3*timeout)
	}
	return o, out, err
}

// runOnce is one try of run.
func (w *workspace) runOnce(ctx context.Context, m mutant, timeout time.Duration) (outcome, string, error) {
	path := filepath.Join(w.dir, m.file)
	orig, err := os.ReadFile(path)
	if err != nil {
		return "", "", fmt.Errorf("mutant %s: %w", m, err)
	}
	mutated := make([]byte, 0, len(orig)+len(m.repl))
	mutated = append(append(append(mutated, orig[:m.start]...), m.repl...), orig[m.end:]...)
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		return "", "", fmt.Errorf("mutant %s: %w", m, err)
	}
	defer os.WriteFile(path, orig, 0o644)

	deadline := time.Now().Add(timeout)
	out, err := w.goCmd(ctx, timeout, "test", "-vet=off", "-count=1", "-timeout", timeout.String(), "./"+m.pkg)
	if o, done := judge(ctx, out, err); done {
		return o, out, nil
	}
	s := suites[m.pkg]
	if len(s.appTests) == 0 {
		return survived, "", nil
	}
	left := time.Until(deadline)
	if left < 10*time.Second {
		left = 10 * time.Second
	}
	run := "^(" + strings.Join(s.appTests, "|") + "|TestMutants.*)$"
	out, err = w.goCmd(ctx, left, "test", "-vet=off", "-count=1", "-timeout", left.String(), "-run", run, "./server/internal/app")
	if o, done := judge(ctx, out, err); done {
		return o, out, nil
	}
	return survived, "", nil
}

// judge turns a go test result into an outcome; done is false when the tests passed.
func judge(ctx context.Context, out string, err error) (outcome, bool) {
	switch {
	case err == nil:
		return "", false
	case isBuildFailure(out):
		return notCompiled, true
	case strings.Contains(out, "panic: test timed out") || errors.Is(ctx.Err(), context.DeadlineExceeded) || strings.Contains(out, "signal: killed"):
		return timedOut, true
	}
	return killed, true
}

// isBuildFailure reports whether go's output says the package did not build.
func isBuildFailure(out string) bool {
	return strings.Contains(out, "[build failed]") || strings.Contains(out, "[setup failed]")
}

// goCmd runs the go command in the copy with a time limit of its own (plus a minute for
// compiling), returning its combined output.
func (w *workspace) goCmd(ctx context.Context, limit time.Duration, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, limit+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = w.dir
	cmd.WaitDelay = 5 * time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return buf.String() + "\nsignal: killed (mutate timeout)", ctx.Err()
	}
	return buf.String(), err
}
