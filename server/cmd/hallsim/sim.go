package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// Run performs one load run against c.Server: boards and phones subscribe, clerks log
// in and call, kiosks issue for c.Duration, and the report counts what happened.
func Run(ctx context.Context, c Config) (*Report, error) {
	r := &sim{c: c, kc: client.New(c.Server, c.Token, c.trust()...), firstIDs: make(chan string, c.Phones)}
	if err := r.loadCatalog(ctx); err != nil {
		return nil, err
	}
	q, err := r.kc.Queue(ctx) // subscribers start from the hall's state, as boards do
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	r.lastSeq = q.Seq
	rssBefore, _ := serverRSS(ctx, c)

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	r.startBoards(runCtx)
	r.startPhones(runCtx)
	r.waitForBoards(ctx)
	rssBoards, _ := serverRSS(ctx, c)

	winCtx, stopWindows := context.WithCancel(runCtx)
	defer stopWindows()
	windows := r.startWindows(winCtx)

	start := time.Now()
	mode := r.driveKiosks(runCtx)
	elapsed := time.Since(start)
	// Stop calling, then give the last calls up to 10 s to reach every board; a board
	// still short of them after that counts as one that missed a call.
	stopWindows()
	windows.Wait()
	for wait := time.Now().Add(10 * time.Second); r.boardsBehind() > 0 && time.Now().Before(wait) && ctx.Err() == nil; {
		time.Sleep(20 * time.Millisecond)
	}
	rssEnd, _ := serverRSS(ctx, c)
	cancel()
	r.wg.Wait()

	rep := &Report{Mode: mode, DurationS: elapsed.Seconds(), Kiosks: c.Kiosks, Windows: c.Windows,
		Subscribers: c.Boards + c.Phones, Issued: int(r.issued.Load()), Calls: int(r.calls.Load()),
		IssueMs: r.issueLat.summary(), DeliveryMs: r.delivLat.summary(), Errors: r.errs.snapshot()}
	rep.IssuedPerS = float64(rep.Issued) / elapsed.Seconds()
	rep.Deliveries = rep.DeliveryMs.N
	rep.ServerRSSMiB = float64(rssEnd) / (1 << 20)
	if c.Boards > 0 && rssBoards > rssBefore {
		rep.PerStreamKiB = float64(rssBoards-rssBefore) / float64(c.Boards) / 1024
	}
	rep.MissedCallsSubs = r.boardsBehind()
	return rep, nil
}

// sim is one run's state, shared by its boards, phones, windows and kiosks.
type sim struct {
	c     Config
	kc    *client.Client // the kiosks' client
	items []string
	// materials are each item's material codes: a clerk accepting hands all of them in.
	materials map[string][]string
	groups    []string // priority groups a kiosk may choose (not appointments)
	lastSeq   uint64   // the hall's seq when the run began
	firstIDs  chan string

	errs       errCounts
	issueLat   samples
	delivLat   samples
	issued     atomic.Int64
	calls      atomic.Int64
	connected  atomic.Int64
	boardCalls []atomic.Int64
	wg         sync.WaitGroup // boards and phones
}

// loadCatalog reads the items and the priority groups the kiosks draw from.
func (r *sim) loadCatalog(ctx context.Context) error {
	cat, err := r.kc.Catalog(ctx)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	r.materials = make(map[string][]string, len(cat.Items))
	for _, it := range cat.Items {
		r.items = append(r.items, it.Code)
		for _, m := range it.Materials {
			r.materials[it.Code] = append(r.materials[it.Code], m.Code)
		}
	}
	for _, g := range cat.PriorityGroups {
		if g.Code != queue.PriorityAppointment {
			r.groups = append(r.groups, g.Code)
		}
	}
	return nil
}

// upDown returns a state callback that counts a subscriber in connected while its
// stream is up.
func (r *sim) upDown() func(bool) {
	was := false
	return func(up bool) {
		switch {
		case up && !was:
			r.connected.Add(1)
		case !up && was:
			r.connected.Add(-1)
		}
		was = up
	}
}

// startBoards subscribes the boards (the board view, as the board page asks for):
// every ticket.called must reach every board exactly once.
func (r *sim) startBoards(ctx context.Context) {
	r.boardCalls = make([]atomic.Int64, r.c.Boards)
	for i := 0; i < r.c.Boards; i++ {
		b := &boardSub{base: r.c.Server, tls: r.c.TLS, last: r.lastSeq, onState: r.upDown(), onError: r.errs.add,
			onCall: func(at time.Time) {
				r.delivLat.add(time.Since(at))
				r.boardCalls[i].Add(1)
			}}
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			b.run(ctx)
		}()
	}
}

