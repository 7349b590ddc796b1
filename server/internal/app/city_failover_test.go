package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"onedoor/internal/pgcluster/pgtest"
	"onedoor/internal/testkit"
)

// TestCityFailoverToSyncStandby: the city tier runs on a primary with a synchronous
// streaming standby, through a multi-host connection string with
// target_session_attrs=read-write. Under load the primary is killed (immediate stop)
// and the standby promoted: no batch the city acknowledged is lost (every center's
// mark on the new primary is at least the last one its uplink was answered), and the
// uplinks carry on by themselves to every event exactly once.
func TestCityFailoverToSyncStandby(t *testing.T) {
	primary := pgtest.Start(t)
	standby := pgtest.Standby(t, primary, "standby1")
	ctx := context.Background()
	admin, err := pgxpool.New(ctx, primary.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	state := func() (s string) {
		_ = admin.QueryRow(ctx, `SELECT coalesce(max(sync_state), '') FROM pg_stat_replication WHERE application_name = 'standby1' AND state = 'streaming'`).Scan(&s)
		return s
	}
	testkit.Until(t, "the standby streaming", 30*time.Second, func() bool { return state() != "" })
	if _, err := admin.Exec(ctx, `ALTER SYSTEM SET synchronous_standby_names = 'standby1'`); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, `SELECT pg_reload_conf()`); err != nil {
		t.Fatal(err)
	}
	testkit.Until(t, "the standby synchronous", 30*time.Second, func() bool { return state() == "sync" })
	admin.Close()

	url := fmt.Sprintf("postgres://onedoor@%s,%s/onedoor?sslmode=disable&target_session_attrs=read-write", primary.HostPort(), standby.HostPort())
	r := startCityRigOn(t, primary, url)
	stop := make(chan struct{})
	wait := r.load(stop)
	// uploads under way: each center has had batches of the load acknowledged
	testkit.Until(t, "batches of the load acknowledged at every center", 30*time.Second, func() bool {
		for _, ts := range r.centers {
			if ts.uplink.Mark() < 60 {
				return false
			}
		}
		return true
	})
	if err := primary.Stop("immediate"); err != nil {
		t.Fatal(err)
	}
	acked := map[string]uint64{}
	for _, ts := range r.centers {
		acked[ts.Store.Catalog().Center.Code] = ts.uplink.Mark()
	}
	if err := standby.Promote(); err != nil {
		t.Fatal(err)
	}
	if r.db, err = pgxpool.New(ctx, standby.URL("onedoor")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.db.Close)
	for code, mark := range acked {
		if got := r.query(`SELECT mark FROM centers WHERE code = $1`, code); got < int64(mark) {
			t.Errorf("center %s: the uplink was answered mark %d, the promoted standby holds %d: an acknowledged batch is lost", code, mark, got)
		}
	}
	r.waitSeqs(r.seqs() + 60) // the halls carry on
	close(stop)
	issued := wait()
	if t.Failed() {
		return
	}
	r.waitCaughtUp(60 * time.Second)
	r.checkExactlyOnce()
	t.Logf("%d tickets issued; acknowledged marks at the kill %v; every event once on the promoted standby", issued, acked)
}
