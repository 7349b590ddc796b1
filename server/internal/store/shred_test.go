package store

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// TestErasedApplicantsCannotBeDecrypted is finding 3: after retention erased 300
// applicants, nobody holding the disk (the data file, the key file beside it, a backup
// taken after the erasure) can decrypt any of them. The scan is format-blind where it can
// be: every occurrence of a ticket id followed by a blob of any length, every base64 run,
// tried with every key an attacker can get from the disk.
func TestErasedApplicantsCannotBeDecrypted(t *testing.T) {
	const n = 300
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 10, 1, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	var ids []string
	for i := 0; i < n; i++ {
		v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, syntheticApplicant(i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.Ticket.ID)
	}
	// A later day's applicant stays: the scan must find it (the scan works).
	clk.Set(time.Date(2026, 10, 20, 9, 0, 0, 0, shanghai))
	kept, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, syntheticApplicant(n))
	if err != nil {
		t.Fatal(err)
	}
	clk.Set(time.Date(2026, 11, 5, 9, 0, 0, 0, shanghai))
	if got, err := s.ErasePersonalData(ctx, clk.Now().AddDate(0, 0, -30)); err != nil || got != n {
		t.Fatalf("erased %d (%v), want %d", got, err, n)
	}
	// The eraser must also drop the log's copy, not only make it unreadable.
	if left := liveSealedCopies(t, s, ids); left != 0 {
		t.Fatalf("%d of %d erased applicants still have a sealed copy in the live log", left, n)
	}
	var backup bytes.Buffer
	if _, err := s.Backup(&backup); err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join(dir, "onedoor.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, img := range []struct {
		name string
		raw  []byte
	}{{"data file", file}, {"backup after erasure", backup.Bytes()}} {
		keys := attackerKeys(t, dir, img.raw)
		got := decryptable(img.raw, ids, keys)
		t.Logf("%s: %d of %d erased applicants decryptable with %d keys from the disk", img.name, len(got), n, len(keys))
		if len(got) != 0 {
			t.Errorf("%s: %d of %d erased applicants decryptable", img.name, len(got), n)
		}
		if len(decryptable(img.raw, []string{kept.Ticket.ID}, keys)) != 1 {
			t.Errorf("%s: the scan does not find the applicant that was kept", img.name)
		}
	}
}

// syntheticApplicant is a made-up person with an ID number whose check digit is valid.
func syntheticApplicant(i int) *queue.Applicant {
	id := fmt.Sprintf("44010619800101%03d", i%1000)
	c, _ := queue.IDCheckDigit(id)
	return &queue.Applicant{IDNumber: id + string(c), Name: fmt.Sprintf("测试人%03d", i), Address: "广州市天河区测试路1号"}
}

// gcmFrom returns an AES-256-GCM with key.
func gcmFrom(t *testing.T, key []byte) cipher.AEAD {
	t.Helper()
	b, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// decryptable returns the ids whose applicant some key opens somewhere in raw: binary
// blobs right after an occurrence of the id (bbolt keeps a key and its value together),
// of every length, with and without a header before the nonce; and every base64 run.
func decryptable(raw []byte, ids []string, keys []cipher.AEAD) map[string]bool {
	found := map[string]bool{}
	try := func(id string, blob []byte) bool {
		for skip := 0; skip <= 11; skip += 11 { // 11: a version byte and a day, if any
			if len(blob) < skip+12+16 {
				continue
			}
			b := blob[skip:]
			for _, k := range keys {
				if plain, err := k.Open(nil, b[:12], b[12:], []byte(id)); err == nil && bytes.Contains(plain, []byte("id_number")) {
					return true
				}
			}
		}
		return false
	}
	for _, id := range ids {
		for off := 0; ; {
			i := bytes.Index(raw[off:], []byte(id))
			if i < 0 {
				break
			}
			start := off + i + len(id)
			off = start
			for l := 12 + 16 + 20; l <= 12+16+11+400 && start+l <= len(raw) && !found[id]; l++ {
				if try(id, raw[start:start+l]) {
					found[id] = true
				}
			}
		}
	}
	// base64 runs (the log's JSON)
	isB64 := func(c byte) bool {
		return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '"' {
			continue
		}
		j := i + 1
		for j < len(raw) && isB64(raw[j]) {
			j++
		}
		if j-i-1 >= 60 && j < len(raw) && raw[j] == '"' {
			if blob, err := base64.StdEncoding.DecodeString(string(raw[i+1 : j])); err == nil {
				for _, id := range ids {
					if !found[id] && try(id, blob) {
						found[id] = true
					}
				}
			}
		}
		i = j - 1
	}
	return found
}

// liveSealedCopies counts the ids whose ticket.issued in the log still carries a
// sealed applicant.
func liveSealedCopies(t *testing.T, s *Store, ids []string) int {
	t.Helper()
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	left := 0
	evs, _, err := s.EventsAfter(0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Type != queue.TicketIssued || !want[ev.Ticket.ID] {
			continue
		}
		if rawHasSealed(t, s, ev.Seq) {
			left++
		}
	}
	return left
}
