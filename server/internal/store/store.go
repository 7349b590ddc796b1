package store

import (
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
)

// Options configures a store.
type Options struct {
	// Dir is the data folder: it holds onedoor.db and the key file.
	Dir     string
	Catalog *queue.Catalog
	Loc     *time.Location
	Policy  queue.Policy
	// Calendar gives the working days of promised dates; nil is Monday to Friday.
	Calendar *queue.Calendar
	// Clock gives the time; tests inject one to cross midnight. Default time.Now.
	Clock func() time.Time
	// OnCommit receives the events of every committed batch, in order, from the writer
	// goroutine. It must not block: the hub's Publish never does.
	OnCommit func([]Committed)
	Logger   *slog.Logger
	// MaxBatch caps how many commands share one transaction. Default 1024.
	MaxBatch int
	// UnsafeNoSync skips fsync. Only the crash test's self-check uses it, to prove the
	// test catches a server that answers before its data is durable.
	UnsafeNoSync bool
	// UnsafeAnswerEarly answers each command before its batch is committed, and holds
	// the commit back a little. It exists only so the crash test can prove that it
	// catches a server that tells a citizen a number that is not yet on disk.
	UnsafeAnswerEarly bool
	// NoReports keeps no report aggregates: only the benchmark that measures what they
	// cost uses it. The next open without it rebuilds them from the log.
	NoReports bool
	// ReadOnly opens the file to investigate it: reads answer, every command is refused
	// (Unavailable), nothing is written, and a broken chain is logged instead of refused.
	ReadOnly bool
	// Outbox, if set, turns committed events into outbox messages, put in the same
	// transaction as the events (outbox.go).
	Outbox Producer
}

// Committed is an event that is on disk, with the waiting count per category prefix
// right after it (for ticket events), which boards show.
type Committed struct {
	Event   queue.Event
	Waiting map[string]int
}

// Store is a center's durable state. Its methods are safe for concurrent use.
type Store struct {
	db     *bolt.DB
	opts   Options
	keys   *keyring           // the master key and the day keys (keys.go)
	signer ed25519.PrivateKey // signs each day's digest (digest.go)
	head   chainHead          // the log's last seq and hash; the writer's (chain.go)
	log    *slog.Logger
	ops    chan *op
	quit   chan struct{}
	done   chan struct{}
	closed sync.Once
	seen   deviceSeen // each device's last reports (devicestatus.go)

	mu   sync.RWMutex // guards hall and auth; the writer holds it for a whole batch
	hall *queue.Hall
	auth *authState
	// setup is the first-run setup token, while no staff exist (setup.go); the writer's.
	setup setupToken
	full  atomic.Bool // the last commit failed for lack of space (ENOSPC)

	clockBehind bool        // the writer has warned that the clock reads an earlier day
	reports     reportCache // the report cells of the batch; the writer's (reports.go)
	// dispatcher is woken after a commit that put outbox messages (outbox.go).
	dispatcher atomic.Pointer[outbox.Dispatcher]
	// catalog is the catalog in force: the published version's (catalogs.go).
	catalog atomic.Pointer[queue.Catalog]
}

