package store

import (
	"crypto/cipher"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

var dayPattern = regexp.MustCompile(`20[0-9]{2}-[01][0-9]-[0-3][0-9]`)

// attackerKeys returns every key someone holding the disk can get: the key file's
// master, and every day key found anywhere in raw (live or in a free page) that the
// master unwraps.
func attackerKeys(t *testing.T, dir string, raw []byte) []cipher.AEAD {
	master, err := os.ReadFile(filepath.Join(dir, "key"))
	if err != nil {
		t.Fatal(err)
	}
	m := gcmFrom(t, master)
	keys := []cipher.AEAD{m}
	seen := map[string]bool{}
	for _, loc := range dayPattern.FindAllIndex(raw, -1) {
		day, end := string(raw[loc[0]:loc[1]]), loc[1]
		if end+60 > len(raw) {
			continue
		}
		k, err := unwrap(m, day, raw[end:end+60])
		if err != nil || seen[string(k)] {
			continue
		}
		seen[string(k)] = true
		keys = append(keys, gcmFrom(t, k))
	}
	return keys
}

// rawHasSealed says whether the stored event at seq carries a sealed applicant.
func rawHasSealed(t *testing.T, s *Store, seq uint64) bool {
	var has bool
	s.db.View(func(tx *bolt.Tx) error {
		has = strings.Contains(string(tx.Bucket(bucketEvents).Get(itob(seq))), `"pii":{"applicant"`)
		return nil
	})
	return has
}
