package app

import (
	"flag"
	"fmt"
	"os"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// replayFlags are what the subcommands that check a stopped server's log (verify,
// restore) need to replay it as the server would: its catalog and its time zone, with
// the server's environment fallbacks.
type replayFlags struct {
	catalogPath, tz string
}

func (r *replayFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&r.catalogPath, "catalog", os.Getenv("ONEDOOR_CATALOG"), "catalog JSON the log is replayed with; empty: the built-in sample (ONEDOOR_CATALOG)")
	fs.StringVar(&r.tz, "tz", orDefault(os.Getenv("ONEDOOR_TZ_NAME"), "Asia/Shanghai"), "the center's time zone (ONEDOOR_TZ_NAME)")
}

// options loads the catalog and the zone into the options of a full verification.
func (r replayFlags) options() (store.VerifyOptions, error) {
	cat, err := loadCatalog(r.catalogPath)
	if err != nil {
		return store.VerifyOptions{}, err
	}
	loc, err := time.LoadLocation(r.tz)
	if err != nil {
		return store.VerifyOptions{}, fmt.Errorf("time zone %q: %w", r.tz, err)
	}
	return store.VerifyOptions{Catalog: cat, Loc: loc, Policy: queue.DefaultPolicy()}, nil
}
