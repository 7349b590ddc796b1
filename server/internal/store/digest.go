package store

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// Each service day ends with a digest of the log — the day, its last seq and that event's
// chain hash, the tickets per prefix and the cases — signed with the center's Ed25519
// key. Kept outside the building (printed, mailed, in the county's archive), digests
// catch a log rewritten with a recomputed chain, which the chain alone cannot.

var bucketDigests = []byte("digests") // service day → Digest JSON

// Digest is the signed summary of one service day's log.
type Digest struct {
	Day       string         `json:"day"`
	LastSeq   uint64         `json:"last_seq"`
	LastHash  string         `json:"last_hash"`
	Tickets   map[string]int `json:"tickets"`
	Cases     int            `json:"cases"`
	Signature string         `json:"signature,omitempty"` // base64 Ed25519 over the digest without it
}

// DigestExport is what GET /api/v1/admin/digests answers and `server verify -digests`
// reads.
type DigestExport struct {
	Center    string   `json:"center"`
	PublicKey string   `json:"public_key"` // base64 Ed25519
	Digests   []Digest `json:"digests"`
}

func (d Digest) signed() []byte {
	d.Signature = ""
	b, _ := json.Marshal(d) // a struct of strings, numbers and a map: cannot fail
	return b
}

// loadSigner reads the signing key (sign.key, a 32-byte Ed25519 seed, mode 0600) from
// dir, making it on first start, and writes the public key to sign.pub.
func loadSigner(dir string, readOnly bool) (ed25519.PrivateKey, error) {
	path := filepath.Join(dir, "sign.key")
	seed, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !readOnly {
		seed = make([]byte, ed25519.SeedSize)
		if _, err := rand.Read(seed); err != nil {
			return nil, fmt.Errorf("make signing key: %w", err)
		}
		if err := writeKeyFile(path, seed); err != nil {
			return nil, fmt.Errorf("signing key: %w", err)
		}
	} else if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read signing key: %w", err)
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("signing key %s: want %d bytes, got %d", path, ed25519.SeedSize, len(seed))
	}
	key := ed25519.NewKeyFromSeed(seed)
	pub := base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey)) + "\n"
	if !readOnly {
		if err := os.WriteFile(filepath.Join(dir, "sign.pub"), []byte(pub), 0o644); err != nil {
			return nil, fmt.Errorf("export public key: %w", err)
		}
	}
	return key, nil
}

// closeDay signs and stores the digest of the hall's day as it ends: the writer calls
// it just before it appends the next day's day.started.
func (tx *Tx) closeDay() error {
	s, h := tx.s, tx.Hall
	if h.Day == "" || s.signer == nil {
		return nil
	}
	d := Digest{Day: h.Day, LastSeq: s.head.Seq, LastHash: hex.EncodeToString(s.head.Hash[:]), Tickets: map[string]int{}, Cases: h.Cases}
	for p, n := range h.Counters {
		d.Tickets[p] = n
	}
	d.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(s.signer, d.signed()))
	v, err := json.Marshal(d)
	if err != nil {
		return errStorage{fmt.Errorf("encode digest: %w", err)}
	}
	return tx.put(bucketDigests, []byte(d.Day), v)
}

// Digests returns every day's signed digest, oldest first, with the public key.
func (s *Store) Digests() (DigestExport, error) {
	out := DigestExport{Digests: []Digest{}}
	s.Read(func(h *queue.Hall) { out.Center = h.Center })
	if s.signer != nil {
		out.PublicKey = base64.StdEncoding.EncodeToString(s.signer.Public().(ed25519.PublicKey))
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDigests).ForEach(func(k, v []byte) error {
			var d Digest
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("digest %s: %w", k, err)
			}
			out.Digests = append(out.Digests, d)
			return nil
		})
	})
	return out, err
}

// checkDigest checks a digest's signature and that the log agrees with it.
func checkDigest(tx *bolt.Tx, pub ed25519.PublicKey, d Digest) error {
	sig, err := base64.StdEncoding.DecodeString(d.Signature)
	if err != nil || pub != nil && !ed25519.Verify(pub, d.signed(), sig) {
		return fmt.Errorf("digest of %s: the signature is not the center's", d.Day)
	}
	v := tx.Bucket(bucketEvents).Get(itob(d.LastSeq))
	if v == nil {
		return &ChainError{Seq: d.LastSeq, Reason: fmt.Sprintf("missing, but the signed digest of %s ends there", d.Day)}
	}
	if h := recordHash(d.LastSeq, v); hex.EncodeToString(h[:]) != d.LastHash {
		return &ChainError{Seq: d.LastSeq, Reason: fmt.Sprintf("the log up to here is not the one the signed digest of %s was made of (rewritten at or before this seq)", d.Day)}
	}
	return nil
}

// checkDigests checks the digests stored in the file and, if given, those kept
// elsewhere; it returns how many it checked.
func checkDigests(tx *bolt.Tx, given *DigestExport) (int, error) {
	n := 0
	if b := tx.Bucket(bucketDigests); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			var d Digest
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("digest %s: %w", k, err)
			}
			n++
			return checkDigest(tx, nil, d) // the file's own: its key may be the forger's
		})
		if err != nil {
			return n, err
		}
	}
	if given == nil {
		return n, nil
	}
	pub, err := base64.StdEncoding.DecodeString(given.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return n, errors.New("digests: the public key is not an Ed25519 key")
	}
	var first *ChainError
	for _, d := range given.Digests {
		n++
		err := checkDigest(tx, pub, d)
		var ce *ChainError
		switch {
		case err == nil:
		case errors.As(err, &ce):
			if first == nil || ce.Seq < first.Seq {
				first = ce
			}
		default:
			return n, err
		}
	}
	if first != nil {
		return n, first
	}
	return n, nil
}
