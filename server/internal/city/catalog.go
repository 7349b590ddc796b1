package city

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"onedoor/internal/queue"
)

// ErrNoCatalog says the city has published no catalog yet.
var ErrNoCatalog = errors.New("no catalog published")

// InvalidError is a catalog or an addition that does not check.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

// Addition is what a district publishes for its own centers: items added to the city's
// catalog.
type Addition struct {
	Items []queue.Item `json:"items"`
}

// Publish stores a new version for scope, a center's code: the city's whole catalog,
// or a district's Addition (checked against the city's current catalog). It returns
// the new version.
func (s *Store) Publish(ctx context.Context, scope string, body []byte) (int, error) {
	var level string
	if err := s.pool.QueryRow(ctx, `SELECT level FROM centers WHERE code = $1`, scope).Scan(&level); errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	} else if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	switch level {
	case "city":
		if _, err := queue.ParseCatalog(body); err != nil {
			return 0, &InvalidError{err.Error()}
		}
	case "district":
		if err := s.checkAddition(ctx, scope, body); err != nil {
			return 0, err
		}
	default:
		return 0, &InvalidError{"only the city publishes a catalog, and a district additions to it"}
	}
	var v int
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(4402)`); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) + 1 FROM catalogs WHERE scope = $1`, scope).Scan(&v); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO catalogs (scope, version, body, published) VALUES ($1, $2, $3, $4)`, scope, v, body, s.clock())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("publish %s: %w", scope, err)
	}
	return v, nil
}

// checkAddition checks a district's addition: its shape, and the city's catalog with it.
func (s *Store) checkAddition(ctx context.Context, district string, body []byte) error {
	var a Addition
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return &InvalidError{"addition: " + err.Error()}
	}
	if len(a.Items) == 0 {
		return &InvalidError{"addition: no items"}
	}
	chain, err := s.chain(ctx, district)
	if err != nil {
		return err
	}
	_, _, err = s.merged(ctx, chain, map[string]Addition{district: a})
	return err
}

// chain returns the codes from the root down to code.
func (s *Store) chain(ctx context.Context, code string) ([]string, error) {
	rows, err := s.pool.Query(ctx, `WITH RECURSIVE up(code, parent, depth) AS (
			SELECT code, parent, 0 FROM centers WHERE code = $1
			UNION ALL SELECT c.code, c.parent, up.depth + 1 FROM centers c JOIN up ON c.code = up.parent)
		SELECT code FROM up ORDER BY depth DESC`, code)
	if err != nil {
		return nil, fmt.Errorf("chain of %s: %w", code, err)
	}
	codes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("chain of %s: %w", code, err)
	}
	return codes, nil
}

// merged builds the catalog that applies along chain (root first): the root's newest
// catalog, then each district's newest addition in order, override standing in for
// the stored ones it names. It returns the catalog JSON and its version, e.g.
// "440100@3+440104@1".
func (s *Store) merged(ctx context.Context, chain []string, override map[string]Addition) ([]byte, string, error) {
	v, body, err := s.latest(ctx, chain[0])
	if err != nil {
		return nil, "", err
	}
	if v == 0 {
		if len(override) > 0 {
			return nil, "", &InvalidError{"the city has published no catalog to add to"}
		}
		return nil, "", ErrNoCatalog
	}
	cat, err := queue.ParseCatalog(body)
	if err != nil {
		return nil, "", fmt.Errorf("catalog of %s version %d: %w", chain[0], v, err)
	}
	parts := []string{fmt.Sprintf("%s@%d", chain[0], v)}
	for _, code := range chain[1:] {
		if v, body, err = s.latest(ctx, code); err != nil {
			return nil, "", err
		}
		a, over := override[code]
		switch {
		case over:
			v++
		case v == 0:
			continue
		default:
			if err := json.Unmarshal(body, &a); err != nil {
				return nil, "", fmt.Errorf("addition of %s version %d: %w", code, v, err)
			}
		}
		cat.Items = append(cat.Items, a.Items...)
		parts = append(parts, fmt.Sprintf("%s@%d", code, v))
	}
	out, err := json.Marshal(cat)
	if err != nil {
		return nil, "", fmt.Errorf("merge catalog: %w", err)
	}
	if _, err := queue.ParseCatalog(out); err != nil {
		return nil, "", &InvalidError{"the catalog with the additions: " + err.Error()}
	}
	return out, strings.Join(parts, "+"), nil
}

// latest returns the newest version of scope's catalog or addition; 0 when none.
func (s *Store) latest(ctx context.Context, scope string) (int, []byte, error) {
	var v int
	var body []byte
	err := s.pool.QueryRow(ctx, `SELECT version, body FROM catalogs WHERE scope = $1 ORDER BY version DESC LIMIT 1`, scope).Scan(&v, &body)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, nil
	}
	if err != nil {
		return 0, nil, fmt.Errorf("catalog of %s: %w", scope, err)
	}
	return v, body, nil
}

// CatalogFor returns the catalog that applies to a center and its version.
func (s *Store) CatalogFor(ctx context.Context, center string) ([]byte, string, error) {
	chain, err := s.chain(ctx, center)
	if err != nil {
		return nil, "", err
	}
	if len(chain) == 0 {
		return nil, "", ErrNotFound
	}
	return s.merged(ctx, chain, nil)
}
