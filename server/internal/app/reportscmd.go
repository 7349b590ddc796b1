package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// RebuildReports runs `server reports-rebuild`: with the server stopped, it makes the
// report aggregates again from the whole log (after a change of their shape, or to
// check them), and prints how many cells there are.
func RebuildReports(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reports-rebuild", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", orDefault(os.Getenv("ONEDOOR_DATA"), "./data"), "data folder (ONEDOOR_DATA)")
	var rf replayFlags
	rf.add(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	vo, err := rf.options()
	if err != nil {
		fmt.Fprintln(stderr, "reports-rebuild:", err)
		return 2
	}
	st, err := store.Open(store.Options{Dir: *data, Catalog: vo.Catalog, Loc: vo.Loc, Policy: queue.DefaultPolicy(),
		Logger: slog.New(slog.NewTextHandler(stderr, nil))})
	if err != nil {
		fmt.Fprintln(stderr, "reports-rebuild:", err)
		return 1
	}
	defer st.Close()
	n, err := st.RebuildReports()
	if err != nil {
		fmt.Fprintln(stderr, "reports-rebuild:", err)
		return 1
	}
	fmt.Fprintf(stdout, "report aggregates rebuilt from the log: %d cells\n", n)
	return 0
}
