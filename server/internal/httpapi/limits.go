package httpapi

import (
	"context"
	"math"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"onedoor/internal/wire"
)

// Limits are the per-address request rates of the calls anyone can make. A rate of 0
// takes the default; a negative rate switches that limit off (load generators on one
// address).
type Limits struct {
	// LoginRate and LoginBurst bound POST /api/v1/login per client address; default
	// 1 a second with a burst of 20 (a clerk mistyping a few times is never held back).
	LoginRate  float64
	LoginBurst int
	// PublicRate and PublicBurst bound the anonymous calls (catalog, queue, a ticket,
	// cancel, rating) per client address; default 50 a second with a burst of 500:
	// phones behind one carrier address share it, and reads are cheap.
	PublicRate  float64
	PublicBurst int
	// MaxHashing bounds the PIN checks (bcrypt) running at once, so that logins never
	// take every core from the writer and the kiosks; default half the cores, at least 1.
	MaxHashing int
	// HashWait is how long a login waits for its turn before it is told to retry;
	// default 5 s.
	HashWait time.Duration
	// OnLoopback applies the per-address limits to loopback clients too. By default
	// they are exempt: on the server's own machine run only its tools, load generators
	// and tests (the crash test reads back thousands of tickets at once); a hall's
	// kiosks, clerks and phones never come from there. Set it when a proxy on the same
	// machine forwards the hall's traffic. The bound on PIN checks applies to everyone.
	OnLoopback bool
}

func (l Limits) withDefaults() Limits {
	if l.LoginRate == 0 {
		l.LoginRate = 1
	}
	if l.LoginBurst <= 0 {
		l.LoginBurst = 20
	}
	if l.PublicRate == 0 {
		l.PublicRate = 50
	}
	if l.PublicBurst <= 0 {
		l.PublicBurst = 500
	}
	if l.MaxHashing <= 0 {
		l.MaxHashing = max(1, runtime.GOMAXPROCS(0)/2)
	}
	if l.HashWait <= 0 {
		l.HashWait = 5 * time.Second
	}
	return l
}

// maxAddresses bounds the limiter table; past it, idle addresses are swept, and if
// none are idle a new address is refused rather than the table grown.
const maxAddresses = 100_000

// addrLimiter holds one token bucket per client address.
type addrLimiter struct {
	r     rate.Limit
	burst int
	mu    sync.Mutex
	m     map[string]*addrEntry
}

type addrEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

func newAddrLimiter(perSecond float64, burst int) *addrLimiter {
	if perSecond < 0 {
		return nil
	}
	return &addrLimiter{r: rate.Limit(perSecond), burst: burst, m: map[string]*addrEntry{}}
}

// allow takes one token for addr; when none is left it returns false and how long
// until one is.
func (a *addrLimiter) allow(addr string, now time.Time) (bool, time.Duration) {
	if a == nil {
		return true, 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.m[addr]
	if !ok {
		if len(a.m) >= maxAddresses {
			a.sweep(now)
			if len(a.m) >= maxAddresses {
				return false, time.Second
			}
		}
		e = &addrEntry{lim: rate.NewLimiter(a.r, a.burst)}
		a.m[addr] = e
	}
	e.seen = now
	res := e.lim.ReserveN(now, 1)
	if !res.OK() {
		return false, time.Second
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// sweep drops addresses whose bucket has refilled: they would start full anyway.
func (a *addrLimiter) sweep(now time.Time) {
	full := time.Duration(float64(a.burst) / float64(a.r) * float64(time.Second))
	for k, e := range a.m {
		if now.Sub(e.seen) > full {
			delete(a.m, k)
		}
	}
}

// clientAddr is the request's peer address without the port: the hall's network has
// no proxy in front of the server, so X-Forwarded-For is not trusted.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limited wraps h with the per-address limiter l: over the limit it answers 429 with
// Retry-After and the usual JSON error, and h does not run.
func (s *Server) limited(l *addrLimiter, h http.HandlerFunc) http.HandlerFunc {
	if l == nil {
		return h
	}
	onLoopback := s.cfg.Limits.OnLoopback
	return func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r)
		if !onLoopback {
			if ip := net.ParseIP(addr); ip != nil && ip.IsLoopback() {
				h(w, r)
				return
			}
		}
		ok, wait := l.allow(addr, time.Now())
		if !ok {
			tooMany(w, wait, "too many requests from your address: try again in a moment")
			return
		}
		h(w, r)
	}
}

// tooMany answers 429 with Retry-After in whole seconds, rounded up.
func tooMany(w http.ResponseWriter, wait time.Duration, msg string) {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	writeJSON(w, http.StatusTooManyRequests, wire.Error{Error: wire.ErrorBody{Code: "rate_limited", Message: msg}})
}

// hashing is a semaphore bounding the PIN checks that run at once.
type hashing struct {
	slots chan struct{}
	wait  time.Duration
}

func newHashing(n int, wait time.Duration) *hashing {
	return &hashing{slots: make(chan struct{}, n), wait: wait}
}

// acquire waits for a slot for at most h.wait; false means the caller should answer
// 429 (or the request is gone).
func (h *hashing) acquire(ctx context.Context) bool {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

func (h *hashing) release() { <-h.slots }
