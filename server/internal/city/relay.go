package city

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"onedoor/internal/queue"
)

// The relay of cross-level cases (跨层级、异地通办, see queue.RelayMsg): a center puts a
// message addressed to another center; the city keeps it keyed by its stream and seq
// (case, dept, hop, seq: each relayed sub-case a stream of its own), so a retry never
// stores it twice and a message past a gap is refused; the addressee pulls
// the messages it has not acknowledged, oldest first, applies each once (its own store
// admits them by queue.AdmitRelay) and acknowledges them. A message stays until
// acknowledged, so a restart of either side or of the city tier loses none.

// ErrForeignRelay says a center sent a message in another center's name, or on a hop
// another center owns.
var ErrForeignRelay = errors.New("the relay message is another center's")

// ErrNoRelayOut says a decision came back for a sub-case never relayed to its sender.
var ErrNoRelayOut = errors.New("no such sub-case was relayed to this center")

// RelayGapError says a message's seq is past the last one held plus one.
type RelayGapError struct{ Last uint64 }

func (e *RelayGapError) Error() string {
	return fmt.Sprintf("relay seq is past %d: send from %d", e.Last, e.Last+1)
}

// PutRelay stores a checked message sent by center sender, once, and returns the last
// seq held for its stream (case, dept, hop).
func (s *Store) PutRelay(ctx context.Context, sender string, m *queue.RelayMsg) (uint64, error) {
	if m.From != sender {
		return 0, ErrForeignRelay
	}
	body, err := json.Marshal(m)
	if err != nil {
		return 0, fmt.Errorf("put relay: %w", err)
	}
	var last uint64
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// one lock per (case, hop), not per stream: the out hop's owner is checked per case
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, m.Case+"/"+string(m.Hop)); err != nil {
			return err
		}
		if err := s.relayOwner(ctx, tx, m); err != nil {
			return err
		}
		var l int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM relay WHERE case_no = $1 AND dept = $2 AND hop = $3`,
			m.Case, m.Dept, string(m.Hop)).Scan(&l); err != nil {
			return err
		}
		last = uint64(l)
		switch queue.AdmitRelay(last, m.Seq) {
		case queue.RelayDuplicate:
			return nil
		case queue.RelayGap:
			return &RelayGapError{Last: last}
		}
		var known bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM centers WHERE code = $1)`, m.To).Scan(&known); err != nil {
			return err
		}
		if !known {
			return ErrNotFound
		}
		last = m.Seq
		_, err := tx.Exec(ctx, `INSERT INTO relay (case_no, hop, seq, from_center, to_center, dept, body, stored_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, m.Case, string(m.Hop), int64(m.Seq), m.From, m.To, m.Dept, body, s.clock())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("put relay %s/%s/%s/%d: %w", m.Case, m.Dept, m.Hop, m.Seq, err)
	}
	return last, nil
}

// relayOwner checks that the sender may send on the message's stream: the first sender
// of a case's outbound hop owns every outbound stream of the case (it accepted the
// case); only the center a sub-case went to may answer back on its stream.
func (s *Store) relayOwner(ctx context.Context, tx pgx.Tx, m *queue.RelayMsg) error {
	if m.Hop != queue.HopBack {
		var from string
		err := tx.QueryRow(ctx, `SELECT from_center FROM relay WHERE case_no = $1 AND hop = 'out' LIMIT 1`, m.Case).Scan(&from)
		switch {
		case err == nil && from != m.From:
			return ErrForeignRelay
		case err != nil && !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		return nil
	}
	var out bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM relay WHERE case_no = $1 AND hop = 'out'
		AND from_center = $2 AND to_center = $3 AND dept = $4)`, m.Case, m.To, m.From, m.Dept).Scan(&out); err != nil {
		return err
	}
	if !out { // another center's sub-case is ErrNoRelayOut too: it was not relayed to the sender
		return ErrNoRelayOut
	}
	return nil
}

// PendingRelay returns up to limit messages of hop ("" for both) addressed to center
// and not acknowledged yet, in the order they were stored (so each hop's in seq order).
func (s *Store) PendingRelay(ctx context.Context, center string, hop queue.RelayHop, limit int) ([]queue.RelayMsg, error) {
	rows, err := s.pool.Query(ctx, `SELECT body FROM relay WHERE to_center = $1 AND taken_at IS NULL AND ($3 = '' OR hop = $3)
		ORDER BY id LIMIT $2`, center, limit, string(hop))
	if err != nil {
		return nil, fmt.Errorf("pending relay of %s: %w", center, err)
	}
	defer rows.Close()
	out := []queue.RelayMsg{}
	for rows.Next() {
		var b []byte
		var m queue.RelayMsg
		if err := rows.Scan(&b); err != nil {
			return nil, fmt.Errorf("pending relay of %s: %w", center, err)
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("pending relay of %s: %w", center, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// AckRelay marks the messages of stream st up to seq addressed to center as taken.
// Acknowledging again is no error; a message that is not the center's is ErrNotFound.
func (s *Store) AckRelay(ctx context.Context, center string, st queue.RelayStream, seq uint64) error {
	var held bool
	err := s.pool.QueryRow(ctx, `WITH done AS (UPDATE relay SET taken_at = $6 WHERE to_center = $1 AND case_no = $2 AND dept = $3
		AND hop = $4 AND seq <= $5 AND taken_at IS NULL RETURNING 1)
		SELECT EXISTS (SELECT 1 FROM relay WHERE to_center = $1 AND case_no = $2 AND dept = $3 AND hop = $4 AND seq = $5)`,
		center, st.Case, st.Dept, string(st.Hop), int64(seq), s.clock()).Scan(&held)
	if err != nil {
		return fmt.Errorf("ack relay %s/%s/%s/%d: %w", st.Case, st.Dept, st.Hop, seq, err)
	}
	if !held {
		return ErrNotFound
	}
	return nil
}
