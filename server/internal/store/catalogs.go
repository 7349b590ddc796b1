package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// bucketCatalogs holds every catalog version: big-endian number → CatalogVersion.
var bucketCatalogs = []byte("catalog_versions")

func migrateCatalogVersions(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketCatalogs); err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketCatalogs, err)
	}
	return nil
}

// The states of a catalog version.
const (
	VersionDraft     = "draft"
	VersionPublished = "published"
)

// CatalogVersion is one kept version of the catalog: a draft saved, or a version that was
// published (put in force) with a note. Body is the catalog in the file format the server
// reads (-catalog, PUT /api/v1/admin/catalog).
type CatalogVersion struct {
	N           int             `json:"version"`
	State       string          `json:"state"`
	Note        string          `json:"note,omitempty"`
	By          string          `json:"by"`
	CreatedAt   time.Time       `json:"created_at"`
	PublishedBy string          `json:"published_by,omitempty"`
	PublishedAt *time.Time      `json:"published_at,omitempty"`
	RollbackOf  int             `json:"rollback_of,omitempty"` // the version a rollback copied
	Current     bool            `json:"current,omitempty"`     // the version in force (set on reads)
	Body        json.RawMessage `json:"catalog,omitempty"`
}

// publishedVersion is the number of the newest published version (0: none).
func publishedVersion(tx *bolt.Tx) int {
	b := tx.Bucket(bucketCatalogs)
	if b == nil {
		return 0
	}
	c := b.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		var cv CatalogVersion
		if json.Unmarshal(v, &cv) == nil && cv.State == VersionPublished {
			return cv.N
		}
	}
	return 0
}

// retiredCatalogs are the catalogs of the versions published before the one in force,
// newest first, for the tickets and cases issued under them (queue.Hall.Retired).
func retiredCatalogs(tx *bolt.Tx, current int) []*queue.Catalog {
	b := tx.Bucket(bucketCatalogs)
	if b == nil {
		return nil
	}
	var out []*queue.Catalog
	c := b.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		var cv CatalogVersion
		if json.Unmarshal(v, &cv) != nil || cv.State != VersionPublished || cv.N >= current {
			continue
		}
		if cat, err := queue.ParseCatalog(cv.Body); err == nil {
			out = append(out, cat)
		}
	}
	return out
}

// catalogInForce is the catalog of the newest published version and its number; the
// start's catalog and 0 when there is none.
func (s *Store) catalogInForce(tx *bolt.Tx) (*queue.Catalog, int) {
	n := publishedVersion(tx)
	if n == 0 {
		return s.opts.Catalog, 0
	}
	cv, err := getVersion(tx, n)
	if err != nil {
		return s.opts.Catalog, 0
	}
	cat, err := queue.ParseCatalog(cv.Body)
	if err != nil {
		if s.log != nil { // nil in a replay's check (verifyReplay)
			s.log.Error("catalog version in force does not load; running the start's", "version", n, "err", err)
		}
		return s.opts.Catalog, 0
	}
	cat.Center.Code = s.opts.Catalog.Center.Code
	return cat, n
}

func getVersion(tx *bolt.Tx, n int) (CatalogVersion, error) {
	var cv CatalogVersion
	b := tx.Bucket(bucketCatalogs)
	if b == nil || n <= 0 {
		return cv, queue.Errorf(queue.NotFound, "no catalog version %d", n)
	}
	v := b.Get(itob(uint64(n)))
	if v == nil {
		return cv, queue.Errorf(queue.NotFound, "no catalog version %d", n)
	}
	if err := json.Unmarshal(v, &cv); err != nil {
		return cv, fmt.Errorf("read catalog version %d: %w", n, err)
	}
	return cv, nil
}

func putVersion(tx *bolt.Tx, cv CatalogVersion) error {
	cv.Current = false
	v, err := json.Marshal(cv)
	if err != nil {
		return fmt.Errorf("encode catalog version: %w", err)
	}
	if err := tx.Bucket(bucketCatalogs).Put(itob(uint64(cv.N)), v); err != nil {
		return fmt.Errorf("put catalog version %d: %w", cv.N, err)
	}
	return nil
}

// nextVersion is the number the next version takes.
func nextVersion(tx *bolt.Tx) int {
	k, _ := tx.Bucket(bucketCatalogs).Cursor().Last()
	if k == nil {
		return 1
	}
	return int(btoi(k)) + 1
}

// canonical is a catalog's content as compared between versions.
func canonical(c *queue.Catalog) []byte {
	b, _ := json.Marshal(c)
	return b
}

