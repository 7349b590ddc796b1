package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged marks a data file that is there but cannot be used: empty, not a bbolt
// file, truncated, or with a broken chain. The server refuses to start on it rather
// than starting a new hall over it or crashing.
var ErrDamaged = errors.New("the data file is damaged")

// bbolt's meta page: a 16-byte page header, then magic, version, page size, flags, the
// root bucket (16 bytes), the freelist page, the high-water page id, the txid and an
// FNV-64a checksum of the 56 bytes before it.
const (
	boltMagic   = 0xED0CDAED
	boltVersion = 2
	metaOffset  = 16
	metaLen     = 56
)

type boltMeta struct {
	pageSize uint32
	freelist uint64
	pgid     uint64
	txid     uint64
}

// freelistFlag marks bbolt's freelist page; noFreelist is a meta's "none written".
const (
	freelistFlag = 0x10
	noFreelist   = ^uint64(0)
)

// readMeta reads and checks the meta page at off; ok is false when it is not valid.
func readMeta(f *os.File, off int64) (m boltMeta, ok bool) {
	b := make([]byte, metaOffset+metaLen+8)
	if _, err := f.ReadAt(b, off); err != nil {
		return m, false
	}
	p := b[metaOffset:]
	h := fnv.New64a()
	h.Write(p[:metaLen])
	if binary.LittleEndian.Uint32(p[0:]) != boltMagic || binary.LittleEndian.Uint32(p[4:]) != boltVersion ||
		binary.LittleEndian.Uint64(p[metaLen:]) != h.Sum64() {
		return m, false
	}
	m.pageSize = binary.LittleEndian.Uint32(p[8:])
	m.freelist = binary.LittleEndian.Uint64(p[32:])
	m.pgid = binary.LittleEndian.Uint64(p[40:])
	m.txid = binary.LittleEndian.Uint64(p[48:])
	return m, m.pageSize >= 512 && m.pageSize <= 1<<16
}

// checkDataFile refuses a data file that exists but cannot be used: empty (a new hall is
// a missing file in a new folder, never an empty one), not a bbolt file, or shorter than
// its pages (bbolt would die with SIGBUS reading past the end).
func checkDataFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("data file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("data file: %w", err)
	}
	size := fi.Size()
	if size == 0 {
		return fmt.Errorf("%w: %s is empty (0 bytes). A new hall starts in an empty folder; this one had a data file. Restore the last backup, or move the file away to start over", ErrDamaged, path)
	}
	m0, ok0 := readMeta(f, 0)
	var m1 boltMeta
	ok1 := false
	for _, ps := range []int64{int64(m0.pageSize), 4096, int64(os.Getpagesize())} {
		if ps > 0 && !ok1 {
			m1, ok1 = readMeta(f, ps)
		}
	}
	m := m0
	switch {
	case !ok0 && !ok1:
		return fmt.Errorf("%w: %s (%d bytes) is not a data file this server wrote: both header pages are garbage. Restore the last backup", ErrDamaged, path, size)
	case !ok0 || ok1 && m1.txid > m0.txid:
		m = m1
	}
	need := int64(m.pgid) * int64(m.pageSize)
	if size < need {
		return fmt.Errorf("%w: %s is truncated: %d bytes, but its pages reach %d bytes (%d pages of %d). Restore the last backup", ErrDamaged, path, size, need, m.pgid, m.pageSize)
	}
	if m.freelist != noFreelist { // bbolt reads it at open and panics on garbage
		hdr := make([]byte, 16)
		if m.freelist >= m.pgid {
			return fmt.Errorf("%w: %s: its list of free pages is past its end (page %d of %d). Restore the last backup", ErrDamaged, path, m.freelist, m.pgid)
		}
		if _, err := f.ReadAt(hdr, int64(m.freelist)*int64(m.pageSize)); err != nil {
			return fmt.Errorf("%w: %s: read the list of free pages: %v", ErrDamaged, path, err)
		}
		if binary.LittleEndian.Uint64(hdr) != m.freelist || binary.LittleEndian.Uint16(hdr[8:])&freelistFlag == 0 {
			return fmt.Errorf("%w: %s: its list of free pages (page %d) is garbage. Restore the last backup", ErrDamaged, path, m.freelist)
		}
	}
	return nil
}

// openBolt opens a bbolt file, a damaged page read while opening (the freelist) reported
// as ErrDamaged rather than a crash.
func openBolt(path string, o *bolt.Options) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("%w: %s: %v. Restore the last backup", ErrDamaged, path, r)
		}
	}()
	return bolt.Open(path, 0o600, o)
}
