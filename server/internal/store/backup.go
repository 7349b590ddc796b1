package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// BackupInfo describes a backup file: where it is, its size, and the newest event it
// holds. A restore brings the hall back to exactly Seq.
type BackupInfo struct {
	Path string
	Size int64
	Seq  uint64
	// Applicants is how many sealed applicants the file holds.
	Applicants int
}

// Runner runs f to completion, e.g. on a thread of low priority; nil runs it inline.
type Runner func(f func())

// WriteBackupFile writes a hot copy of the store to path atomically: into a temporary
// file in the same folder, fsynced, then checked with VerifyBackupFile, renamed into
// place, and the folder fsynced. A copy that fails its check is deleted and never
// appears under path. The store keeps working meanwhile: the copy is one bbolt read
// transaction, kept short; the check, which costs most (the replay), runs with check,
// on the copy alone.
func (s *Store) WriteBackupFile(path string, check Runner) (BackupInfo, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".onedoor-backup-*.tmp")
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	if _, err := s.Backup(f); err != nil {
		return BackupInfo{}, err
	}
	if err := f.Sync(); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: sync %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: close %s: %w", tmp, err)
	}
	if check == nil {
		check = func(f func()) { f() }
	}
	var info BackupInfo
	check(func() { info, err = VerifyBackupFile(tmp, s.VerifyOptions()) })
	if err != nil {
		return BackupInfo{}, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	ok = true
	if err := SyncDir(dir); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	info.Path = path
	return info, nil
}

// VerifyOptions returns the options to verify this store's backups with its own key.
func (s *Store) VerifyOptions() VerifyOptions {
	return VerifyOptions{Catalog: s.opts.Catalog, Loc: s.opts.Loc, Policy: s.opts.Policy,
		KeyPath: filepath.Join(s.opts.Dir, "key")}
}

// VerifyBackupFile checks a backup without changing it, with VerifyFile's checks (its
// size against its pages, bbolt's consistency check, the whole hash chain and the signed
// day digests, the schema, with o.Catalog the log replayed to the stored projections, and
// with o.KeyPath that this key file is the master key that wraps the file's day keys: a
// backup taken before a later erasure was wrapped by a key that erasure destroyed).
func VerifyBackupFile(path string, o VerifyOptions) (BackupInfo, error) {
	if o.Catalog == nil || o.Loc == nil {
		return BackupInfo{}, errors.New("verify backup: catalog and location are required")
	}
	st, err := os.Stat(path)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("verify backup: %w", err)
	}
	if err := plausibleSize(st.Size()); err != nil {
		return BackupInfo{}, fmt.Errorf("verify backup %s: %w", path, err)
	}
	rep, err := VerifyFile(path, o)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("verify backup: %w", err)
	}
	return BackupInfo{Path: path, Size: st.Size(), Seq: rep.LastSeq, Applicants: rep.Applicants}, nil
}

// plausibleSize refuses a file that cannot be a bbolt file (empty, or cut short of its
// meta pages) before bbolt maps it.
func plausibleSize(n int64) error {
	page := int64(os.Getpagesize())
	if n < 4*page {
		return fmt.Errorf("%d bytes is too small for a data file", n)
	}
	return nil
}

// ErrWrongKey means a key file does not open a data file's sealed applicants.
var ErrWrongKey = errors.New("the key does not open the sealed applicants")

// checkKey checks that the key file at path is the master key that wraps the file's day
// keys, and that it opens the newest sealed applicant. A file without applicants or day
// keys needs no key; a missing key file is an error when there are some.
func checkKey(tx *bolt.Tx, path string) error {
	want := string(tx.Bucket(bucketMeta).Get(keyMasterID))
	c := tx.Bucket(bucketApplicants).Cursor()
	lastK, lastV := c.Last()
	if want == "" && lastK == nil {
		return nil
	}
	key, err := readKeyFile(path)
	if err != nil {
		return err
	}
	if key == nil {
		return fmt.Errorf("no key file %s, and the file holds sealed applicants: put the key back from its own safe place first", path)
	}
	if want != "" && masterID(key) != want {
		return fmt.Errorf("key file %s: %w: the file's day keys are wrapped by master key %s, not by this one (%s): the file was made with another key, or before a later erasure destroyed its key", path, ErrWrongKey, want, masterID(key))
	}
	if lastK == nil {
		return nil
	}
	master, err := newAEAD(key)
	if err != nil {
		return err
	}
	k := &keyring{master: master, id: masterID(key), days: map[string]*dayKey{}}
	if _, err := k.openApplicant(tx, string(lastK), lastV); err != nil && !errors.Is(err, errErased) {
		return fmt.Errorf("key file %s: %w (ticket %s): %w", path, ErrWrongKey, lastK, err)
	}
	return nil
}

// SyncDir fsyncs a folder, so that a rename into it is durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync dir: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync dir %s: %w", dir, err)
	}
	return nil
}
