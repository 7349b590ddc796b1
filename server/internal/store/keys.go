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
	"path/filepath"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// Crypto-shredding. Every applicant (in the log and in applicants/) is sealed under the
// data key of its service day, and a booking's ID hash is keyed by its slot's day key.
// Day keys are random, kept in daykeys/ wrapped by the master key (the key file). At
// erasure a day's key is deleted and the master key replaced by a new one that re-wraps
// the keys left, so what bbolt leaves in free pages, and any backup taken later, holds
// only ciphertext under keys that exist nowhere.

var (
	bucketDayKeys = []byte("daykeys")   // service day → day key sealed by the master key
	keyMasterID   = []byte("master_id") // meta: which master key wraps daykeys/
)

// sealVersion starts a blob sealed under a day key: then the day (10 bytes), the nonce,
// the ciphertext.
const sealVersion = 2

// dayKey is a service day's data key.
type dayKey struct {
	aead   cipher.AEAD
	idHash []byte // the key of the booking ID hash for the day
}

// keyring holds the master key and the day keys in use.
type keyring struct {
	dir    string
	mu     sync.Mutex
	master cipher.AEAD
	id     string // masterID of the master key
	days   map[string]*dayKey
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("key: %w", err)
	}
	return cipher.NewGCM(b)
}

// masterID names a master key without revealing it.
func masterID(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("onedoor master key id"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// readKeyFile reads a 32-byte key file; missing is (nil, nil).
func readKeyFile(path string) ([]byte, error) {
	key, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("key file %s: want 32 bytes, got %d", path, len(key))
	}
	return key, nil
}

// writeKeyFile writes a new key file with mode 0600 and syncs it and its folder.
func writeKeyFile(path string, key []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("create key file: %w", err)
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		return fmt.Errorf("write key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close key file: %w", err)
	}
	return SyncDir(filepath.Dir(path))
}

// settleKeys picks the master key after a possibly interrupted rotation: key.next is the
// master when the file says daykeys/ are wrapped by it (the rotation committed; finish
// the rename), otherwise it is dropped. A file without a master id is wrapped by key.
func settleKeys(dir string, db *bolt.DB, readOnly bool) (*keyring, error) {
	cur, err := readKeyFile(filepath.Join(dir, "key"))
	if err != nil {
		return nil, err
	}
	next, err := readKeyFile(filepath.Join(dir, "key.next"))
	if err != nil {
		return nil, err
	}
	var want string
	db.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			want = string(m.Get(keyMasterID))
		}
		return nil
	})
	if next != nil && want == masterID(next) {
		if !readOnly {
			if err := os.Rename(filepath.Join(dir, "key.next"), filepath.Join(dir, "key")); err != nil {
				return nil, fmt.Errorf("finish key rotation: %w", err)
			}
			if err := SyncDir(dir); err != nil {
				return nil, err
			}
		}
		cur = next
	} else if next != nil && !readOnly {
		os.Remove(filepath.Join(dir, "key.next")) // a rotation that never committed
	}
	if cur == nil {
		return nil, fmt.Errorf("key file %s is missing", filepath.Join(dir, "key"))
	}
	if want != "" && want != masterID(cur) {
		return nil, fmt.Errorf("%w: key file %s is not the master key this data file's day keys are wrapped by (it wants key id %s, the file has %s); "+
			"a backup older than the last retention erasure needs the key file of its time, and the personal data of the days erased since cannot be opened at all, by design",
			ErrDamaged, filepath.Join(dir, "key"), want, masterID(cur))
	}
	aead, err := newAEAD(cur)
	if err != nil {
		return nil, err
	}
	return &keyring{dir: dir, master: aead, id: masterID(cur), days: map[string]*dayKey{}}, nil
}

func dayAD(day string) []byte { return []byte("onedoor day key " + day) }

func randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("random: %w", err)
	}
	return b, nil
}

// wrap seals a day key under a master key.
func wrap(master cipher.AEAD, day string, raw []byte) ([]byte, error) {
	nonce, err := randomBytes(master.NonceSize())
	if err != nil {
		return nil, err
	}
	return master.Seal(nonce, nonce, raw, dayAD(day)), nil
}

func unwrap(master cipher.AEAD, day string, blob []byte) ([]byte, error) {
	n := master.NonceSize()
	if len(blob) < n {
		return nil, fmt.Errorf("day key %s: too short", day)
	}
	raw, err := master.Open(nil, blob[:n], blob[n:], dayAD(day))
	if err != nil {
		return nil, fmt.Errorf("day key %s: %w", day, err)
	}
	return raw, nil
}

