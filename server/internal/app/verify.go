package app

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"onedoor/server/internal/store"
)

// Verify runs `server verify -data DIR [-digests FILE]`: it checks the data file of a
// stopped server (or a backup's folder) — its pages, the whole hash chain of the log, the
// signed day digests, every projection against a replay of the log, and, given an export
// of GET /api/v1/admin/digests kept elsewhere, that the log is the one those digests
// were signed over. It returns 0 when all hold, 1 naming the first bad seq otherwise.
func Verify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("server verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "./data", "the data folder (holding onedoor.db)")
	digests := fs.String("digests", "", "an export of GET /api/v1/admin/digests kept elsewhere")
	var replay replayFlags
	replay.add(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "server verify: unexpected arguments %v\n", fs.Args())
		return 2
	}
	if err := verify(*data, *digests, replay, stdout); err != nil {
		fmt.Fprintln(stderr, "server verify:", err)
		return 1
	}
	return 0
}

func verify(data, digestsPath string, replay replayFlags, stdout io.Writer) error {
	opts, err := replay.options()
	if err != nil {
		return err
	}
	if digestsPath != "" {
		raw, err := os.ReadFile(digestsPath)
		if err != nil {
			return fmt.Errorf("digests: %w", err)
		}
		var d store.DigestExport
		if err := json.Unmarshal(raw, &d); err != nil {
			return fmt.Errorf("digests %s: %w", digestsPath, err)
		}
		opts.Digests = &d
	}
	path := filepath.Join(data, "onedoor.db")
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no data file: %w", err)
	}
	// A one-shot command decoding the whole log: less garbage collection, more memory.
	debug.SetGCPercent(400)
	start := time.Now()
	rep, err := store.VerifyFile(path, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %d events, chain head %s, %d signed digests checked, every projection matches the replay (%s)\n",
		rep.Events, rep.LastHash, rep.Digests, time.Since(start).Round(time.Millisecond))
	return nil
}
