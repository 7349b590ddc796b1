package app

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"onedoor/server/internal/store"
)

// BackupConfig configures the timed backups: hot copies of the data file, each checked,
// kept by hour and by day.
type BackupConfig struct {
	// Dir is where backups go; empty switches them off.
	Dir string
	// Every is the time between backups; default 1 h.
	Every time.Duration
	// KeepHourly and KeepDaily are how many hours and days keep their newest backup;
	// both 0 means the defaults, 24 and 7.
	KeepHourly, KeepDaily int
	// first, when set, is when the first backup is taken instead of after Every: the A/B
	// benchmark puts its one backup a minute in the middle of a minute's measurement.
	first time.Duration
}

// addBackupFlags registers the backup flags on fs, with ONEDOOR_BACKUP_* environment
// fallbacks. A malformed environment value is an error, as a malformed flag is.
func addBackupFlags(fs *flag.FlagSet, c *BackupConfig, env func(k, def string) string) error {
	every, err := time.ParseDuration(env("BACKUP_EVERY", "1h"))
	if err != nil {
		return fmt.Errorf("ONEDOOR_BACKUP_EVERY: %w", err)
	}
	hourly, err := strconv.Atoi(env("BACKUP_KEEP_HOURLY", "24"))
	if err != nil {
		return fmt.Errorf("ONEDOOR_BACKUP_KEEP_HOURLY: %w", err)
	}
	daily, err := strconv.Atoi(env("BACKUP_KEEP_DAILY", "7"))
	if err != nil {
		return fmt.Errorf("ONEDOOR_BACKUP_KEEP_DAILY: %w", err)
	}
	fs.StringVar(&c.Dir, "backup-dir", env("BACKUP_DIR", ""), "folder for timed, checked backups; empty: off (ONEDOOR_BACKUP_DIR)")
	fs.DurationVar(&c.Every, "backup-every", every, "time between backups (ONEDOOR_BACKUP_EVERY)")
	fs.IntVar(&c.KeepHourly, "backup-keep-hourly", hourly, "hours whose newest backup is kept (ONEDOOR_BACKUP_KEEP_HOURLY)")
	fs.IntVar(&c.KeepDaily, "backup-keep-daily", daily, "days whose newest backup is kept (ONEDOOR_BACKUP_KEEP_DAILY)")
	return nil
}

// check validates the backup configuration against the data folder.
func (c *BackupConfig) check(data string) error {
	if c.Dir == "" {
		return nil
	}
	if c.Every <= 0 {
		c.Every = time.Hour
	}
	if c.KeepHourly == 0 && c.KeepDaily == 0 {
		c.KeepHourly, c.KeepDaily = 24, 7
	}
	switch {
	case c.Every < time.Second:
		return fmt.Errorf("-backup-every %v: at least 1s", c.Every)
	case c.KeepHourly < 0 || c.KeepDaily < 0:
		return fmt.Errorf("-backup-keep-hourly %d, -backup-keep-daily %d: neither may be negative", c.KeepHourly, c.KeepDaily)
	}
	a, err1 := filepath.Abs(c.Dir)
	b, err2 := filepath.Abs(data)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("-backup-dir: %w", err)
	}
	if a == b {
		return fmt.Errorf("-backup-dir %s is the data folder: backups must live apart from the data (and never beside the key)", c.Dir)
	}
	return nil
}

// backups takes a checked backup every cfg.Every until stopped, and rotates the folder.
type backups struct {
	cfg   BackupConfig
	store *store.Store
	log   *slog.Logger
	stop  chan struct{}
	done  chan struct{}

	mu       sync.Mutex
	ok       int       // backups written and checked
	failures int       // backups that failed, written or checked
	last     time.Time // when the last good one finished
	lastSeq  uint64
	lastDur  time.Duration
}

// startBackups starts the timer when cfg.Dir is set; it returns nil otherwise.
func startBackups(cfg BackupConfig, st *store.Store, log *slog.Logger) (*backups, error) {
	if cfg.Dir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("backup folder: %w", err)
	}
	b := &backups{cfg: cfg, store: st, log: log, stop: make(chan struct{}), done: make(chan struct{})}
	b.removeTemps()
	go b.loop()
	return b, nil
}

func (b *backups) loop() {
	defer close(b.done)
	if b.cfg.first > 0 {
		select {
		case <-time.After(b.cfg.first):
			b.once()
		case <-b.stop:
			return
		}
	}
	t := time.NewTicker(b.cfg.Every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.once()
		case <-b.stop:
			return
		}
	}
}

// close stops the timer after the backup in progress, if any. Safe on nil.
func (b *backups) close() {
	if b == nil {
		return
	}
	close(b.stop)
	<-b.done
}

// once writes and checks one backup, records the outcome, and rotates.
func (b *backups) once() {
	start := time.Now()
	path := filepath.Join(b.cfg.Dir, backupName(start))
	info, err := b.store.WriteBackupFile(path, atLowPriority)
	dur := time.Since(start)
	b.mu.Lock()
	if err != nil {
		b.failures++
	} else {
		b.ok++
		b.last, b.lastSeq, b.lastDur = time.Now(), info.Seq, dur
	}
	b.mu.Unlock()
	if err != nil {
		b.log.Error("backup failed; the copy was deleted", "err", err)
		return
	}
	b.log.Info("backup", "file", path, "seq", info.Seq, "bytes", info.Size, "took", dur.Round(time.Millisecond))
	if err := b.rotate(); err != nil {
		b.log.Error("backup rotation", "err", err)
	}
}

// collectors are the backups' metrics for /metrics.
func (b *backups) collectors() []prometheus.Collector {
	read := func(f func() float64) func() float64 {
		return func() float64 { b.mu.Lock(); defer b.mu.Unlock(); return f() }
	}
	return []prometheus.Collector{
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "onedoor_backups_total", Help: "Backups written and checked since the server started."},
			read(func() float64 { return float64(b.ok) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "onedoor_backup_failures_total", Help: "Backups that failed to be written or failed their check (and were deleted)."},
			read(func() float64 { return float64(b.failures) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "onedoor_backup_last_success_timestamp_seconds", Help: "When the last good backup finished (Unix time; 0: none yet)."},
			read(func() float64 {
				if b.last.IsZero() {
					return 0
				}
				return float64(b.last.UnixNano()) / 1e9
			})),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "onedoor_backup_last_seq", Help: "The newest event in the last good backup."},
			read(func() float64 { return float64(b.lastSeq) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "onedoor_backup_last_duration_seconds", Help: "How long the last good backup took, written and checked."},
			read(func() float64 { return b.lastDur.Seconds() })),
	}
}

// removeTemps deletes what a backup cut short by a crash left behind.
func (b *backups) removeTemps() {
	left, _ := filepath.Glob(filepath.Join(b.cfg.Dir, ".onedoor-backup-*.tmp"))
	for _, p := range left {
		if err := os.Remove(p); err != nil {
			b.log.Warn("remove unfinished backup", "file", p, "err", err)
		}
	}
}
