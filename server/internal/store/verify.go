package store

import (
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"onedoor/internal/queue"
)

// TailEvents is how many of the newest events Open checks against the chain.
const TailEvents = 1000

// ChainError is a break in the log's hash chain: Seq is the first event found bad.
type ChainError struct {
	Seq    uint64
	Reason string
}

// Error names the seq and what is wrong with it.
func (e *ChainError) Error() string {
	return fmt.Sprintf("the event log is broken at seq %d: %s", e.Seq, e.Reason)
}

// checkChain checks the log from seq from to its end against the links and the meta's
// chain head, and returns how many events it read. A damaged page that makes bbolt panic
// or fault is reported as a break at the first seq not read.
func checkChain(tx *bolt.Tx, from uint64) (n uint64, err error) {
	if from < 1 {
		from = 1
	}
	expected := from
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &ChainError{Seq: expected, Reason: fmt.Sprintf("unreadable (damaged page: %v)", r)}
		}
	}()
	events := tx.Bucket(bucketEvents)
	if events == nil {
		return 0, errors.New("no events bucket")
	}
	var prev [32]byte
	if from > 1 {
		v := events.Get(itob(from - 1))
		if v == nil {
			return 0, &ChainError{Seq: from - 1, Reason: "missing"}
		}
		prev = recordHash(from-1, v)
	}
	head, err := readHead(tx)
	if err != nil {
		return 0, err
	}
	c := events.Cursor()
	k, v := c.Seek(itob(from))
	for k != nil {
		seq := btoi(k)
		if seq != expected {
			return n, &ChainError{Seq: expected, Reason: fmt.Sprintf("missing (the log goes on at %d)", seq)}
		}
		p, perr := prevOf(v)
		sum := recordHash(seq, v)
		nk, nv := c.Next()
		if perr != nil || p != prev {
			return n, brokenLink(seq, sum, perr == nil, nk, nv, head)
		}
		prev = sum
		expected++
		n++
		k, v = nk, nv
	}
	return n, checkHead(head, expected-1, prev)
}

// brokenLink names the event at fault when the one at seq (whose hash is sum, and
// whose link parsed when linkOK) does not follow the one before: either the event
// before was changed, or this one was (or replaced). The next link, or the chain head
// when seq is the last, tells which.
func brokenLink(seq uint64, sum [32]byte, linkOK bool, nk, nv []byte, head chainHead) error {
	intact := false
	if nk != nil {
		np, err := prevOf(nv)
		intact = err == nil && np == sum && btoi(nk) == seq+1
	} else {
		intact = head.Seq == seq && head.Hash == sum
	}
	if intact && seq > 1 && linkOK {
		return &ChainError{Seq: seq - 1, Reason: "changed: its hash is not the one the next event records"}
	}
	return &ChainError{Seq: seq, Reason: "does not follow the event before it (changed, replaced or moved)"}
}

// checkHead compares the chain head with the log as read: its last seq and the hash
// of that event.
func checkHead(head chainHead, last uint64, lastHash [32]byte) error {
	switch {
	case head.Seq == 0 && last == 0:
	case head.Seq > last:
		return &ChainError{Seq: last + 1, Reason: fmt.Sprintf("missing (the chain head says the log ends at %d)", head.Seq)}
	case head.Seq < last:
		return &ChainError{Seq: head.Seq + 1, Reason: "not in the chain head (added behind its back)"}
	case head.Hash != lastHash:
		return &ChainError{Seq: last, Reason: "changed: its hash is not the chain head's"}
	}
	return nil
}

// checkTail checks the newest TailEvents events.
func checkTail(tx *bolt.Tx) error {
	k, _ := tx.Bucket(bucketEvents).Cursor().Last()
	var from uint64 = 1
	if k != nil && btoi(k) > TailEvents {
		from = btoi(k) - TailEvents
	}
	_, err := checkChain(tx, from)
	return err
}

// VerifyOptions says what VerifyFile checks beyond the file and the chain.
type VerifyOptions struct {
	// Catalog, Loc and Policy, when Catalog is set, replay the whole log and compare
	// every projection with it.
	Catalog *queue.Catalog
	Loc     *time.Location
	Policy  queue.Policy
	// Digests, kept elsewhere (an export of GET /api/v1/admin/digests), catch a log
	// rewritten with a recomputed chain.
	Digests *DigestExport
	// KeyPath, when set, is a key file that must be the master key of the file's day
	// keys and open its newest sealed applicant.
	KeyPath string
}

