package store

import (
	"context"
	"sort"
	"time"

	"onedoor/internal/queue"
)

// Events of the supervisors' access controls. Their Staff is who acted and their
// Reason whom it concerned (the staff id unlocked, the device name revoked).
const (
	StaffUnlocked queue.EventType = "staff.unlocked"
	DeviceRevoked queue.EventType = "device.revoked"
)

// Unlock lifts the account-wide lock of a member of staff and clears its count of
// wrong PINs, recorded as staff.unlocked by the supervisor by.
func (s *Store) Unlock(ctx context.Context, staffID, by string) error {
	return s.exec(ctx, func(tx *Tx) error {
		st := tx.s.auth.staff[staffID]
		if st == nil {
			return queue.Errorf(queue.NotFound, "no staff %q", staffID)
		}
		st.Failures, st.LockedUntil = 0, time.Time{}
		if err := tx.putStaff(st); err != nil {
			return err
		}
		return tx.Emit(queue.Event{Type: StaffUnlocked, At: tx.Now, Center: tx.Hall.Center, Staff: by, Reason: staffID})
	})
}

// DeviceInfo is a registered device as supervisors see it: never its token.
type DeviceInfo struct {
	Name string `json:"name"`
	// Tokens is how many live tokens the device has.
	Tokens  int       `json:"tokens"`
	Expires time.Time `json:"expires"` // the latest of them
	// Status is the device's last report per part since the server started, LastSeen
	// the latest of them.
	Status   []DeviceLast `json:"status,omitempty"`
	LastSeen time.Time    `json:"last_seen,omitzero"`
}

// Devices lists the devices with a live token, by name.
func (s *Store) Devices() []DeviceInfo {
	now := s.opts.Clock()
	byName := map[string]*DeviceInfo{}
	s.mu.RLock()
	for _, se := range s.auth.tokens {
		if se.Role != RoleDevice || !now.Before(se.Expires) {
			continue
		}
		d := byName[se.Staff]
		if d == nil {
			d = &DeviceInfo{Name: se.Staff}
			byName[se.Staff] = d
		}
		d.Tokens++
		if se.Expires.After(d.Expires) {
			d.Expires = se.Expires
		}
	}
	s.mu.RUnlock()
	out := make([]DeviceInfo, 0, len(byName))
	for _, d := range byName {
		d.Status, d.LastSeen = s.seen.of(d.Name)
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// RevokeDevice ends every token of the device name, recorded as device.revoked by the
// supervisor by; it returns how many there were (a device with none is not found).
func (s *Store) RevokeDevice(ctx context.Context, name, by string) (int, error) {
	n := 0
	err := s.exec(ctx, func(tx *Tx) error {
		n = 0
		for h, se := range tx.s.auth.tokens {
			if se.Role == RoleDevice && se.Staff == name {
				if err := tx.deleteToken(h); err != nil {
					return err
				}
				n++
			}
		}
		if n == 0 {
			return queue.Errorf(queue.NotFound, "no device %q with a token", name)
		}
		return tx.Emit(queue.Event{Type: DeviceRevoked, At: tx.Now, Center: tx.Hall.Center, Staff: by, Reason: name})
	})
	return n, err
}
