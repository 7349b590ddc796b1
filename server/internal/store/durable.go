package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFileDurable replaces path with data so that after a power cut the file is either
// the old one or the whole new one, never empty or torn: it writes a temporary file
// beside it, syncs it, renames it over path and syncs the folder. Files the server makes
// once and relies on at every start (the Web Push keys, the setup token, the catalog
// for the next start) are written this way.
func WriteFileDurable(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	_ = os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return SyncDir(filepath.Dir(path))
}