// VerifyReport is what VerifyFile found in a sound file.
type VerifyReport struct {
	Events     uint64 // events in the log
	LastSeq    uint64 // the seq of the last
	LastHash   string // hex hash of the last
	Applicants int    // sealed applicants in applicants/
	Digests    int    // signed day digests checked (in the file and given)
}

// VerifyFile checks a data file that no server has open (or a backup): its size against
// its pages, bbolt's consistency check, the whole hash chain, the signed day digests in
// it and those given, and, with a catalog, every projection against a replay of the log.
// It opens the file read-only and never changes it.
func VerifyFile(path string, o VerifyOptions) (VerifyReport, error) {
	var rep VerifyReport
	if err := checkDataFile(path); err != nil {
		return rep, err
	}
	// PreLoadFreelist: tx.Check would load it lazily, racing with the other readers.
	db, err := openBolt(path, &bolt.Options{ReadOnly: true, Timeout: 2 * time.Second, PreLoadFreelist: true, MmapFlags: verifyMmapFlags})
	if errors.Is(err, berrors.ErrTimeout) {
		return rep, fmt.Errorf("verify %s: a running server holds it: stop the server, or verify a backup", path)
	}
	if err != nil {
		return rep, fmt.Errorf("verify %s: %w", path, err)
	}
	defer db.Close()
	// The chain with the digests, bbolt's page check and the replay each read the whole
	// file: they run side by side, each in its own read transaction.
	var chainErr, pagesErr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		chainErr = db.View(func(tx *bolt.Tx) error {
			if tx.Bucket(bucketEvents) == nil {
				return errors.New("not a onedoor data file: no event log")
			}
			n, err := checkChain(tx, 1) // it names the seq where the log breaks
			if err != nil {
				return err
			}
			head, err := readHead(tx)
			if err != nil {
				return err
			}
			rep.Events, rep.LastSeq, rep.LastHash = n, head.Seq, hex.EncodeToString(head.Hash[:])
			rep.Applicants = tx.Bucket(bucketApplicants).Stats().KeyN
			if rep.Digests, err = checkDigests(tx, o.Digests); err != nil {
				return err
			}
			if v, want := schemaVersion(tx), uint64(len(migrations)); v != want {
				return fmt.Errorf("schema %d, this program writes %d", v, want)
			}
			if o.KeyPath != "" {
				return checkKey(tx, o.KeyPath)
			}
			return nil
		})
	}()
	go func() {
		defer wg.Done()
		pagesErr = db.View(checkPages)
	}()
	if o.Catalog != nil {
		s := &Store{opts: Options{Catalog: o.Catalog, Loc: o.Loc, Policy: o.Policy}}
		err = db.View(func(tx *bolt.Tx) error {
			if tx.Bucket(bucketEvents) == nil {
				return nil // the chain's check says so
			}
			return s.verifyReplay(tx)
		})
	}
	wg.Wait()
	switch { // the most telling first: a break in the chain names its seq
	case chainErr != nil:
		err = chainErr
	case pagesErr != nil:
		err = pagesErr
	}
	if err != nil {
		return rep, fmt.Errorf("verify %s: %w", path, err)
	}
	return rep, nil
}

// VerifyChain checks the whole hash chain of an open store.
func (s *Store) VerifyChain() error {
	return s.db.View(func(tx *bolt.Tx) error {
		_, err := checkChain(tx, 1)
		return err
	})
}

// ErrReadOnly answers every command of a store opened read-only.
var ErrReadOnly = queue.Errorf(queue.Unavailable, "the server was started read-only to investigate its data; it takes no commands")

// openReadOnly loads a file opened to investigate it: a broken chain is logged, not
// refused, so the API can show what is there.
func (s *Store) openReadOnly(tx *bolt.Tx) error {
	if v := schemaVersion(tx); v != uint64(len(migrations)) {
		return fmt.Errorf("read-only: the file is at schema %d, this program writes %d; start it once normally to migrate", v, len(migrations))
	}
	if err := checkTail(tx); err != nil {
		s.log.Error("read-only start on a damaged log", "err", err)
	}
	return s.load(tx)
}

// checkPages runs bbolt's consistency check, a damaged page reported, not a crash.
func checkPages(tx *bolt.Tx) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: bbolt check: %v", ErrDamaged, r)
		}
	}()
	for err := range tx.Check() {
		return fmt.Errorf("%w: bbolt check: %w", ErrDamaged, err)
	}
	return nil
}
