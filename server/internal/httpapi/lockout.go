package httpapi

import (
	"sync"
	"time"

	"onedoor/server/internal/store"
)

// lockout counts wrong logins per client address and account: store.MaxFailures of
// them lock that address out of that account for store.LockDuration. Someone elsewhere
// (another address) cannot lock a clerk out, and a supervisor's unlock clears it.
type lockout struct {
	mu sync.Mutex
	m  map[lockKey]*lockEntry
}

type lockKey struct{ addr, staff string }

type lockEntry struct {
	failures int
	until    time.Time // locked while now is before it
	last     time.Time
}

func newLockout() *lockout { return &lockout{m: map[lockKey]*lockEntry{}} }

// locked reports whether addr is locked out of staff at now.
func (l *lockout) locked(addr, staff string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.m[lockKey{addr, staff}]
	return e != nil && now.Before(e.until)
}

// fail counts a refused login of addr on staff.
func (l *lockout) fail(addr, staff string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := lockKey{addr, staff}
	e := l.m[k]
	if e == nil {
		if len(l.m) >= maxAddresses {
			l.sweep(now)
		}
		e = &lockEntry{}
		l.m[k] = e
	}
	e.last = now
	if now.Before(e.until) {
		return
	}
	e.failures++
	if e.failures >= store.MaxFailures {
		e.failures, e.until = 0, now.Add(store.LockDuration)
	}
}

// succeed forgets the failures of addr on staff.
func (l *lockout) succeed(addr, staff string) {
	l.mu.Lock()
	delete(l.m, lockKey{addr, staff})
	l.mu.Unlock()
}

// unlock forgets every address's failures and lock on staff.
func (l *lockout) unlock(staff string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k := range l.m {
		if k.staff == staff {
			delete(l.m, k)
		}
	}
}

// sweep drops entries neither locked nor touched within LockDuration.
func (l *lockout) sweep(now time.Time) {
	for k, e := range l.m {
		if !now.Before(e.until) && now.Sub(e.last) > store.LockDuration {
			delete(l.m, k)
		}
	}
}
