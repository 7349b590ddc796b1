package store

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"onedoor/internal/queue"
)

// sealer opens applicants sealed the old way, directly under the master key (schema ≤ 3);
// migration 4 re-seals them under their day's key (keys.go).
type sealer struct {
	aead cipher.AEAD
}

// ensureKey makes the 32-byte master key file at path, mode 0600, when it is missing.
func ensureKey(path string) error {
	_, err := os.Stat(path)
	if err == nil {
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("key file: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("make key: %w", err)
	}
	return writeKeyFile(path, key)
}

// open decrypts an applicant sealed the old way for ticket id.
func (s *sealer) open(id string, blob []byte) (*queue.Applicant, error) {
	return openSealed(s.aead, id, blob)
}

// openSealed decrypts nonce ‖ ciphertext that sealed an applicant's JSON for ticket id.
func openSealed(aead cipher.AEAD, id string, b []byte) (*queue.Applicant, error) {
	n := aead.NonceSize()
	if len(b) < n {
		return nil, errors.New("open applicant: blob too short")
	}
	plain, err := aead.Open(nil, b[:n], b[n:], []byte(id))
	if err != nil {
		return nil, fmt.Errorf("open applicant: %w", err)
	}
	var a queue.Applicant
	if err := json.Unmarshal(plain, &a); err != nil {
		return nil, fmt.Errorf("open applicant: %w", err)
	}
	return &a, nil
}
