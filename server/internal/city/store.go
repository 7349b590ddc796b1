// Package city is the city tier: the center tree, the upload API that takes each
// center's events exactly once into PostgreSQL, the aggregates kept as batches arrive,
// and the dashboards read from them. It keeps no state of its own beside PostgreSQL,
// so several can run behind a load balancer. The program is server/cmd/city.
package city

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"onedoor/server/internal/upload"
)

// The levels of the tree, top down.
var levels = []string{"city", "district", "street", "community"}

// ErrBadToken says no center has the token given.
var ErrBadToken = errors.New("unknown center token")

// ErrNotFound says no center has the code given.
var ErrNotFound = errors.New("no such center")

// GapError says a batch starts after the city's mark: events in between are missing.
type GapError struct{ Mark uint64 }

func (e *GapError) Error() string {
	return fmt.Sprintf("batch starts after the mark %d: send from there", e.Mark)
}

// Store is the city's PostgreSQL.
type Store struct {
	pool  *pgxpool.Pool
	clock func() time.Time
}

// Open connects to url (a multi-host URL with target_session_attrs=read-write follows
// a promoted standby) and applies the migrations.
func Open(ctx context.Context, url string, clock func() time.Time) (*Store, error) {
	if clock == nil {
		clock = time.Now
	}
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("open city db: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open city db: %w", err)
	}
	return &Store{pool: pool, clock: clock}, nil
}

// Close closes the connections.
func (s *Store) Close() { s.pool.Close() }

// Center is one node of the tree.
type Center struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Level  string `json:"level"`
	Parent string `json:"parent,omitempty"`
}

// AddCenter adds a center (its parent first) and returns its new upload token, which
// is stored only hashed. Adding it again gives it a new token.
func (s *Store) AddCenter(ctx context.Context, c Center) (string, error) {
	if err := checkCenter(c); err != nil {
		return "", err
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("add center: %w", err)
	}
	token := hex.EncodeToString(raw)
	var parent *string
	if c.Parent != "" {
		parent = &c.Parent
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO centers (code, name, level, parent, token_hash) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent, token_hash = excluded.token_hash`,
		c.Code, c.Name, c.Level, parent, hashToken(token))
	if err != nil {
		return "", fmt.Errorf("add center %s: %w", c.Code, err)
	}
	return token, nil
}

// PutCenter adds or changes a center as an admin asks: its parent must be in the tree
// one level or more above it, and only a city stands without one. It returns the new
// token.
func (s *Store) PutCenter(ctx context.Context, c Center) (string, error) {
	if err := checkCenter(c); err != nil {
		return "", &InvalidError{err.Error()}
	}
	var n int // of its children's levels the highest up, counted from 1; 0 without children
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(min(array_position($2::text[], level)), 0)
		FROM centers WHERE parent = $1`, c.Code, levels).Scan(&n); err != nil {
		return "", fmt.Errorf("put center %s: %w", c.Code, err)
	}
	if n > 0 && n-1 <= levelIndex(c.Level) {
		return "", &InvalidError{fmt.Sprintf("center %s has %s centers below it: it cannot be a %s one", c.Code, levels[n-1], c.Level)}
	}
	if c.Parent == "" {
		if c.Level != "city" {
			return "", &InvalidError{"only a city center stands without a parent"}
		}
		return s.AddCenter(ctx, c)
	}
	var parentLevel string
	err := s.pool.QueryRow(ctx, `SELECT level FROM centers WHERE code = $1`, c.Parent).Scan(&parentLevel)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", &InvalidError{"parent " + c.Parent + " is not in the tree"}
	}
	if err != nil {
		return "", fmt.Errorf("put center %s: %w", c.Code, err)
	}
	if levelIndex(parentLevel) >= levelIndex(c.Level) || c.Parent == c.Code {
		return "", &InvalidError{fmt.Sprintf("a %s center cannot stand below a %s one", c.Level, parentLevel)}
	}
	return s.AddCenter(ctx, c)
}

func levelIndex(l string) int {
	for i, x := range levels {
		if x == l {
			return i
		}
	}
	return -1
}

func checkCenter(c Center) error {
	if c.Code == "" || len(c.Code) > 64 || c.Name == "" || len(c.Name) > 200 {
		return errors.New("center: a code (≤ 64) and a name (≤ 200) are required")
	}
	for _, l := range levels {
		if c.Level == l {
			return nil
		}
	}
	return fmt.Errorf("center %s: level %q is not one of %v", c.Code, c.Level, levels)
}

func hashToken(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}

// CenterOf returns the code of the center holding token.
func (s *Store) CenterOf(ctx context.Context, token string) (string, error) {
	var code string
	err := s.pool.QueryRow(ctx, `SELECT code FROM centers WHERE token_hash = $1`, hashToken(token)).Scan(&code)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrBadToken
	}
	if err != nil {
		return "", fmt.Errorf("center of token: %w", err)
	}
	return code, nil
}

// Mark returns the seq of the center's last event held, and notes that it was heard from.
func (s *Store) Mark(ctx context.Context, center string) (uint64, error) {
	var mark int64
	err := s.pool.QueryRow(ctx, `UPDATE centers SET last_seen = $2 WHERE code = $1 RETURNING mark`, center, s.clock()).Scan(&mark)
	if err != nil {
		return 0, fmt.Errorf("mark of %s: %w", center, err)
	}
	return uint64(mark), nil
}

// Ingest stores a checked batch in one transaction: the events after the center's mark
// (those at or below it are a retry's and are skipped) by a binary COPY, the aggregates
// they change and the new mark, these in one round trip; it returns the mark. A batch starting after the mark is a *GapError.
func (s *Store) Ingest(ctx context.Context, b *upload.Batch) (uint64, error) {
	var mark uint64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var m int64
		if err := tx.QueryRow(ctx, `SELECT mark FROM centers WHERE code = $1 FOR UPDATE`, b.Center).Scan(&m); err != nil {
			return fmt.Errorf("lock center %s: %w", b.Center, err)
		}
		mark = uint64(m)
		if b.After > mark {
			return &GapError{Mark: mark}
		}
		fresh := b.Events
		for len(fresh) > 0 && fresh[0].Seq <= mark {
			fresh = fresh[1:]
		}
		var q statements
		if len(fresh) > 0 {
			if err := copyEvents(ctx, tx, b.Center, fresh); err != nil {
				return err
			}
			fold(&q, b.Center, fresh)
			foldCases(&q, b.Center, fresh)
			mark = fresh[len(fresh)-1].Seq
		}
		q.add("set the mark", `UPDATE centers SET mark = $2, last_seen = $3 WHERE code = $1`, b.Center, int64(mark), s.clock())
		return q.send(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("ingest %s: %w", b.Center, err)
	}
	return mark, nil
}