// startPhones has phones follow the first tickets issued, with the Go client as a
// tracking page would.
func (r *sim) startPhones(ctx context.Context) {
	phone := func(id string) {
		defer r.wg.Done()
		opt := client.StreamOptions{Ticket: id, After: r.lastSeq, OnState: r.upDown()}
		client.New(r.c.Server, "", r.c.trust()...).Subscribe(ctx, opt, func(ev wire.Event) {
			if ev.Type == "ticket.called" {
				r.delivLat.add(time.Since(ev.At))
			}
		})
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for i := 0; i < r.c.Phones; i++ {
			select {
			case id := <-r.firstIDs:
				r.wg.Add(1)
				go phone(id)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// waitForBoards waits up to 30 s for every board's stream, so the server is weighed
// with its idle connections.
func (r *sim) waitForBoards(ctx context.Context) {
	deadline := time.Now().Add(30 * time.Second)
	for r.connected.Load() < int64(r.c.Boards) && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
}

// startWindows logs the clerks in (bcrypt is slow on purpose) before the clock starts,
// one after another: the server checks few PINs at once and refuses (429) a login that
// waits too long for its turn, as it would a flood. Then each window calls until ctx
// ends; the WaitGroup says when they have.
func (r *sim) startWindows(ctx context.Context) *sync.WaitGroup {
	clerks := make([]*client.Client, r.c.Windows+1)
	for w := 1; w <= r.c.Windows; w++ {
		clerks[w] = login(ctx, r.c, w, &r.errs)
	}
	var ww sync.WaitGroup
	for w := 1; w <= r.c.Windows; w++ {
		if clerks[w] == nil {
			continue
		}
		ww.Add(1)
		go func(n int) {
			defer ww.Done()
			window(ctx, r.c, clerks[n], n, r.materials, &r.calls, &r.errs)
		}(w)
	}
	return &ww
}

// issue is kiosk request i, scheduled at scheduled: latency counts from then.
func (r *sim) issue(ctx context.Context, i int64, scheduled time.Time) {
	rng := rand.New(rand.NewPCG(uint64(i), 42))
	req := wire.IssueRequest{Item: r.items[rng.IntN(len(r.items))]}
	if rng.Float64() < 0.1 && len(r.groups) > 0 {
		req.Priority = r.groups[rng.IntN(len(r.groups))]
	}
	if rng.Float64() < r.c.Applicant {
		req.Applicant = syntheticApplicant(rng)
	}
	tk, err := r.kc.Issue(ctx, req, fmt.Sprintf("hallsim-%d-%d", time.Now().UnixNano(), i))
	if err != nil {
		if ctx.Err() == nil {
			r.errs.add(errKind(err))
		}
		return
	}
	r.issueLat.add(time.Since(scheduled))
	r.issued.Add(1)
	select {
	case r.firstIDs <- tk.ID:
	default:
	}
}

// driveKiosks issues tickets for c.Duration, closed loop (-max) or open loop at c.Rate,
// and returns the mode's description.
func (r *sim) driveKiosks(ctx context.Context) string {
	loadCtx, stopLoad := context.WithTimeout(ctx, r.c.Duration)
	defer stopLoad()
	var kw sync.WaitGroup
	var seq atomic.Int64
	if r.c.Max {
		for k := 0; k < r.c.Kiosks; k++ {
			kw.Add(1)
			go func() {
				defer kw.Done()
				for loadCtx.Err() == nil {
					r.issue(ctx, seq.Add(1), time.Now())
				}
			}()
		}
		kw.Wait()
		return "closed loop (-max)"
	}
	interval := time.Duration(float64(time.Second) / r.c.Rate)
	slots := make(chan struct{}, 4096) // bounded in-flight requests
	next := time.Now()
	for loadCtx.Err() == nil {
		if d := time.Until(next); d > 0 {
			select {
			case <-time.After(d):
			case <-loadCtx.Done():
			}
		}
		if loadCtx.Err() != nil {
			break
		}
		scheduled := next
		next = next.Add(interval)
		select {
		case slots <- struct{}{}:
		default:
			r.errs.add("overrun")
			continue
		}
		kw.Add(1)
		go func() {
			defer kw.Done()
			defer func() { <-slots }()
			r.issue(ctx, seq.Add(1), scheduled) // latency from the scheduled time: no coordinated omission
		}()
	}
	kw.Wait()
	return fmt.Sprintf("open loop at %.0f tickets/s", r.c.Rate)
}

// boardsBehind counts the boards that have seen fewer calls than were made.
func (r *sim) boardsBehind() int {
	n := 0
	for i := range r.boardCalls {
		if r.boardCalls[i].Load() < r.calls.Load() {
			n++
		}
	}
	return n
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

func errKind(err error) string {
	if s := client.StatusOf(err); s != 0 {
		return strconv.Itoa(s)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	return "net"
}

// syntheticApplicant makes a person who does not exist: a valid GB 11643 number in the
// fictional district 440199, a placeholder name.
func syntheticApplicant(rng *rand.Rand) *wire.Applicant {
	birth := time.Date(1940+rng.IntN(65), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	first := fmt.Sprintf("440199%s%03d", birth.Format("20060102"), rng.IntN(1000))
	c, _ := queue.IDCheckDigit(first)
	return &wire.Applicant{IDNumber: first + string(c), Name: "测试" + strconv.Itoa(rng.IntN(1000))}
}

// serverRSS reads the server's resident memory from its /metrics.
func serverRSS(ctx context.Context, c Config) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", strings.TrimRight(c.Server, "/")+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	hc := http.DefaultClient
	if c.TLS != nil {
		hc = &http.Client{Transport: &http.Transport{TLSClientConfig: c.TLS.Clone()}}
		defer hc.CloseIdleConnections()
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return int64(f), err
		}
	}
	return 0, errors.New("no process_resident_memory_bytes in /metrics")
}

// trust is the clients' option for an https server's certificate (-ca).
func (c Config) trust() []client.Option {
	if c.TLS == nil {
		return nil
	}
	return []client.Option{client.WithTLS(c.TLS)}
}