// Open opens (or creates) the store in opts.Dir: it runs the migrations and loads the
// projections in one transaction, then starts the writer.
func Open(opts Options) (*Store, error) {
	if opts.Catalog == nil || opts.Loc == nil {
		return nil, errors.New("open store: catalog and location are required")
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 1024
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	path := filepath.Join(opts.Dir, "onedoor.db")
	if err := checkDataFile(path); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if !opts.ReadOnly {
		if err := ensureKey(filepath.Join(opts.Dir, "key")); err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
	}
	signer, err := loadSigner(opts.Dir, opts.ReadOnly)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	// Every commit writes bbolt's freelist (one small page in the same sync; no
	// difference measured in issues/s), so a start reads it instead of walking the
	// whole file to rebuild it — 0.7–1.3 s with a million events, even after a crash.
	db, err := openBolt(path, &bolt.Options{Timeout: 2 * time.Second, FreelistType: bolt.FreelistMapType, InitialMmapSize: 256 << 20, ReadOnly: opts.ReadOnly})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("open store: %w (is another server using %s?)", err, opts.Dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db.NoSync = opts.UnsafeNoSync
	keys, err := settleKeys(opts.Dir, db, opts.ReadOnly)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	s := &Store{db: db, opts: opts, keys: keys, signer: signer, log: opts.Logger,
		ops: make(chan *op, 4096), quit: make(chan struct{}), done: make(chan struct{})}
	if opts.ReadOnly {
		err = db.View(s.openReadOnly)
	} else {
		err = db.Update(func(tx *bolt.Tx) error {
			if err := migrate(tx, migrations); err != nil {
				return err
			}
			if err := s.upgradeRecords(tx); err != nil {
				return err
			}
			if err := checkTail(tx); err != nil {
				return fmt.Errorf("%w: %w; start with -read-only to investigate, or run `server verify`", ErrDamaged, err)
			}
			if err := s.settleReports(tx); err != nil {
				return err
			}
			return s.loadAtOpen(tx)
		})
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	go s.writer()
	return s, nil
}

// Close stops the writer after the commands already queued and closes the file.
func (s *Store) Close() error {
	var err error
	s.closed.Do(func() {
		close(s.quit)
		<-s.done
		err = s.db.Close()
	})
	return err
}

// hallMeta is the hall's own state kept in meta/hall.
type hallMeta struct {
	Day          string                        `json:"day"`
	Counters     map[string]int                `json:"counters"`
	LastPosition uint64                        `json:"last_position"`
	LastSeq      uint64                        `json:"last_seq"`
	Stats        map[string]*queue.RunningMean `json:"stats"`
	Pauses       queue.RunningMean             `json:"pauses,omitzero"`
	Visits       queue.Visits                  `json:"visits,omitzero"`
	Notice       string                        `json:"notice,omitempty"`
	Cases        int                           `json:"cases,omitempty"`
	Recent       []queue.Call                  `json:"recent,omitempty"`
	// Calendar holds the years of the working calendar set in the console.
	Calendar map[int]queue.CalendarYear `json:"calendar,omitempty"`
}

// load rebuilds the in-memory hall and auth state from the projections, without
// replaying the log: today's tickets, the windows, the counters.
func (s *Store) load(tx *bolt.Tx) error {
	cat, n := s.catalogInForce(tx)
	h := queue.NewHall(cat, s.opts.Loc, s.opts.Policy)
	h.Calendar = s.opts.Calendar
	h.CatalogVersion, h.Retired = n, retiredCatalogs(tx, n)
	if v := tx.Bucket(bucketMeta).Get(keyHall); v != nil {
		var m hallMeta
		if err := json.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("load hall: %w", err)
		}
		h.Day, h.LastPosition, h.LastSeq, h.Notice, h.Cases, h.Recent = m.Day, m.LastPosition, m.LastSeq, m.Notice, m.Cases, m.Recent
		h.Pauses, h.Visits = m.Pauses, m.Visits
		h.CalendarYears = m.Calendar
		for _, y := range m.Calendar {
			h.Calendar = h.Calendar.WithYear(y)
		}
		if m.Counters != nil {
			h.Counters = m.Counters
		}
		if m.Stats != nil {
			h.Stats = m.Stats
		}
	}
	if k, _ := tx.Bucket(bucketEvents).Cursor().Last(); k != nil && btoi(k) != h.LastSeq {
		return fmt.Errorf("load hall: projection is at seq %d but the log ends at %d", h.LastSeq, btoi(k))
	}
	err := tx.Bucket(bucketWindows).ForEach(func(_, v []byte) error {
		var w queue.Window
		if err := json.Unmarshal(v, &w); err != nil {
			return fmt.Errorf("load window: %w", err)
		}
		h.RestoreWindow(&w)
		return nil
	})
	if err != nil {
		return err
	}
	if day := tx.Bucket(bucketDays).Bucket([]byte(h.Day)); day != nil {
		tickets := tx.Bucket(bucketTickets)
		err := day.ForEach(func(_, id []byte) error {
			var t queue.Ticket
			if err := json.Unmarshal(tickets.Get(id), &t); err != nil {
				return fmt.Errorf("load ticket %s: %w", id, err)
			}
			h.Restore(&t)
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := loadCases(tx, h); err != nil {
		return err
	}
	c := tx.Bucket(bucketBookings).Cursor()
	for k, v := c.Seek([]byte(h.Day)); k != nil; k, v = c.Next() {
		var b queue.Booking
		if err := json.Unmarshal(v, &b); err != nil {
			return fmt.Errorf("load booking %s: %w", k, err)
		}
		h.Bookings[b.Code] = &b
	}
	h.TakeDirty()
	if s.head, err = readHead(tx); err != nil {
		return err
	}
	if s.keys != nil {
		s.keys.forget() // a failed commit may have made a day key that is not on disk
	}
	auth, err := loadAuth(tx)
	if err != nil {
		return err
	}
	s.hall, s.auth = h, auth
	s.catalog.Store(cat)
	return nil
}

// Read runs f with the hall locked for reading. f must not keep h or its tickets.
func (s *Store) Read(f func(h *queue.Hall)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	f(s.hall)
}

// Now returns the store's clock.
func (s *Store) Now() time.Time { return s.opts.Clock() }

// Location returns the center's time zone.
func (s *Store) Location() *time.Location { return s.opts.Loc }

// Catalog returns the catalog the store runs on.
func (s *Store) Catalog() *queue.Catalog {
	if c := s.catalog.Load(); c != nil {
		return c
	}
	return s.opts.Catalog
}

// DB exposes the bbolt handle for consistency checks in tests.
func (s *Store) DB() *bolt.DB { return s.db }

// Check runs bbolt's consistency check over the whole file.
//
// It runs in a write transaction, rolled back: a read-only check reads the freelist a
// concurrent writer is changing and reports healthy pages as "reachable freed".
func (s *Store) Check() error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return fmt.Errorf("bbolt check: %w", err)
		}
		return errCheckDone
	})
	if errors.Is(err, errCheckDone) {
		return nil
	}
	return err
}

// errCheckDone rolls Check's transaction back: it changes nothing.
var errCheckDone = errors.New("check done")

// Wait blocks until the writer has committed everything submitted before it: a barrier
// for tests and shutdown.
func (s *Store) Wait(ctx context.Context) error {
	return s.exec(ctx, func(*Tx) error { return nil })
}

func itob(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func btoi(b []byte) uint64 { return binary.BigEndian.Uint64(b) }
