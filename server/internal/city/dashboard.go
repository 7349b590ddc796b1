package city

import (
	"context"
	"fmt"
	"time"
)

// Figures are a center's (or a whole subtree's) figures of today, read from the
// aggregates and the live tickets, never from the events.
type Figures struct {
	Waiting int `json:"waiting"`         // waiting now
	Longest int `json:"longest_wait_s"`  // the longest wait of those waiting now, seconds
	Today   int `json:"tickets_today"`   // tickets issued today
	Served  int `json:"served_today"`    // visits finished today
	MeanS   int `json:"mean_wait_s"`     // mean wait to the first call, today
	Centers int `json:"centers"`         // centers counted
	Stale   int `json:"stale"`           // centers not heard from within the stale limit
	AgeS    int `json:"oldest_upload_s"` // the oldest last upload of the centers, seconds ago; -1 never
	Rated   int `json:"rated_today"`     // 好差评 evaluations today
	Good    int `json:"rated_good"`      // of them 满意 or better (level ≥ 4)
	Bad     int `json:"rated_bad"`       // of them 不满意 or worse (level ≤ 2)
	Overdue int `json:"cases_overdue"`   // open cases found past their promised date
	waitN   int
	waitSum int64
}

// Node is a center with its subtree's figures (Own: its own hall's alone).
type Node struct {
	Center
	Own      Figures `json:"own"`
	Total    Figures `json:"total"`
	Children []*Node `json:"children,omitempty"`
	parent   *Node
	lastSeen *time.Time
}

// View is one dashboard page: a center, the path down to it, its children.
type View struct {
	Node *Node    `json:"center"`
	Path []Center `json:"path"`
	At   time.Time
}

// Dashboard reads the whole tree's figures for today (midnight in loc on) and returns
// the view of center code. A center not heard from within stale counts as stale.
func (s *Store) Dashboard(ctx context.Context, code string, loc *time.Location, stale time.Duration) (*View, error) {
	now := s.clock()
	y, m, d := now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	nodes, err := s.tree(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.readFigures(ctx, nodes, today, now); err != nil {
		return nil, err
	}
	if err := s.readOverdue(ctx, nodes); err != nil {
		return nil, err
	}
	n := nodes[code]
	if n == nil {
		return nil, ErrNotFound
	}
	for _, c := range nodes {
		if c.parent == nil {
			total(c, now, stale)
		}
	}
	v := &View{Node: n, At: now.In(loc)}
	for p := n.parent; p != nil; p = p.parent {
		v.Path = append([]Center{p.Center}, v.Path...)
	}
	return v, nil
}

// tree reads every center and links each to its parent.
func (s *Store) tree(ctx context.Context) (map[string]*Node, error) {
	rows, err := s.pool.Query(ctx, `SELECT code, name, level, coalesce(parent, ''), last_seen FROM centers ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("read tree: %w", err)
	}
	defer rows.Close()
	nodes := map[string]*Node{}
	var order []*Node
	for rows.Next() {
		n := &Node{}
		if err := rows.Scan(&n.Code, &n.Name, &n.Level, &n.Parent, &n.lastSeen); err != nil {
			return nil, fmt.Errorf("read tree: %w", err)
		}
		nodes[n.Code] = n
		order = append(order, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read tree: %w", err)
	}
	for _, n := range order {
		if p := nodes[n.Parent]; p != nil {
			n.parent = p
			p.Children = append(p.Children, n)
		}
	}
	return nodes, nil
}

// readFigures fills each center's own figures from the aggregates since today.
func (s *Store) readFigures(ctx context.Context, nodes map[string]*Node, today, now time.Time) error {
	rows, err := s.pool.Query(ctx, `SELECT center, sum(issued), sum(served), sum(wait_n), sum(wait_sum_s), sum(rated), sum(rated_good), sum(rated_bad)
		FROM hourly WHERE hour >= $1 GROUP BY center`, today)
	if err != nil {
		return fmt.Errorf("read hourly: %w", err)
	}
	for rows.Next() {
		var c string
		var f Figures
		if err := rows.Scan(&c, &f.Today, &f.Served, &f.waitN, &f.waitSum, &f.Rated, &f.Good, &f.Bad); err != nil {
			rows.Close()
			return fmt.Errorf("read hourly: %w", err)
		}
		if n := nodes[c]; n != nil {
			n.Own = f
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read hourly: %w", err)
	}
	rows, err = s.pool.Query(ctx, `SELECT center, count(*), min(issued_at) FROM live_tickets WHERE state = 'waiting' AND issued_at >= $1 GROUP BY center`, today)
	if err != nil {
		return fmt.Errorf("read waiting: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var n int
		var oldest time.Time
		if err := rows.Scan(&c, &n, &oldest); err != nil {
			return fmt.Errorf("read waiting: %w", err)
		}
		if node := nodes[c]; node != nil {
			node.Own.Waiting, node.Own.Longest = n, max(0, int(now.Sub(oldest)/time.Second))
		}
	}
	return rows.Err()
}

// total sums a subtree's figures into each node's Total, depth first.
func total(n *Node, now time.Time, stale time.Duration) Figures {
	f := n.Own
	f.Centers, f.AgeS = 1, -1
	if n.lastSeen != nil {
		f.AgeS = max(0, int(now.Sub(*n.lastSeen)/time.Second))
	}
	if n.lastSeen == nil || now.Sub(*n.lastSeen) > stale {
		f.Stale = 1
	}
	n.Own.Centers, n.Own.Stale, n.Own.AgeS = 1, f.Stale, f.AgeS
	n.Own.MeanS = mean(n.Own)
	for _, c := range n.Children {
		cf := total(c, now, stale)
		f.Waiting, f.Today, f.Served = f.Waiting+cf.Waiting, f.Today+cf.Today, f.Served+cf.Served
		f.Longest = max(f.Longest, cf.Longest)
		f.waitN, f.waitSum = f.waitN+cf.waitN, f.waitSum+cf.waitSum
		f.Rated, f.Good, f.Bad, f.Overdue = f.Rated+cf.Rated, f.Good+cf.Good, f.Bad+cf.Bad, f.Overdue+cf.Overdue
		f.Centers, f.Stale = f.Centers+cf.Centers, f.Stale+cf.Stale
		if cf.AgeS < 0 || f.AgeS >= 0 && cf.AgeS > f.AgeS {
			f.AgeS = cf.AgeS
		}
	}
	f.MeanS = mean(f)
	n.Total = f
	return f
}

// GoodRate is the share of today's evaluations that are 满意 or better, as "93%", or
// "–" with none.
func (f Figures) GoodRate() string {
	if f.Rated == 0 {
		return "–"
	}
	return fmt.Sprintf("%d%%", f.Good*100/f.Rated)
}

func mean(f Figures) int {
	if f.waitN == 0 {
		return 0
	}
	return int(f.waitSum / int64(f.waitN))
}
