package store

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"onedoor/internal/queue"
)

// RoleDepartment is the role of a department token: a department's own approval system
// acting on that department's cases over the v1 API.
const RoleDepartment = "department"

// DeptTokenTTL is how long a department token works.
const DeptTokenTTL = DeviceTTL

// DeptTokenPrefix starts the session name of every department token, so that its
// actions in the audit trail are told apart from a person's.
const DeptTokenPrefix = "dept:"

// CreateDeptToken issues a bearer token for department dept's own system, named name
// (its actions are recorded as "dept:NAME"). It is shown once: the store keeps only its
// hash, like a device's. by is the admin or supervisor who issued it.
func (s *Store) CreateDeptToken(ctx context.Context, name, dept, by string) (string, error) {
	if d, ok := s.Catalog().Department(dept); !ok || d.Code != dept {
		return "", queue.Errorf(queue.Invalid, "no department with code %q", dept)
	}
	token, err := newToken()
	if err != nil {
		return "", err
	}
	err = s.exec(ctx, func(tx *Tx) error {
		se := &Session{Staff: DeptTokenPrefix + name, Role: RoleDepartment, Expires: tx.Now.Add(DeptTokenTTL), Depts: []string{dept}}
		h := hashToken(token)
		v, _ := json.Marshal(se)
		if err := tx.put(bucketTokens, h[:], v); err != nil {
			return err
		}
		tx.s.auth.tokens[h] = se
		return tx.Emit(queue.Event{Type: queue.DeviceRegistered, At: tx.Now, Center: tx.Hall.Center, Staff: by,
			Reason: "department token " + DeptTokenPrefix + name + " for " + dept})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// IsDeptToken reports whether a session name is a department token's.
func IsDeptToken(staff string) bool { return strings.HasPrefix(staff, DeptTokenPrefix) }

// DeptTokenInfo is a department token as supervisors see it: never the token.
type DeptTokenInfo struct {
	Name    string    `json:"name"`
	Dept    string    `json:"dept"`
	Expires time.Time `json:"expires"`
}

// DeptTokens lists the live department tokens by name.
func (s *Store) DeptTokens() []DeptTokenInfo {
	now := s.opts.Clock()
	var out []DeptTokenInfo
	s.mu.RLock()
	for _, se := range s.auth.tokens {
		if se.Role == RoleDepartment && now.Before(se.Expires) && len(se.Depts) == 1 {
			out = append(out, DeptTokenInfo{Name: strings.TrimPrefix(se.Staff, DeptTokenPrefix), Dept: se.Depts[0], Expires: se.Expires})
		}
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// RevokeDeptToken ends every token of the department system name, recorded as
// device.revoked by by; it returns how many. None is NotFound.
func (s *Store) RevokeDeptToken(ctx context.Context, name, by string) (int, error) {
	n := 0
	err := s.exec(ctx, func(tx *Tx) error {
		n = 0
		for h, se := range tx.s.auth.tokens {
			if se.Role == RoleDepartment && se.Staff == DeptTokenPrefix+name {
				if err := tx.deleteToken(h); err != nil {
					return err
				}
				n++
			}
		}
		if n == 0 {
			return queue.Errorf(queue.NotFound, "no department token %q", name)
		}
		return tx.Emit(queue.Event{Type: DeviceRevoked, At: tx.Now, Center: tx.Hall.Center, Staff: by, Reason: DeptTokenPrefix + name})
	})
	return n, err
}
