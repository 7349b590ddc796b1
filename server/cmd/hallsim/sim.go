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

// Run performs one load run against c.Server.
func Run(ctx context.Context, c Config) (*Report, error) {
	kc := client.New(c.Server, c.Token, c.trust()...)
	var cat queue.Catalog
	if err := kc.Catalog(ctx, &cat); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	var items []string
	for _, it := range cat.Items {
		items = append(items, it.Code)
	}
	groups := []string{}
	for _, g := range cat.PriorityGroups {
		if g.Code != queue.PriorityAppointment {
			groups = append(groups, g.Code)
		}
	}
	var (
		errs      errCounts
		issueLat  samples
		delivLat  samples
		issued    atomic.Int64
		calls     atomic.Int64
		connected atomic.Int64
		firstIDs  = make(chan string, c.Phones)
	)
	q, err := kc.Queue(ctx) // subscribers start from the hall's state, as boards do
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	rssBefore, _ := serverRSS(ctx, c)

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup

	// upDown counts a subscriber in connected while its stream is up.
	upDown := func() func(bool) {
		was := false
		return func(up bool) {
			switch {
			case up && !was:
				connected.Add(1)
			case !up && was:
				connected.Add(-1)
			}
			was = up
		}
	}
	// Boards (the board view, as the board page asks for): every ticket.called must reach
	// every board exactly once.
	boardCalls := make([]atomic.Int64, c.Boards)
	for i := 0; i < c.Boards; i++ {
		b := &boardSub{base: c.Server, tls: c.TLS, last: q.Seq, onState: upDown(), onError: errs.add,
			onCall: func(at time.Time) {
				delivLat.add(time.Since(at))
				boardCalls[i].Add(1)
			}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.run(runCtx)
		}()
	}
	// Phones follow the first tickets issued, with the Go client as a tracking page would.
	phone := func(id string) {
		defer wg.Done()
		opt := client.StreamOptions{Ticket: id, After: q.Seq, OnState: upDown()}
		client.New(c.Server, "", c.trust()...).Subscribe(runCtx, opt, func(ev wire.Event) {
			if ev.Type == "ticket.called" {
				delivLat.add(time.Since(ev.At))
			}
		})
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < c.Phones; i++ {
			select {
			case id := <-firstIDs:
				wg.Add(1)
				go phone(id)
			case <-runCtx.Done():
				return
			}
		}
	}()
	// Wait for the boards, then weigh the server with its idle connections.
	deadline := time.Now().Add(30 * time.Second)
	for connected.Load() < int64(c.Boards) && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	rssBoards, _ := serverRSS(ctx, c)

	// Windows: the clerks log in (bcrypt is slow on purpose) before the clock starts, one
	// after another: the server checks few PINs at once and refuses (429) a login that
	// waits too long for its turn, as it would a flood.
	clerks := make([]*client.Client, c.Windows+1)
	for w := 1; w <= c.Windows; w++ {
		clerks[w] = login(runCtx, c, w, &errs)
	}
	winCtx, stopWindows := context.WithCancel(runCtx)
	defer stopWindows()
	var ww sync.WaitGroup
	for w := 1; w <= c.Windows; w++ {
		if clerks[w] == nil {
			continue
		}
		ww.Add(1)
		go func(n int) {
			defer ww.Done()
			window(winCtx, c, clerks[n], n, &calls, &errs)
		}(w)
	}

	// Kiosks.
	issue := func(i int64, scheduled time.Time) {
		rng := rand.New(rand.NewPCG(uint64(i), 42))
		req := wire.IssueRequest{Item: items[rng.IntN(len(items))]}
		if rng.Float64() < 0.1 && len(groups) > 0 {
			req.Priority = groups[rng.IntN(len(groups))]
		}
		if rng.Float64() < c.Applicant {
			req.Applicant = syntheticApplicant(rng)
		}
		tk, err := kc.Issue(runCtx, req, fmt.Sprintf("hallsim-%d-%d", time.Now().UnixNano(), i))
		if err != nil {
			if runCtx.Err() == nil {
				errs.add(errKind(err))
			}
			return
		}
		issueLat.add(time.Since(scheduled))
		issued.Add(1)
		select {
		case firstIDs <- tk.ID:
		default:
		}
	}
	start := time.Now()
	loadCtx, stopLoad := context.WithTimeout(runCtx, c.Duration)
	defer stopLoad()
	var kw sync.WaitGroup
	var seq atomic.Int64
	mode := "closed loop (-max)"
	if c.Max {
		for k := 0; k < c.Kiosks; k++ {
			kw.Add(1)
			go func() {
				defer kw.Done()
				for loadCtx.Err() == nil {
					issue(seq.Add(1), time.Now())
				}
			}()
		}
	} else {
		mode = fmt.Sprintf("open loop at %.0f tickets/s", c.Rate)
		interval := time.Duration(float64(time.Second) / c.Rate)
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
				errs.add("overrun")
				continue
			}
			kw.Add(1)
			go func() {
				defer kw.Done()
				defer func() { <-slots }()
				issue(seq.Add(1), scheduled) // latency from the scheduled time: no coordinated omission
			}()
		}
	}
	kw.Wait()
	elapsed := time.Since(start)
	// Stop calling, then give the last calls up to 10 s to reach every board; a board
	// still short of them after that counts as one that missed a call.
	stopWindows()
	ww.Wait()
	behind := func() bool {
		for i := range boardCalls {
			if boardCalls[i].Load() < calls.Load() {
				return true
			}
		}
		return false
	}
	for wait := time.Now().Add(10 * time.Second); behind() && time.Now().Before(wait) && ctx.Err() == nil; {
		time.Sleep(20 * time.Millisecond)
	}
	rssEnd, _ := serverRSS(ctx, c)
	cancel()
	wg.Wait()

	rep := &Report{Mode: mode, DurationS: elapsed.Seconds(), Kiosks: c.Kiosks, Windows: c.Windows,
		Subscribers: c.Boards + c.Phones, Issued: int(issued.Load()), Calls: int(calls.Load()),
		IssueMs: issueLat.summary(), DeliveryMs: delivLat.summary(), Errors: errs.snapshot()}
	rep.IssuedPerS = float64(rep.Issued) / elapsed.Seconds()
	rep.Deliveries = rep.DeliveryMs.N
	rep.ServerRSSMiB = float64(rssEnd) / (1 << 20)
	if c.Boards > 0 && rssBoards > rssBefore {
		rep.PerStreamKiB = float64(rssBoards-rssBefore) / float64(c.Boards) / 1024
	}
	for i := range boardCalls {
		if boardCalls[i].Load() < calls.Load() {
			rep.MissedCallsSubs++
		}
	}
	return rep, nil
}