// loadAtOpen loads the projections, then keeps the start's catalog as a version.
func (s *Store) loadAtOpen(tx *bolt.Tx) error {
	if err := s.load(tx); err != nil {
		return err
	}
	return s.keepStartCatalog(tx)
}

// keepStartCatalog records the catalog the server started with as a published version
// when it is not the one in force already (the first start; a -catalog file changed; the
// city's catalog kept by citycatalog.go): whatever runs is a version. It writes no event,
// so that opening a store never changes its log.
func (s *Store) keepStartCatalog(tx *bolt.Tx) error {
	n := publishedVersion(tx)
	if n > 0 {
		cv, err := getVersion(tx, n)
		if err != nil {
			return err
		}
		cur, err := queue.ParseCatalog(cv.Body)
		if err == nil {
			cur.Center.Code = s.opts.Catalog.Center.Code // a -center given at start
			if bytes.Equal(canonical(cur), canonical(s.opts.Catalog)) {
				return nil
			}
		}
	}
	now := s.opts.Clock()
	cv := CatalogVersion{N: nextVersion(tx), State: VersionPublished, Note: "启动时载入 loaded at start",
		By: "server", CreatedAt: now, PublishedBy: "server", PublishedAt: &now, Body: canonical(s.opts.Catalog)}
	if err := putVersion(tx, cv); err != nil {
		return err
	}
	s.hall.SwitchCatalog(s.opts.Catalog)
	s.hall.CatalogVersion = cv.N
	s.catalog.Store(s.opts.Catalog)
	return nil
}

// CatalogVersions lists every version, newest first, without their catalogs.
func (s *Store) CatalogVersions() ([]CatalogVersion, error) {
	var out []CatalogVersion
	err := s.db.View(func(tx *bolt.Tx) error {
		cur := publishedVersion(tx)
		c := tx.Bucket(bucketCatalogs).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var cv CatalogVersion
			if err := json.Unmarshal(v, &cv); err != nil {
				return fmt.Errorf("read catalog version: %w", err)
			}
			cv.Body, cv.Current = nil, cv.N == cur
			out = append(out, cv)
		}
		return nil
	})
	return out, err
}

// CatalogVersion returns version n with its catalog; n 0 is the version in force.
func (s *Store) CatalogVersion(n int) (CatalogVersion, error) {
	var cv CatalogVersion
	err := s.db.View(func(tx *bolt.Tx) error {
		cur := publishedVersion(tx)
		if n == 0 {
			n = cur
		}
		var err error
		cv, err = getVersion(tx, n)
		cv.Current = cv.N == cur
		return err
	})
	return cv, err
}

// CatalogDiff compares version from with version to.
func (s *Store) CatalogDiff(from, to int) (queue.CatalogDiff, error) {
	a, err := s.versionCatalog(from)
	if err != nil {
		return queue.CatalogDiff{}, err
	}
	b, err := s.versionCatalog(to)
	if err != nil {
		return queue.CatalogDiff{}, err
	}
	d := queue.DiffCatalogs(a, b)
	d.From, d.To = from, to
	return d, nil
}

func (s *Store) versionCatalog(n int) (*queue.Catalog, error) {
	cv, err := s.CatalogVersion(n)
	if err != nil {
		return nil, err
	}
	c, err := queue.ParseCatalog(cv.Body)
	if err != nil {
		return nil, fmt.Errorf("catalog version %d: %w", n, err)
	}
	return c, nil
}

// SaveDraft checks a catalog (queue.ParseCatalog: a fault is Invalid, naming its path)
// and keeps it as a new draft version.
func (s *Store) SaveDraft(ctx context.Context, data []byte, note, staff string) (CatalogVersion, error) {
	note = strings.TrimSpace(note)
	if len([]rune(note)) > queue.MaxReason {
		return CatalogVersion{}, queue.Errorf(queue.Invalid, "note: at most %d characters", queue.MaxReason)
	}
	if _, err := queue.ParseCatalog(data); err != nil {
		return CatalogVersion{}, queue.Errorf(queue.Invalid, "%v", err)
	}
	var cv CatalogVersion
	err := s.exec(ctx, func(tx *Tx) error {
		cv = CatalogVersion{N: nextVersion(tx.btx), State: VersionDraft, Note: note, By: staff, CreatedAt: tx.Now,
			Body: json.RawMessage(bytes.TrimSpace(data))}
		if err := putVersion(tx.btx, cv); err != nil {
			return errStorage{err}
		}
		return nil
	})
	return cv, err
}
