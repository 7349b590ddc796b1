package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5/pgxpool"

	"onedoor/display/browsertest"
	"onedoor/internal/client"
	"onedoor/internal/pgcluster"
	"onedoor/internal/pgcluster/pgtest"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
	"onedoor/server/internal/city"
)

// Made-up people for the city tests: nobody's real ID number, name or address.
var cityPeople = []wire.Applicant{
	{CardType: queue.CardResident, IDNumber: validID("44019919800202345"), Name: "测试丙丁", Address: "虚构省示例市样板路88号"},
	{CardType: queue.CardResident, IDNumber: validID("44019919751111456"), Name: "演示戊己", Address: "虚构省示例市模拟街7号"},
}

// cityTree is the three centers of the tests: a city, a district below it, a street
// below that.
var cityTree = []city.Center{
	{Code: "440100", Name: "示例市政务服务中心", Level: "city"},
	{Code: "440104", Name: "示例区政务服务中心", Level: "district", Parent: "440100"},
	{Code: "440104001", Name: "示例街政务服务中心", Level: "street", Parent: "440104"},
}

// cityAdmin is the city tier's admin token in the tests.
const cityAdmin = "admin-token-of-the-city-tests"

// cityRig is the city tier on its own PostgreSQL with three real center servers
// uploading to it.
type cityRig struct {
	t       *testing.T
	pg      *pgcluster.Cluster
	url     string // the city tier's database
	db      *pgxpool.Pool
	addr    string
	clock   *fakeClock // the city tier's
	log     *testkit.Buffer
	mu      sync.Mutex
	city    *city.Server
	centers []*testServer
	tokens  map[string]string // the centers' upload tokens
}

func startCityRig(t *testing.T) *cityRig {
	t.Helper()
	pg := pgtest.Start(t)
	return startCityRigOn(t, pg, pg.URL("onedoor"))
}

// startCityRigOn starts the rig on the database at url, pg's or a multi-host one.
func startCityRigOn(t *testing.T, pg *pgcluster.Cluster, url string) *cityRig {
	t.Helper()
	r := startCityTier(t, pg, url)
	for _, c := range cityTree {
		r.centers = append(r.centers, startServerWith(t, func(cfg *Config) {
			cfg.Center = c.Code
			cfg.City = r.uplinkTo(c.Code)
		}))
	}
	return r
}

// uplinkTo is the uplink configuration of center code.
func (r *cityRig) uplinkTo(code string) CityConfig {
	return CityConfig{URL: "http://" + r.addr, Token: r.tokens[code], Heartbeat: 100 * time.Millisecond, MaxBackoff: 400 * time.Millisecond}
}

// startCityTier starts the city tier alone with the three centers' tree.
func startCityTier(t *testing.T, pg *pgcluster.Cluster, url string) *cityRig {
	t.Helper()
	r := &cityRig{t: t, pg: pg, url: url, log: &testkit.Buffer{}, tokens: map[string]string{},
		clock: &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}}
	port, err := pgcluster.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	r.addr = fmt.Sprintf("127.0.0.1:%d", port)
	r.startCity()
	t.Cleanup(r.stopCity)
	if r.db, err = pgxpool.New(context.Background(), url); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.db.Close)
	for _, c := range cityTree {
		if r.tokens[c.Code], err = r.city.Store.AddCenter(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// startCity starts the city tier on the rig's address (again after stopCity).
func (r *cityRig) startCity() {
	r.t.Helper()
	s, err := city.Start(context.Background(), city.Config{Addr: r.addr, DB: r.url, Clock: r.clock.Now,
		Options: city.Options{Root: "440100", Loc: shanghai, Stale: time.Minute, AdminToken: cityAdmin, Log: slog.New(slog.NewTextHandler(r.log, nil))}})
	if err != nil {
		r.t.Fatal(err)
	}
	r.mu.Lock()
	r.city = s
	r.mu.Unlock()
}

// stopCity stops the city tier: every center's uplink is cut.
func (r *cityRig) stopCity() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.city == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.city.Close(ctx); err != nil {
		r.t.Errorf("stop the city tier: %v", err)
	}
	r.city = nil
}

func (r *cityRig) query(q string, args ...any) int64 {
	r.t.Helper()
	var n int64
	if err := r.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		r.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// waitCaughtUp waits until the city's mark of every center is that center's last seq.
func (r *cityRig) waitCaughtUp(within time.Duration) {
	r.t.Helper()
	deadline := time.Now().Add(within)
	for _, ts := range r.centers {
		code := ts.Store.Catalog().Center.Code
		for {
			mark, last := r.query(`SELECT mark FROM centers WHERE code = $1`, code), int64(ts.Store.LastSeq())
			if mark == last {
				break
			}
			if time.Now().After(deadline) {
				r.t.Fatalf("center %s: the city's mark is %d, the center's last seq %d after %v", code, mark, last, within)
			}
			time.Sleep(20 * time.Millisecond) // polling the database for the uplink's progress
		}
	}
}

// checkExactlyOnce: each center's events are upstream once each, every one of them
// (seq 1 to its last, none twice), and the aggregates count its tickets once.
func (r *cityRig) checkExactlyOnce() {
	r.t.Helper()
	for _, ts := range r.centers {
		code, last := ts.Store.Catalog().Center.Code, int64(ts.Store.LastSeq())
		n := r.query(`SELECT count(*) FROM events WHERE center = $1`, code)
		distinct := r.query(`SELECT count(DISTINCT seq) FROM events WHERE center = $1`, code)
		lo, hi := r.query(`SELECT min(seq) FROM events WHERE center = $1`, code), r.query(`SELECT max(seq) FROM events WHERE center = $1`, code)
		if n != last || distinct != last || lo != 1 || hi != last {
			r.t.Errorf("center %s: %d events upstream (%d distinct, seq %d..%d), the center's last seq is %d", code, n, distinct, lo, hi, last)
		}
		evs, _, err := ts.Store.EventsAfter(0, 1<<30)
		if err != nil {
			r.t.Fatal(err)
		}
		issued := 0
		for _, ev := range evs {
			if ev.Type == queue.TicketIssued {
				issued++
			}
		}
		if agg := r.query(`SELECT coalesce(sum(issued), 0) FROM hourly WHERE center = $1`, code); agg != int64(issued) {
			r.t.Errorf("center %s: the aggregates count %d tickets issued, its log %d", code, agg, issued)
		}
	}
}

// load issues tickets with made-up applicants at every center, and has window 1 call
// and finish every third, until stop is closed; it returns the tickets issued.
func (r *cityRig) load(stop <-chan struct{}) func() int64 {
	var issued atomic.Int64
	var wg sync.WaitGroup
	for _, ts := range r.centers {
		clerk := ts.clerk(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				a := cityPeople[i%len(cityPeople)]
				if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001", Applicant: &a}, nextKey()); err != nil {
					r.t.Errorf("issue while the city is away or back: %v", err)
					return
				}
				issued.Add(1)
				if i%3 == 2 {
					if _, ok, err := clerk.Call(ctx, 1); err != nil || !ok {
						r.t.Errorf("call: %v (%v)", err, ok)
						return
					}
					if _, err := clerk.Act(ctx, 1, "start"); err != nil {
						r.t.Errorf("start: %v", err)
						return
					}
					if _, err := clerk.Finish(ctx, 1, wire.FinishRequest{Outcome: "consulted"}); err != nil {
						r.t.Errorf("finish: %v", err)
						return
					}
				}
			}
		}()
	}
	return func() int64 { wg.Wait(); return issued.Load() }
}