// login logs demo clerk n in to window n and opens it; nil when that failed.
func login(ctx context.Context, c Config, n int, errs *errCounts) *client.Client {
	cc := client.New(c.Server, "", c.trust()...)
	if _, err := cc.Login(ctx, wire.LoginRequest{Staff: fmt.Sprintf("demo%d", n), PIN: c.StaffPIN, Window: n, TakeOver: true}); err != nil {
		errs.add("login")
		return nil
	}
	if _, err := cc.WindowState(ctx, n, "open", ""); err != nil && client.StatusOf(err) != http.StatusConflict {
		errs.add(errKind(err))
	}
	return cc
}

// window is one clerk: call, serve for a while, finish with an outcome; now and then a
// no-show or a transfer.
func window(ctx context.Context, c Config, cc *client.Client, n int, calls *atomic.Int64, errs *errCounts) {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	outcomes := []string{"accepted", "supplement", "rejected", "completed", "consulted"}
	for ctx.Err() == nil {
		tk, ok, err := cc.Call(ctx, n)
		if err != nil {
			if ctx.Err() == nil {
				errs.add(errKind(err))
			}
			sleep(ctx, 100*time.Millisecond)
			continue
		}
		if !ok {
			sleep(ctx, 50*time.Millisecond)
			continue
		}
		calls.Add(1)
		switch r := rng.Float64(); {
		case r < 0.05:
			if _, err := cc.Act(ctx, n, "no-show"); err != nil && ctx.Err() == nil {
				errs.add(errKind(err))
			}
			continue
		case r < 0.08:
			cc.Act(ctx, n, "start")
			if _, err := cc.Transfer(ctx, n, wire.TransferRequest{Category: tk.Category}); err != nil && ctx.Err() == nil {
				errs.add(errKind(err))
			}
			continue
		}
		if _, err := cc.Act(ctx, n, "start"); err != nil && ctx.Err() == nil {
			errs.add(errKind(err))
			continue
		}
		sleep(ctx, time.Duration(rng.ExpFloat64()*float64(c.Service)))
		fin := wire.FinishRequest{Outcome: outcomes[rng.IntN(len(outcomes))], Received: []string{"m1"}}
		if fin.Outcome == "rejected" {
			fin.Reason = "不属于本中心受理范围"
		}
		if _, err := cc.Finish(ctx, n, fin); err != nil && ctx.Err() == nil {
			var ce *client.Error
			if errors.As(err, &ce) && ce.Status == 422 { // nothing missing to supplement: complete instead
				cc.Finish(ctx, n, wire.FinishRequest{Outcome: "completed", Received: []string{"m1"}})
				continue
			}
			errs.add(errKind(err))
		}
	}
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
