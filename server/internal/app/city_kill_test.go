package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"onedoor/internal/client"
	"onedoor/internal/pgcluster"
	"onedoor/internal/pgcluster/pgtest"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
	"onedoor/server/internal/city"
)

// cityProc is the city tier as a process of its own (server/cmd/city), so that a test
// can SIGKILL it.
type cityProc struct {
	t    *testing.T
	bin  string
	addr string
	db   string
	cmd  *exec.Cmd
}

func (p *cityProc) start() {
	p.t.Helper()
	cmd := exec.Command(p.bin, "-addr", p.addr, "-db", p.db, "-root", "440104001")
	out, err := cmd.StdoutPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(out)
	for lines.Scan() && !strings.HasPrefix(lines.Text(), "city tier on ") {
	}
	go io.Copy(io.Discard, out)
	p.cmd = cmd
}

func (p *cityProc) kill() {
	p.cmd.Process.Kill()
	p.cmd.Wait()
}

// TestCityUplinkSurvivesKills: a center (a child process) issues under load and
// uploads to the city tier (another process); each is SIGKILLed in turn at random
// moments and started again; afterwards every event of the center is upstream exactly
// once, and every ticket a kiosk was told of is among them once.
func TestCityUplinkSurvivesKills(t *testing.T) {
	pg := pgtest.Start(t)
	ctx := context.Background()
	bin := filepath.Join(t.TempDir(), "city")
	if out, err := exec.Command("go", "build", "-o", bin, "onedoor/server/cmd/city").CombinedOutput(); err != nil {
		t.Fatalf("build the city tier: %v\n%s", err, out)
	}
	st, err := city.Open(ctx, pg.URL("onedoor"), nil)
	if err != nil {
		t.Fatal(err)
	}
	token, err := st.AddCenter(ctx, city.Center{Code: "440104001", Name: "示例街政务服务中心", Level: "street"})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	port, err := pgcluster.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	cp := &cityProc{t: t, bin: bin, addr: fmt.Sprintf("127.0.0.1:%d", port), db: pg.URL("onedoor")}
	cp.start()
	dir := t.TempDir()
	startCenter := func() *child {
		return startChild(t, dir, "-center", "440104001", "-city", "http://"+cp.addr, "-city-token", token)
	}
	center := startCenter()

	var mu sync.Mutex
	var acks []acked
	record := func(a acked) { mu.Lock(); acks = append(acks, a); mu.Unlock() }
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 18))
	for round := range 6 {
		lctx, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		issueLoad(lctx, &wg, client.New(center.url, center.token), 4, fmt.Sprintf("r%d-", round), nil, record)
		time.Sleep(time.Duration(150+rng.IntN(450)) * time.Millisecond) // a random moment under load
		if round%2 == 0 {
			cp.kill()
			time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond) // the city away a while
			cp.start()
		} else {
			center.kill()
			center = startCenter()
		}
		stop()
		wg.Wait()
	}
	if len(acks) == 0 {
		t.Fatal("no ticket was acknowledged")
	}

	sup := client.New(center.url, "")
	if _, err := sup.Login(ctx, wire.LoginRequest{Staff: "super", PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	page, err := sup.Events(ctx, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	last := int64(page.Last)
	db, err := pgxpool.New(ctx, pg.URL("onedoor"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := func(sql string, args ...any) (n int64) {
		t.Helper()
		if err := db.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	testkit.Until(t, "the city to hold every event of the center", 60*time.Second, func() bool { return q(`SELECT mark FROM centers`) == last })
	n, distinct := q(`SELECT count(*) FROM events`), q(`SELECT count(DISTINCT seq) FROM events`)
	if n != last || distinct != last || q(`SELECT max(seq) FROM events`) != last {
		t.Fatalf("%d events upstream (%d distinct), the center's last seq is %d", n, distinct, last)
	}
	for _, a := range acks {
		if c := q(`SELECT count(*) FROM events WHERE type = 'ticket.issued' AND ticket = $1`, a.id); c != 1 {
			t.Errorf("acknowledged ticket %s (%s) is upstream %d times", a.number, a.key, c)
		}
	}
	if agg, ev := q(`SELECT sum(issued) FROM hourly`), q(`SELECT count(*) FROM events WHERE type = 'ticket.issued'`); agg != ev {
		t.Errorf("the aggregates count %d issued, the events %d", agg, ev)
	}
	t.Logf("%d tickets acknowledged, %d events upstream once each, 3 city kills and 3 center kills", len(acks), n)
}