// seqs is the sum of the centers' last seqs.
func (r *cityRig) seqs() (n int64) {
	for _, ts := range r.centers {
		n += int64(ts.Store.LastSeq())
	}
	return n
}

// waitSeqs waits until the centers have logged min events between them.
func (r *cityRig) waitSeqs(min int64) {
	r.t.Helper()
	testkit.Until(r.t, fmt.Sprintf("%d events at the centers", min), 30*time.Second, func() bool { return r.seqs() >= min })
}

// TestCityUplinkExactlyOnce: three real centers (city, district, street) upload to the
// city tier on a real PostgreSQL; the city tier is stopped under load and started
// again; the centers issue and call throughout; afterwards every event of every center
// is upstream exactly once, and no made-up person's ID number, name or address is in
// any table (pg_dump) or in the city tier's log.
func TestCityUplinkExactlyOnce(t *testing.T) {
	r := startCityRig(t)
	stop := make(chan struct{})
	wait := r.load(stop)
	// a while with the link up, then cut for long enough that every center issues more
	// while it is down, then back
	r.waitSeqs(r.seqs() + 60)
	r.stopCity()
	cutAt := r.seqs()
	marks := r.query(`SELECT sum(mark) FROM centers`)
	r.waitSeqs(cutAt + 90) // the halls keep going without the city
	if got := r.query(`SELECT sum(mark) FROM centers`); got != marks {
		t.Fatalf("the marks moved from %d to %d while the city tier was down", marks, got)
	}
	r.startCity()
	r.waitSeqs(r.seqs() + 60)
	close(stop)
	issued := wait()
	if t.Failed() {
		return
	}
	r.waitCaughtUp(30 * time.Second)
	r.checkExactlyOnce()
	t.Logf("%d tickets issued across 3 centers, %d events upstream, city tier stopped at %d events", issued, r.query(`SELECT count(*) FROM events`), cutAt)

	dump, err := r.pg.Dump("onedoor")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(dump, []byte("ticket.issued")) {
		t.Fatal("the dump holds no events: the grep below would prove nothing")
	}
	pglog, _ := r.pg.Log()
	for _, a := range cityPeople {
		for _, s := range []string{a.IDNumber, a.Name, a.Address} {
			for where, text := range map[string]string{"pg_dump": string(dump), "the city tier's log": r.log.String(), "PostgreSQL's log": string(pglog)} {
				if strings.Contains(text, s) {
					t.Errorf("%q is in %s", s, where)
				}
			}
		}
	}
}

