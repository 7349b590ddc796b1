package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"onedoor/internal/client"
	"onedoor/internal/wire"
	"sync/atomic"
	"time"
)

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
// no-show or a transfer. An acceptance hands in every material of the item (mats), as
// the server requires; a rejection gives its legal basis.
func window(ctx context.Context, c Config, cc *client.Client, n int, mats map[string][]string, calls *atomic.Int64, errs *errCounts) {
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
		switch fin.Outcome {
		case "accepted":
			fin.Received = mats[tk.Item]
		case "rejected":
			fin.Reason, fin.Basis = "不属于本中心受理范围", "《中华人民共和国行政许可法》第三十二条第一款第（二）项"
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
