package store

// StorageFull reports whether the last commit failed because the disk was full; it
// stays true until a commit succeeds.
func (s *Store) StorageFull() bool { return s.full.Load() }
