package store

import (
	"context"
	"sort"

	"onedoor/internal/queue"
)

// StaffInfo is a member of staff as admins see them: never the PIN's hash.
type StaffInfo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Locked bool   `json:"locked,omitempty"`
	// Disabled: the account may no longer log in.
	Disabled bool `json:"disabled,omitempty"`
}

// AddStaff creates a new member of staff, refusing (Conflict) an id already in use;
// the caller has checked the PIN's strength (queue.CheckPIN).
func (s *Store) AddStaff(ctx context.Context, id, name, role, pin string) error {
	s.mu.RLock()
	_, ok := s.auth.staff[id]
	s.mu.RUnlock()
	if ok {
		return queue.Errorf(queue.Conflict, "staff %q already exists", id)
	}
	return s.CreateStaff(ctx, id, name, role, pin)
}

// AddOfficer adds a department officer, who decides the cases of depts.
func (s *Store) AddOfficer(ctx context.Context, id, name, pin string, depts []string) error {
	s.mu.RLock()
	_, ok := s.auth.staff[id]
	s.mu.RUnlock()
	if ok {
		return queue.Errorf(queue.Conflict, "staff %q already exists", id)
	}
	if len(depts) == 0 {
		return queue.Errorf(queue.Invalid, "an officer decides for at least one department")
	}
	for _, d := range depts {
		if _, ok := s.opts.Catalog.Department(d); !ok {
			return queue.Errorf(queue.Invalid, "no department %q in the catalog", d)
		}
	}
	return s.createStaff(ctx, &Staff{ID: id, Name: name, Role: RoleOfficer, Depts: depts}, pin)
}

// EnsureOfficer adds the officer unless an account with the id exists (the demo's).
func (s *Store) EnsureOfficer(ctx context.Context, id, name, pin string, depts []string) error {
	s.mu.RLock()
	_, ok := s.auth.staff[id]
	s.mu.RUnlock()
	if ok {
		return nil
	}
	return s.AddOfficer(ctx, id, name, pin, depts)
}

// StaffList returns every member of staff, by id.
func (s *Store) StaffList() []StaffInfo {
	now := s.opts.Clock()
	s.mu.RLock()
	out := make([]StaffInfo, 0, len(s.auth.staff))
	for _, st := range s.auth.staff {
		out = append(out, StaffInfo{ID: st.ID, Name: st.Name, Role: st.Role, Locked: now.Before(st.LockedUntil), Disabled: st.Disabled})
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// StaffName returns the display name of a member of staff (what documents print), or
// the id itself when the account has no name or does not exist.
func (s *Store) StaffName(id string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if st, ok := s.auth.staff[id]; ok && st.Name != "" {
		return st.Name
	}
	return id
}

// StaffCount is how many members of staff exist; none means the hall is not set up.
func (s *Store) StaffCount() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.auth.staff)
}
