package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"onedoor/internal/queue"
)

// sealer encrypts personal data at rest with AES-256-GCM.
type sealer struct {
	aead   cipher.AEAD
	idHash []byte // the key of idHash, derived from the file's key
}

// hashID is a keyed hash of an ID number: bookings keep it to find the booking of a card
// at check-in, never the number itself.
func (s *sealer) hashID(idNumber string) string {
	m := hmac.New(sha256.New, s.idHash)
	m.Write([]byte(strings.ToUpper(idNumber)))
	return hex.EncodeToString(m.Sum(nil))
}

// loadKey reads the 32-byte key at path, creating it with mode 0600 when missing.
func loadKey(path string) (*sealer, error) {
	key, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("make key: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("create key file: %w", err)
		}
		if _, err := f.Write(key); err != nil {
			f.Close()
			return nil, fmt.Errorf("write key file: %w", err)
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, fmt.Errorf("sync key file: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("close key file: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("key file %s: want 32 bytes, got %d", path, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("key: %w", err)
	}
	d := hmac.New(sha256.New, key)
	d.Write([]byte("onedoor booking id hash"))
	return &sealer{aead: aead, idHash: d.Sum(nil)}, nil
}

// seal encrypts an applicant, binding it to the ticket id so a blob cannot be moved to
// another ticket.
func (s *sealer) seal(id string, a *queue.Applicant) ([]byte, error) {
	plain, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("seal applicant: %w", err)
	}
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal applicant: %w", err)
	}
	return s.aead.Seal(nonce, nonce, plain, []byte(id)), nil
}

// open decrypts what seal made for ticket id.
func (s *sealer) open(id string, blob []byte) (*queue.Applicant, error) {
	n := s.aead.NonceSize()
	if len(blob) < n {
		return nil, errors.New("open applicant: blob too short")
	}
	plain, err := s.aead.Open(nil, blob[:n], blob[n:], []byte(id))
	if err != nil {
		return nil, fmt.Errorf("open applicant: %w", err)
	}
	var a queue.Applicant
	if err := json.Unmarshal(plain, &a); err != nil {
		return nil, fmt.Errorf("open applicant: %w", err)
	}
	return &a, nil
}
