package store

import (
	bolt "go.etcd.io/bbolt"
)

// bbolt keeps a list of its free pages. Writing it at every commit halves what a lone
// kiosk can issue (~550 instead of ~1,000 tickets/s here), so commits skip it
// (NoFreelistSync) and a start must then rebuild it by walking the whole file: ~0.7 s
// for a year of a busy hall with the file in the page cache, more from a cold disk.
// The store therefore writes the list, in an empty commit, whenever it falls quiet
// (Options.FreelistQuiet after the last commit) and at a clean stop: a restart then
// reads one page, and only a crash in the middle of a rush pays for the walk.

// syncFreelist writes the freelist in an empty commit. Only the writer goroutine (or
// Close, after it ended) calls it, so no other commit sees the switched flag.
func (s *Store) syncFreelist() {
	s.db.NoFreelistSync = false
	err := s.db.Update(func(*bolt.Tx) error { return nil })
	s.db.NoFreelistSync = true
	if err != nil {
		s.log.Warn("write the freelist; a start after a crash walks the file", "err", err)
		return
	}
	s.freelistSyncs.Add(1)
}
