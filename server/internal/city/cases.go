package city

import (
	"context"
	"fmt"

	"onedoor/server/internal/upload"
)

// openCase is a case's last state in a batch.
type openCase struct {
	state   string
	overdue bool
}

// foldCases keeps open_cases: each case's last state in the batch, and whether it was
// found overdue; a closed case leaves the table. It queues its statements on q.
func foldCases(q *statements, center string, evs []upload.Event) {
	last := map[string]openCase{}
	for _, e := range evs {
		if e.CaseNo != "" {
			last[e.CaseNo] = openCase{e.CaseState, e.CaseOverdue}
		}
	}
	if len(last) == 0 {
		return
	}
	var keep, kstate, gone []string
	var kover []bool
	for no, c := range last {
		if c.state == "closed" {
			gone = append(gone, no)
			continue
		}
		keep, kstate, kover = append(keep, no), append(kstate, c.state), append(kover, c.overdue)
	}
	q.add("fold cases", `INSERT INTO open_cases (center, case_no, state, overdue)
		SELECT $1, * FROM unnest($2::text[], $3::text[], $4::boolean[])
		ON CONFLICT (center, case_no) DO UPDATE SET state = excluded.state, overdue = open_cases.overdue OR excluded.overdue`,
		center, keep, kstate, kover)
	q.add("fold cases", `DELETE FROM open_cases WHERE center = $1 AND case_no = ANY($2)`, center, gone)
}

// readOverdue fills each center's open cases found overdue.
func (s *Store) readOverdue(ctx context.Context, nodes map[string]*Node) error {
	rows, err := s.pool.Query(ctx, `SELECT center, count(*) FROM open_cases WHERE overdue GROUP BY center`)
	if err != nil {
		return fmt.Errorf("read overdue cases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return fmt.Errorf("read overdue cases: %w", err)
		}
		if node := nodes[c]; node != nil {
			node.Own.Overdue = n
		}
	}
	return rows.Err()
}
