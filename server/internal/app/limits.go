package app

import (
	"fmt"
	"net"
	"runtime"
	"syscall"

	"golang.org/x/net/netutil"

	"onedoor/server/internal/hub"
)

// Connection limits derived from the process's descriptor limit, so that anonymous
// websockets can never take the descriptors kiosks, clerks and /healthz need.
const (
	// defaultMaxStreams is the stream cap when none is configured and descriptors allow.
	defaultMaxStreams = 20000
	// fileReserve descriptors are kept beyond every connection: the data file, its
	// lock, logs, the profiler's listener, a backup's file.
	fileReserve = 32
	// Between minReserve and maxReserve connections (an eighth of the limit) are kept
	// beyond the stream cap for everything but streams.
	minReserve, maxReserve = 64, 1024
)

// fdLimits is what the descriptor limit allows.
type fdLimits struct {
	streams int // the stream cap
	conns   int // the cap on all connections at the listener
}

// raiseNoFile raises the soft descriptor limit to the hard one where allowed, and
// returns the limit before and after.
func raiseNoFile() (was, now uint64, err error) {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return 0, 0, fmt.Errorf("read the descriptor limit: %w", err)
	}
	was = r.Cur
	if r.Cur < r.Max {
		up := r
		up.Cur = r.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &up); err != nil {
			return was, was, fmt.Errorf("raise the descriptor limit to %d: %w", r.Max, err)
		}
		r = up
	}
	return was, r.Cur, nil
}

// deriveLimits caps streams at min(configured, nofile - reserve) and every connection
// at nofile - fileReserve, so that when streams are full there are still descriptors
// for the others.
func deriveLimits(nofile uint64, configured int) fdLimits {
	if configured <= 0 {
		configured = defaultMaxStreams
	}
	reserve := min(max(nofile/8, minReserve), maxReserve)
	l := fdLimits{streams: configured, conns: 1}
	if nofile > fileReserve {
		l.conns = int(min(nofile-fileReserve, 1<<30))
	}
	if nofile <= reserve {
		l.streams = 1
	} else if room := nofile - reserve; room < uint64(configured) {
		l.streams = int(room)
	}
	return l
}

// applyLimits raises the descriptor limit, derives the caps, gives the hub its stream
// and replay caps, logs them, and returns ln limited to the connection cap.
func (s *Server) applyLimits(ln net.Listener) net.Listener {
	was, nofile, err := raiseNoFile()
	if err != nil {
		s.log.Warn("descriptor limit", "err", err)
	}
	if nofile == 0 {
		nofile = 1024 // unknown: assume the usual default
	}
	l := deriveLimits(nofile, s.cfg.MaxStreams)
	replays := s.cfg.MaxReplays
	if replays <= 0 {
		replays = max(1, runtime.GOMAXPROCS(0)/2)
	}
	s.Hub.SetLimits(hub.Limits{MaxStreams: l.streams, MaxReplays: replays})
	s.log.Info("connection limits", "nofile", nofile, "nofile_before", was,
		"max_streams", l.streams, "max_connections", l.conns, "max_replays", replays)
	// Further clients wait in the kernel's backlog instead of costing descriptors the
	// process may not have.
	return netutil.LimitListener(ln, l.conns)
}
