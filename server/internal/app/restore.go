package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"onedoor/server/internal/store"
)

// restoreOptions is what `server restore` is asked to do.
type restoreOptions struct {
	From, Data string
	Force      bool
	Replay     replayFlags
}

// Restore is `server restore -from FILE -data DIR [-force]`: it puts a backup in place
// as DIR's data file after checking it, and returns the exit code.
func Restore(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("server restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o restoreOptions
	fs.StringVar(&o.From, "from", "", "the backup file to restore (required)")
	fs.StringVar(&o.Data, "data", "", "the data folder to restore into (required); its key file must open the backup")
	fs.BoolVar(&o.Force, "force", false, "replace a data file that holds data; the old one is moved aside, never deleted")
	o.Replay.add(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if o.From == "" || o.Data == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: server restore -from FILE -data DIR [-force]")
		return 2
	}
	res, err := restore(o)
	if err != nil {
		fmt.Fprintln(stderr, "server restore:", err)
		return 1
	}
	fmt.Fprintf(stdout, "restored %s into %s: %d bytes, events up to seq %d, %d sealed applicants\n",
		o.From, res.Target, res.Size, res.Seq, res.Applicants)
	if res.MovedAside != "" {
		fmt.Fprintf(stdout, "the data file that was there is kept as %s\n", res.MovedAside)
	}
	return 0
}

// restoreResult says what restore did.
type restoreResult struct {
	store.BackupInfo
	Target, MovedAside string
}

// restore refuses a running server's folder and, without Force, one that holds data;
// copies the backup beside the data file, fsynced; checks the copy (bbolt, replay, and
// that the folder's key opens its applicants); moves an old data file aside with a
// timestamp; and renames the copy into place.
func restore(o restoreOptions) (restoreResult, error) {
	var res restoreResult
	opts, err := o.Replay.options()
	if err != nil {
		return res, err
	}
	opts.KeyPath = filepath.Join(o.Data, "key")
	if err := os.MkdirAll(o.Data, 0o700); err != nil {
		return res, fmt.Errorf("data folder: %w", err)
	}
	res.Target = filepath.Join(o.Data, "onedoor.db")
	if same(o.From, res.Target) {
		return res, fmt.Errorf("%s is the data file itself: restore from a backup", o.From)
	}
	unlock, size, err := lockTarget(res.Target)
	if err != nil {
		return res, err
	}
	defer unlock()
	if size > 0 && !o.Force {
		return res, fmt.Errorf("%s holds data (%d bytes): restore will not replace it without -force (which keeps it, renamed)", res.Target, size)
	}
	tmp, err := copyBeside(o.From, o.Data)
	if err != nil {
		return res, err
	}
	defer os.Remove(tmp) // gone already once renamed
	if res.BackupInfo, err = store.VerifyBackupFile(tmp, opts); err != nil {
		return res, fmt.Errorf("backup %s fails its check, nothing was changed: %w", o.From, err)
	}
	if size >= 0 {
		res.MovedAside = res.Target + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(res.Target, res.MovedAside); err != nil {
			return res, fmt.Errorf("move the old data file aside: %w", err)
		}
	}
	if err := os.Rename(tmp, res.Target); err != nil {
		return res, fmt.Errorf("put the backup in place: %w", err)
	}
	if err := store.SyncDir(o.Data); err != nil {
		return res, err
	}
	res.Path = res.Target
	return res, nil
}

// lockTarget takes the lock a server holds on its data file (bbolt's flock), so restore
// refuses a running server's folder and no server starts on it meanwhile. size is the
// file's size, -1 when there is none.
func lockTarget(path string) (unlock func(), size int64, err error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return func() {}, -1, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("open %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, 0, fmt.Errorf("%s is in use: a server is running on this folder; stop it first", path)
		}
		return nil, 0, fmt.Errorf("lock %s: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("stat %s: %w", path, err)
	}
	return func() { f.Close() }, st.Size(), nil
}

// copyBeside copies from into a new temporary file in dir, fsynced, and returns its path.
func copyBeside(from, dir string) (string, error) {
	src, err := os.Open(from)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	defer src.Close()
	if st, err := src.Stat(); err != nil || !st.Mode().IsRegular() {
		return "", fmt.Errorf("backup %s: not a regular file (%v)", from, err)
	}
	dst, err := os.CreateTemp(dir, ".onedoor-restore-*.tmp")
	if err != nil {
		return "", fmt.Errorf("copy backup: %w", err)
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Chmod(0o600)
	}
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst.Name())
		return "", fmt.Errorf("copy backup %s: %w", from, err)
	}
	return dst.Name(), nil
}

// same reports whether two paths name the same existing file.
func same(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
