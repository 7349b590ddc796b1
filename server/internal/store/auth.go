package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/bcrypt"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// Roles a token may carry: the staff roles of the API, and a kiosk's or board's.
const (
	RoleClerk      = wire.RoleClerk
	RoleSupervisor = wire.RoleSupervisor
	RoleAdmin      = wire.RoleAdmin
	RoleOfficer    = wire.RoleOfficer
	RoleDevice     = "device"
)

// Lockout rules for PINs. The lock per address and account (MaxFailures) lives in the
// HTTP layer; the store keeps only the account-wide lock, with a threshold high enough
// that nobody locks a colleague out by a few guesses, and a supervisor can lift either.
const (
	MaxFailures        = 5
	AccountMaxFailures = 50
	LockDuration       = 15 * time.Minute
	StaffTTL           = 12 * time.Hour
	DeviceTTL          = 365 * 24 * time.Hour
)

// Staff is a member of staff as stored: the PIN only as a bcrypt hash.
type Staff struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Role        string    `json:"role"`
	PINHash     []byte    `json:"pin_hash"`
	Failures    int       `json:"failures,omitempty"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	// Depts are the departments an officer decides cases for (department codes).
	Depts []string `json:"depts,omitempty"`
	// Disabled refuses every login of the account (DisableStaff).
	Disabled bool `json:"disabled,omitempty"`
}

// Session is what a bearer token stands for.
type Session struct {
	Staff   string    `json:"staff"` // staff id, or the device name
	Role    string    `json:"role"`
	Window  int       `json:"window,omitempty"`
	Expires time.Time `json:"expires"`
	// Agent marks a staff member's session at a kiosk for 帮办代办: it only issues
	// tickets for citizens, through the kiosk's own request (agent.go).
	Agent bool `json:"agent,omitempty"`
	// Depts are an officer's departments.
	Depts []string `json:"depts,omitempty"`
}

type authState struct {
	staff  map[string]*Staff
	tokens map[[32]byte]*Session
}

func loadAuth(tx *bolt.Tx) (*authState, error) {
	a := &authState{staff: map[string]*Staff{}, tokens: map[[32]byte]*Session{}}
	err := tx.Bucket(bucketStaff).ForEach(func(k, v []byte) error {
		var st Staff
		if err := json.Unmarshal(v, &st); err != nil {
			return fmt.Errorf("load staff %s: %w", k, err)
		}
		a.staff[st.ID] = &st
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tx.Bucket(bucketTokens).ForEach(func(k, v []byte) error {
		var se Session
		if err := json.Unmarshal(v, &se); err != nil || len(k) != 32 {
			return fmt.Errorf("load token: bad record")
		}
		a.tokens[[32]byte(k)] = &se
		return nil
	})
	return a, err
}

func hashToken(token string) [32]byte { return sha256.Sum256([]byte(token)) }

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("new token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Authenticate returns the session of a bearer token, or an Unauthorized error.
func (s *Store) Authenticate(token string) (Session, error) {
	if token == "" {
		return Session{}, queue.Errorf(queue.Unauthorized, "a bearer token is required")
	}
	h := hashToken(token)
	s.mu.RLock()
	se, ok := s.auth.tokens[h]
	var out Session
	if ok {
		out = *se
	}
	s.mu.RUnlock()
	if !ok || !s.opts.Clock().Before(out.Expires) {
		return Session{}, queue.Errorf(queue.Unauthorized, "the token is unknown or expired: log in again")
	}
	return out, nil
}

// CreateStaff adds (or replaces) a member of staff with a PIN.
func (s *Store) CreateStaff(ctx context.Context, id, name, role, pin string) error {
	switch role {
	case RoleClerk, RoleSupervisor, RoleAdmin, RoleOfficer:
	default:
		return queue.Errorf(queue.Invalid, "unknown role %q", role)
	}
	return s.createStaff(ctx, &Staff{ID: id, Name: name, Role: role}, pin)
}

// createStaff stores st with the hash of pin, and records it.
func (s *Store) createStaff(ctx context.Context, st *Staff, pin string) error {
	id, role := st.ID, st.Role
	if id == "" || len(id) > 32 || len(pin) < 4 || len(pin) > 32 {
		return queue.Errorf(queue.Invalid, "staff id must be 1-32 characters and the PIN 4-32")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("hash pin: %w", err)
	}
	st.PINHash = hash
	return s.exec(ctx, func(tx *Tx) error {
		v, _ := json.Marshal(st)
		if err := tx.put(bucketStaff, []byte(id), v); err != nil {
			return err
		}
		tx.s.auth.staff[id] = st
		ev := queue.Event{Type: queue.StaffCreated, At: tx.Now, Center: tx.Hall.Center, Staff: id, Reason: role}
		return tx.Emit(ev)
	})
}

// CreateDeviceToken registers a device (a kiosk) and returns its bearer token.
func (s *Store) CreateDeviceToken(ctx context.Context, name string) (string, error) {
	token, err := newToken()
	if err != nil {
		return "", err
	}
	err = s.exec(ctx, func(tx *Tx) error {
		se := &Session{Staff: name, Role: RoleDevice, Expires: tx.Now.Add(DeviceTTL)}
		h := hashToken(token)
		v, _ := json.Marshal(se)
		if err := tx.put(bucketTokens, h[:], v); err != nil {
			return err
		}
		tx.s.auth.tokens[h] = se
		return tx.Emit(queue.Event{Type: queue.DeviceRegistered, At: tx.Now, Center: tx.Hall.Center, Staff: name})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// dummyHash makes a login for unknown staff cost as much as one for known staff.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a pin"), bcrypt.DefaultCost)

// ErrLoginRefused is the one answer to every refused login: unknown staff, a wrong PIN
// and a locked account look the same, so that nobody learns which accounts exist or
// which are locked.
var ErrLoginRefused = queue.Errorf(queue.Unauthorized, "unknown staff, wrong PIN or too many tries: check them, or ask a supervisor to unlock")

// Login checks a PIN and returns a token for the staff member, bound to a window for
// clerks. A refusal is always ErrLoginRefused and costs the same (a bcrypt comparison,
// against a dummy hash for unknown staff, and a recorded staff.login_failed), whether
// the account is unknown, the PIN wrong, or the login locked: addrLocked says the
// caller's address is locked out of this account, and AccountMaxFailures wrong PINs
// from anywhere lock the account itself for LockDuration. A clerk's login on a window
// that another clerk holds is refused unless takeOver, which ends the other session.
func (s *Store) Login(ctx context.Context, staffID, pin string, window int, takeOver, addrLocked bool) (string, Session, *Staff, error) {
	return s.login(ctx, staffID, pin, window, takeOver, addrLocked, false)
}

func (s *Store) login(ctx context.Context, staffID, pin string, window int, takeOver, addrLocked, agent bool) (string, Session, *Staff, error) {
	s.mu.RLock()
	st, ok := s.auth.staff[staffID]
	hash := dummyHash
	if ok {
		hash = st.PINHash
	}
	s.mu.RUnlock()
	pinOK := bcrypt.CompareHashAndPassword(hash, []byte(pin)) == nil && ok
	token, err := newToken()
	if err != nil {
		return "", Session{}, nil, err
	}
	var out Session
	var outStaff Staff
	refused := false
	err = s.exec(ctx, func(tx *Tx) error {
		st := tx.s.auth.staff[staffID]
		if st != nil && st.Disabled {
			refused = true
			return tx.refuseLogin(staffID, nil, false)
		}
		if st == nil || !pinOK || addrLocked || tx.Now.Before(st.LockedUntil) {
			refused = true
			return tx.refuseLogin(staffID, st, pinOK)
		}
		if st.Role == RoleClerk && window == 0 && !agent {
			return queue.Errorf(queue.Invalid, "a clerk logs in to a window: give its number")
		}
		if err := tx.claimWindow(staffID, window, takeOver); err != nil {
			return err
		}
		if err := tx.leaveOtherWindows(staffID, window, agent); err != nil {
			return err
		}
		se, err := tx.startSession(st, window, token, agent)
		if err != nil {
			return err
		}
		out, outStaff = *se, *st
		return nil
	})
	if err == nil && refused {
		err = ErrLoginRefused
	}
	if err != nil {
		return "", Session{}, nil, err
	}
	return token, out, &outStaff, nil
}

// refuseLogin records a refused login: a wrong PIN counts against the account, and
// AccountMaxFailures of them lock it for LockDuration.
func (tx *Tx) refuseLogin(staffID string, st *Staff, pinOK bool) error {
	ev := queue.Event{Type: queue.StaffLoginFailed, At: tx.Now, Center: tx.Hall.Center, Staff: staffID}
	if st != nil && !pinOK {
		st.Failures++
		if st.Failures >= AccountMaxFailures {
			st.LockedUntil = tx.Now.Add(LockDuration)
			st.Failures = 0
			ev.Reason = "account locked"
		}
		if err := tx.putStaff(st); err != nil {
			return err
		}
	}
	return tx.Emit(ev)
}

// claimWindow checks that the window exists and that no other member of staff holds
// it, or, with takeOver, ends the other's session. Window 0 (no window) always passes.
func (tx *Tx) claimWindow(staffID string, window int, takeOver bool) error {
	if window == 0 {
		return nil
	}
	if _, ok := tx.Hall.Windows[window]; !ok {
		return queue.Errorf(queue.NotFound, "no window %d", window)
	}
	for h, se := range tx.s.auth.tokens {
		if se.Window == window && se.Role != RoleDevice && tx.Now.Before(se.Expires) && se.Staff != staffID {
			if !takeOver {
				return queue.Errorf(queue.Conflict, "window %d is held by %s: log in with take_over to replace that session", window, se.Staff)
			}
			if err := tx.deleteToken(h); err != nil {
				return err
			}
		}
	}
	return nil
}

// leaveOtherWindows ends staffID's sessions at windows other than window (a clerk holds
// one window at a time), records each as a logout saying why, and clears the clerk from
// the window left as the domain decides (queue.Hall.LeaveWindow). An agent's login at a
// kiosk and a login with no window leave the others alone.
func (tx *Tx) leaveOtherWindows(staffID string, window int, agent bool) error {
	if window == 0 || agent {
		return nil
	}
	for h, se := range tx.s.auth.tokens {
		if se.Staff != staffID || se.Role == RoleDevice || se.Agent || se.Window == 0 || se.Window == window {
			continue
		}
		old := se.Window
		if err := tx.deleteToken(h); err != nil {
			return err
		}
		reason := fmt.Sprintf("logged in at window %d (一人一窗)", window)
		if err := tx.Emit(queue.Event{Type: queue.StaffLoggedOut, At: tx.Now, Center: tx.Hall.Center, Staff: staffID, Reason: reason}); err != nil {
			return err
		}
		if err := tx.Emit(tx.Hall.LeaveWindow(old, staffID, window, tx.Now)...); err != nil {
			return err
		}
	}
	return nil
}

// startSession stores the session of token for st at window, clears st's failures and
// records the login. An agent's session (a kiosk's 帮办代办) has no window and lasts
// AgentTTL.
func (tx *Tx) startSession(st *Staff, window int, token string, agent bool) (*Session, error) {
	st.Failures = 0
	if err := tx.putStaff(st); err != nil {
		return nil, err
	}
	se := &Session{Staff: st.ID, Role: st.Role, Window: window, Expires: tx.Now.Add(StaffTTL), Depts: st.Depts}
	if agent {
		se.Agent, se.Window, se.Expires = true, 0, tx.Now.Add(AgentTTL)
	}
	h := hashToken(token)
	v, _ := json.Marshal(se)
	if err := tx.put(bucketTokens, h[:], v); err != nil {
		return nil, err
	}
	tx.s.auth.tokens[h] = se
	ev := queue.Event{Type: queue.StaffLoggedIn, At: tx.Now, Center: tx.Hall.Center, Staff: st.ID}
	if agent {
		ev.Reason = "agent at a kiosk"
	}
	if window != 0 {
		ev.Window = copyWin(tx.Hall.Windows[window]) // unchanged: events carry whole snapshots
	}
	return se, tx.Emit(ev)
}

// Logout ends the session of a token.
func (s *Store) Logout(ctx context.Context, token string) error {
	h := hashToken(token)
	return s.exec(ctx, func(tx *Tx) error {
		se, ok := tx.s.auth.tokens[h]
		if !ok {
			return queue.Errorf(queue.Unauthorized, "the token is unknown")
		}
		if err := tx.deleteToken(h); err != nil {
			return err
		}
		return tx.Emit(queue.Event{Type: queue.StaffLoggedOut, At: tx.Now, Center: tx.Hall.Center, Staff: se.Staff})
	})
}

func (tx *Tx) putStaff(st *Staff) error {
	v, err := json.Marshal(st)
	if err != nil {
		return errStorage{err}
	}
	return tx.put(bucketStaff, []byte(st.ID), v)
}

func (tx *Tx) deleteToken(h [32]byte) error {
	if err := tx.btx.Bucket(bucketTokens).Delete(h[:]); err != nil {
		return errStorage{fmt.Errorf("delete token: %w", err)}
	}
	delete(tx.s.auth.tokens, h)
	return nil
}

// EnsureStaff creates a member of staff unless one with that id exists.
func (s *Store) EnsureStaff(ctx context.Context, id, name, role, pin string) error {
	s.mu.RLock()
	_, ok := s.auth.staff[id]
	s.mu.RUnlock()
	if ok {
		return nil
	}
	return s.CreateStaff(ctx, id, name, role, pin)
}