// TestCityDashboardDrillDown walks the dashboards in headless Chromium: the city's page
// sums its districts, a click on the district shows its streets, a click on the street
// shows the one center; the street whose uplink is cut is marked stale at every level
// above it while the others stay fresh.
func TestCityDashboardDrillDown(t *testing.T) {
	r := startCityRig(t)
	ctx := context.Background()
	for i, n := range []int{3, 5, 7} { // city, district, street: n issued, 2 served after 4, 8, 12 min
		ts := r.centers[i]
		for range n {
			ts.issue("440199-A-001")
		}
		ts.clock.Add(time.Duration(4*(i+1)) * time.Minute)
		clerk := ts.clerk(1)
		for v := range 2 {
			if _, ok, err := clerk.Call(ctx, 1); err != nil || !ok {
				t.Fatalf("call: %v %v", err, ok)
			}
			if _, err := clerk.Act(ctx, 1, "start"); err != nil {
				t.Fatal(err)
			}
			res, err := clerk.Finish(ctx, 1, wire.FinishRequest{Outcome: "consulted"})
			if err != nil {
				t.Fatal(err)
			}
			// 好差评: the city center's two visits 非常满意, elsewhere one of two 不满意
			rating := wire.RatingRequest{Level: 5}
			if i > 0 && v == 1 {
				rating = wire.RatingRequest{Level: 2, Reasons: []string{"等候时间长"}}
			}
			if _, err := client.New(ts.URL(), "").Rate(ctx, res.Ticket.ID, rating); err != nil {
				t.Fatal(err)
			}
		}
	}
	street := r.centers[2]
	r.waitCaughtUp(30 * time.Second)
	street.uplink.Close()         // the street's link is cut
	r.clock.Add(14 * time.Minute) // the city's clock where the centers' clocks are now
	testkit.Until(t, "the city and district centers' next heartbeats", 10*time.Second, func() bool {
		if r.query(`SELECT count(*) FROM centers WHERE code = '440104001' AND last_seen >= $1`, r.clock.Now()) == 1 {
			r.clock.Add(time.Minute) // a heartbeat in flight as the link was cut landed after the clock moved
		}
		return r.query(`SELECT count(*) FROM centers WHERE code <> '440104001' AND last_seen >= $1`, r.clock.Now()) == 2
	})
	var streetSeen time.Time
	if err := r.db.QueryRow(ctx, `SELECT last_seen FROM centers WHERE code = '440104001'`).Scan(&streetSeen); err != nil {
		t.Fatal(err)
	}
	age := int(r.clock.Now().Sub(streetSeen) / time.Minute)

	tab := browsertest.Tab(t, 60*time.Second)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatal(err)
	}
	text := func(sel string) string {
		return browsertest.Eval[string](t, tab, `document.querySelector(`+strconv.Quote(sel)+`).textContent.trim()`)
	}
	browsertest.Open(t, tab, r.cityURL()+"/", `location.pathname === '/c/440100' && !!document.querySelector('#today')`)
	if got, served, mean, good, stale := text("#today"), text("#served"), text("#mean"), text("#good"), text("#stale"); got != "15" || served != "6" || mean != "8 分 min" || good != "66%" || stale != "1" {
		t.Errorf("city page: %s tickets today, %s served, mean wait %s, %s good ratings, %s stale; want 15, 6, 8 min, 66%% and 1", got, served, mean, good, stale)
	}
	if !browsertest.Eval[bool](t, tab, `document.querySelector('tr[data-code="440104"]').classList.contains('stale')`) {
		t.Error("city page: the district row is not marked though a street below it is cut")
	}
	shot(t, tab, "city-dashboard-city.png")
	click(t, tab, `tr[data-code="440104"] a`, "/c/440104")
	if got := text("#today"); got != "12" {
		t.Errorf("district page: %s tickets today, want 12 (5 + the street's 7)", got)
	}
	if own := text(`tr.own`); strings.Contains(own, "上传中断") {
		t.Errorf("district page: the district's own hall is marked stale: %s", own)
	}
	if row := text(`tr[data-code="440104001"]`); !strings.Contains(row, "上传中断 uplink down") || !strings.Contains(row, fmt.Sprintf("%d 分钟前 %d min ago", age, age)) {
		t.Errorf("district page: the cut street is not marked with its age: %s", row)
	}
	shot(t, tab, "city-dashboard-district.png")
	click(t, tab, `tr[data-code="440104001"] a`, "/c/440104001")
	if today, waiting, nav := text("#today"), text("#waiting"), text("nav"); today != "7" || waiting != "5" || !strings.Contains(nav, "示例区政务服务中心") {
		t.Errorf("street page: %s today, %s waiting, path %q; want 7, 5 and the district in the path", today, waiting, nav)
	}
}

// click clicks the link sel and waits for the page it leads to, whose path is path.
func click(t *testing.T, tab context.Context, sel, path string) {
	t.Helper()
	if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	browsertest.WaitTrue(t, tab, 10*time.Second, `location.pathname === '`+path+`' && !!document.querySelector('#today')`)
}

func (r *cityRig) cityURL() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.city.URL()
}

// shot writes the tab as PNG to ONEDOOR_SCREENSHOTS/name, when that is set.
func shot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	dir := os.Getenv("ONEDOOR_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
