package store

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/crypto/bcrypt"

	"onedoor/internal/queue"
)

// Events of the console's staff administration (store-level, like staff.unlocked).
const (
	StaffDisabled queue.EventType = "staff.disabled"
	StaffPINReset queue.EventType = "staff.pin_reset"
	// StaffRoleSet: Staff is who changed it, Reason "id:role" (the member and the new role).
	StaffRoleSet queue.EventType = "staff.role_set"
)

// SetStaffRole gives a member of staff another of the hall's roles (clerk, supervisor,
// admin) and ends their sessions, whose role was the old one; recorded as staff.role_set
// by by. One's own role (Invalid), an officer's or to officer (Invalid: an officer has
// departments) and the same role again (Conflict) are refused.
func (s *Store) SetStaffRole(ctx context.Context, staffID, role, by string) error {
	if staffID == by {
		return queue.Errorf(queue.Invalid, "one does not change one's own role")
	}
	if role != RoleClerk && role != RoleSupervisor && role != RoleAdmin {
		return queue.Errorf(queue.Invalid, "role must be clerk, supervisor or admin")
	}
	return s.exec(ctx, func(tx *Tx) error {
		st := tx.s.auth.staff[staffID]
		switch {
		case st == nil:
			return queue.Errorf(queue.NotFound, "no staff %q", staffID)
		case st.Role == RoleOfficer:
			return queue.Errorf(queue.Invalid, "%s is a department officer: their role is not changed here", staffID)
		case st.Role == role:
			return queue.Errorf(queue.Conflict, "%s is a %s already", staffID, role)
		}
		st.Role = role
		if err := tx.putStaff(st); err != nil {
			return err
		}
		if err := tx.endSessionsOf(staffID); err != nil {
			return err
		}
		return tx.Emit(queue.Event{Type: StaffRoleSet, At: tx.Now, Center: tx.Hall.Center, Staff: by, Reason: staffID + ":" + role})
	})
}

// DisableStaff refuses every later login of a member of staff and ends their sessions
// at once, recorded as staff.disabled by by. Disabling oneself is refused (Invalid), so
// is an account already disabled (Conflict).
func (s *Store) DisableStaff(ctx context.Context, staffID, by string) error {
	if staffID == by {
		return queue.Errorf(queue.Invalid, "one does not disable oneself")
	}
	return s.exec(ctx, func(tx *Tx) error {
		st := tx.s.auth.staff[staffID]
		if st == nil {
			return queue.Errorf(queue.NotFound, "no staff %q", staffID)
		}
		if st.Disabled {
			return queue.Errorf(queue.Conflict, "%s is already disabled", staffID)
		}
		st.Disabled = true
		if err := tx.putStaff(st); err != nil {
			return err
		}
		if err := tx.endSessionsOf(staffID); err != nil {
			return err
		}
		return tx.Emit(queue.Event{Type: StaffDisabled, At: tx.Now, Center: tx.Hall.Center, Staff: by, Reason: staffID})
	})
}

// ResetPIN gives a member of staff a new PIN (checked by the caller), clears the count
// of wrong PINs and the lock, and ends their sessions, recorded as staff.pin_reset by
// by. A disabled account stays disabled.
func (s *Store) ResetPIN(ctx context.Context, staffID, pin, by string) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("hash pin: %w", err)
	}
	return s.exec(ctx, func(tx *Tx) error {
		st := tx.s.auth.staff[staffID]
		if st == nil {
			return queue.Errorf(queue.NotFound, "no staff %q", staffID)
		}
		st.PINHash, st.Failures, st.LockedUntil = hash, 0, time.Time{}
		if err := tx.putStaff(st); err != nil {
			return err
		}
		if err := tx.endSessionsOf(staffID); err != nil {
			return err
		}
		return tx.Emit(queue.Event{Type: StaffPINReset, At: tx.Now, Center: tx.Hall.Center, Staff: by, Reason: staffID})
	})
}

// StaffRole returns a member of staff's role, and whether the account exists.
func (s *Store) StaffRole(staffID string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, ok := s.auth.staff[staffID]
	if !ok {
		return "", false
	}
	return st.Role, true
}

// endSessionsOf deletes every session token of a member of staff.
func (tx *Tx) endSessionsOf(staffID string) error {
	for h, se := range tx.s.auth.tokens {
		if se.Role != RoleDevice && se.Staff == staffID {
			if err := tx.deleteToken(h); err != nil {
				return err
			}
		}
	}
	return nil
}

// SetWindowCategories sets the categories window n serves (none: all); the answer is
// the window after it.
func (s *Store) SetWindowCategories(ctx context.Context, n int, cats []string, staff string) (queue.Window, error) {
	var w queue.Window
	_, _, err := s.decide(ctx, func(tx *Tx) ([]queue.Event, error) {
		evs, err := tx.Hall.SetWindowCategories(n, cats, staff, tx.Now)
		if err == nil {
			w = *evs[0].Window
		}
		return evs, err
	})
	return w, err
}

// MoveWaiting moves a waiting ticket to an open window or another category (a
// supervisor's ticket.moved); the answer is the ticket after it.
func (s *Store) MoveWaiting(ctx context.Context, id string, toWindow int, toCategory, staff string) (queue.Ticket, error) {
	var t queue.Ticket
	_, _, err := s.decide(ctx, func(tx *Tx) ([]queue.Event, error) {
		evs, err := tx.Hall.MoveWaiting(id, toWindow, toCategory, staff, tx.Now)
		if err == nil {
			t = *evs[0].Ticket
		}
		return evs, err
	})
	return t, err
}
