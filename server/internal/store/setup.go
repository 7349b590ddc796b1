package store

import (
	"context"
	"crypto/subtle"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/crypto/bcrypt"

	"onedoor/internal/queue"
)

// SetupFile is the name, in the data folder, of the file holding the first-run setup
// token (mode 0600); it is removed once the first admin exists.
const SetupFile = "setup.token"

// SetupTTL is how long a setup token works if nobody uses it.
const SetupTTL = 24 * time.Hour

// setupToken is the first-run setup token's hash and expiry; zero when none.
type setupToken struct {
	hash    [32]byte
	expires time.Time
}

// BeginSetup makes a new one-time setup token when the hall has no staff: it replaces
// any earlier one, writes it to SetupFile in the data folder (0600), and returns it,
// the file's path and when it expires. With staff already present it returns "".
func (s *Store) BeginSetup(ctx context.Context) (token, path string, expires time.Time, err error) {
	if s.StaffCount() > 0 || s.opts.ReadOnly {
		return "", "", time.Time{}, nil
	}
	if token, err = newToken(); err != nil {
		return "", "", time.Time{}, err
	}
	path = filepath.Join(s.opts.Dir, SetupFile)
	expires = s.opts.Clock().Add(SetupTTL)
	if err := writeSecret(path, token+"\n"); err != nil {
		return "", "", time.Time{}, err
	}
	s.mu.Lock()
	s.setup = setupToken{hash: hashToken(token), expires: expires}
	s.mu.Unlock()
	return token, path, expires, nil
}

// writeSecret writes data to a file only its owner can read, replacing any old one,
// durably (WriteFileDurable).
func writeSecret(path, data string) error {
	return WriteFileDurable(path, []byte(data), 0o600)
}

// errSetupRefused is the one answer to a wrong, used or expired setup token.
var errSetupRefused = queue.Errorf(queue.Unauthorized, "the setup token is wrong, used or expired: restart the server on a data folder without staff for a new one")

// Setup creates the first admin with the setup token, which then stops working; it is
// refused once any member of staff exists. The caller has checked the PIN's strength.
func (s *Store) Setup(ctx context.Context, token, id, name, pin string) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("hash pin: %w", err)
	}
	h := hashToken(token)
	err = s.exec(ctx, func(tx *Tx) error {
		su := tx.s.setup
		if len(tx.s.auth.staff) > 0 || su.expires.IsZero() || !tx.Now.Before(su.expires) ||
			subtle.ConstantTimeCompare(su.hash[:], h[:]) != 1 {
			return errSetupRefused
		}
		st := &Staff{ID: id, Name: name, Role: RoleAdmin, PINHash: hash}
		if err := tx.putStaff(st); err != nil {
			return err
		}
		tx.s.auth.staff[id] = st
		tx.s.setup = setupToken{}
		return tx.Emit(queue.Event{Type: queue.StaffCreated, At: tx.Now, Center: tx.Hall.Center, Staff: id, Reason: RoleAdmin})
	})
	if err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(s.opts.Dir, SetupFile)); err != nil && !os.IsNotExist(err) {
		s.log.Warn("remove the used setup token file", "err", err)
	}
	return nil
}

// CatalogFile is the name, in the data folder, of the catalog set through the admin
// API; the server loads it at start when no -catalog is given.
const CatalogFile = "catalog.json"

// SaveCatalog checks a catalog (queue.ParseCatalog) and writes it to CatalogFile in
// the data folder, for the next start; a catalog with a fault changes nothing.
func (s *Store) SaveCatalog(data []byte) (string, error) {
	if s.opts.ReadOnly {
		return "", ErrReadOnly
	}
	if _, err := queue.ParseCatalog(data); err != nil {
		return "", queue.Errorf(queue.Invalid, "catalog: %v", err)
	}
	path := filepath.Join(s.opts.Dir, CatalogFile)
	if err := writeSecret(path, string(data)); err != nil {
		return "", err
	}
	return path, nil
}