func makeDayKey(raw []byte) (*dayKey, error) {
	aead, err := newAEAD(raw)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, raw)
	m.Write([]byte("onedoor booking id hash"))
	return &dayKey{aead: aead, idHash: m.Sum(nil)}, nil
}

// day returns the key of a service day, making it (in a writable btx) when create is
// set; without it a missing key is (nil, nil): the day was erased or had no data.
func (k *keyring) day(btx *bolt.Tx, day string, create bool) (*dayKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if dk, ok := k.days[day]; ok {
		return dk, nil
	}
	b := btx.Bucket(bucketDayKeys)
	if b == nil {
		return nil, errors.New("day keys: no bucket")
	}
	if w := b.Get([]byte(day)); w != nil {
		raw, err := unwrap(k.master, day, w)
		if err != nil {
			return nil, err
		}
		dk, err := makeDayKey(raw)
		if err != nil {
			return nil, err
		}
		k.days[day] = dk
		return dk, nil
	}
	if !create {
		return nil, nil
	}
	raw, err := randomBytes(32)
	if err != nil {
		return nil, err
	}
	w, err := wrap(k.master, day, raw)
	if err != nil {
		return nil, err
	}
	if err := b.Put([]byte(day), w); err != nil {
		return nil, fmt.Errorf("store day key: %w", err)
	}
	dk, err := makeDayKey(raw)
	if err != nil {
		return nil, err
	}
	k.days[day] = dk
	return dk, nil
}

// forget drops cached day keys (a failed commit may have made one that is not on disk,
// or an erasure destroyed them).
func (k *keyring) forget(days ...string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(days) == 0 {
		k.days = map[string]*dayKey{}
	}
	for _, d := range days {
		delete(k.days, d)
	}
}

// sealBytes seals v's JSON for id (the associated data) under day's key: version ‖ day
// ‖ nonce ‖ ciphertext. Applicants, push subscriptions and remote codes are kept so.
func (k *keyring) sealBytes(btx *bolt.Tx, id, day string, v any) ([]byte, error) {
	if len(day) != len(queue.DayLayout) {
		return nil, fmt.Errorf("seal: bad day %q", day)
	}
	dk, err := k.day(btx, day, true)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	nonce, err := randomBytes(dk.aead.NonceSize())
	if err != nil {
		return nil, err
	}
	out := append([]byte{sealVersion}, day...)
	out = append(out, nonce...)
	return dk.aead.Seal(out, nonce, plain, []byte(id)), nil
}

// sealApplicant seals a applicant of ticket id, of service day, under the day's key.
func (k *keyring) sealApplicant(btx *bolt.Tx, id, day string, a *queue.Applicant) ([]byte, error) {
	b, err := k.sealBytes(btx, id, day, a)
	if err != nil {
		return nil, fmt.Errorf("seal applicant: %w", err)
	}
	return b, nil
}

// errErased is an applicant whose day key is gone.
var errErased = errors.New("the applicant was erased")

// openBytes opens what sealBytes made for id into v; errErased when its day key is gone.
func (k *keyring) openBytes(btx *bolt.Tx, id string, blob []byte, v any) error {
	dl := len(queue.DayLayout)
	if len(blob) < 1+dl+12 || blob[0] != sealVersion {
		return errors.New("open: not a sealed blob")
	}
	dk, err := k.day(btx, string(blob[1:1+dl]), false)
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	if dk == nil {
		return errErased
	}
	b := blob[1+dl:]
	n := dk.aead.NonceSize()
	plain, err := dk.aead.Open(nil, b[:n], b[n:], []byte(id))
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	return json.Unmarshal(plain, v)
}

// openApplicant opens what sealApplicant made for ticket id.
func (k *keyring) openApplicant(btx *bolt.Tx, id string, blob []byte) (*queue.Applicant, error) {
	var a queue.Applicant
	if err := k.openBytes(btx, id, blob, &a); err != nil {
		if errors.Is(err, errErased) {
			return nil, errErased
		}
		return nil, fmt.Errorf("open applicant: %w", err)
	}
	return &a, nil
}

// hashID is the keyed hash of an ID number for a booking on day: bookings keep it to
// find the booking of a card at check-in, never the number.
func (k *keyring) hashID(btx *bolt.Tx, day, idNumber string) (string, error) {
	dk, err := k.day(btx, day, true)
	if err != nil {
		return "", fmt.Errorf("hash ID number: %w", err)
	}
	m := hmac.New(sha256.New, dk.idHash)
	m.Write([]byte(strings.ToUpper(idNumber)))
	return hex.EncodeToString(m.Sum(nil)), nil
}
