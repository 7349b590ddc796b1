package store

import (
	"context"
	"fmt"
	"path/filepath"

	"onedoor/internal/queue"
)

// PublishCatalog puts draft version n in force with a note: a catalog.published event in
// the log, and the hall's catalog switched in the same commit. Tickets issued before keep
// their version and are served as they are. The catalog is also written to CatalogFile,
// so that the next start (without -catalog) runs it.
func (s *Store) PublishCatalog(ctx context.Context, n int, note, staff string) (CatalogVersion, error) {
	return s.publish(ctx, staff, func(tx *Tx) (CatalogVersion, error) {
		cv, err := getVersion(tx.btx, n)
		if err != nil {
			return cv, err
		}
		if cv.State != VersionDraft {
			return cv, queue.Errorf(queue.Conflict, "version %d is published already: roll back to it instead", n)
		}
		if note != "" {
			cv.Note = note
		}
		return cv, nil
	})
}

// RollbackCatalog publishes the catalog of version n again, as a new version.
func (s *Store) RollbackCatalog(ctx context.Context, n int, note, staff string) (CatalogVersion, error) {
	return s.publish(ctx, staff, func(tx *Tx) (CatalogVersion, error) {
		old, err := getVersion(tx.btx, n)
		if err != nil {
			return old, err
		}
		if note == "" {
			note = fmt.Sprintf("回滚到第 %d 版 rollback to version %d", n, n)
		}
		return CatalogVersion{N: nextVersion(tx.btx), Note: note, By: staff, CreatedAt: tx.Now,
			RollbackOf: n, Body: old.Body}, nil
	})
}

// publish runs pick in the writer for the version to put in force, then publishes it.
func (s *Store) publish(ctx context.Context, staff string, pick func(tx *Tx) (CatalogVersion, error)) (CatalogVersion, error) {
	var cv CatalogVersion
	var cat *queue.Catalog
	err := s.exec(ctx, func(tx *Tx) error {
		var err error
		if cv, err = pick(tx); err != nil {
			return err
		}
		if cat, err = queue.ParseCatalog(cv.Body); err != nil {
			return queue.Errorf(queue.Invalid, "%v", err)
		}
		cat.Center.Code = tx.Hall.Center // the center's code never changes under its log
		evs, err := tx.Hall.PublishCatalog(cv.N, cv.Note, staff, tx.Now)
		if err != nil {
			return err
		}
		now := tx.Now
		cv.State, cv.PublishedBy, cv.PublishedAt = VersionPublished, staff, &now
		if err := putVersion(tx.btx, cv); err != nil {
			return errStorage{err}
		}
		if err := tx.Emit(evs...); err != nil {
			return err
		}
		tx.Hall.SwitchCatalog(cat)
		s.catalog.Store(cat) // a batch that fails reloads it from the versions (load)
		return nil
	})
	if err != nil {
		return CatalogVersion{}, err
	}
	if err := writeSecret(filepath.Join(s.opts.Dir, CatalogFile), string(cv.Body)); err != nil {
		s.log.Error("catalog published but not written for the next start", "version", cv.N, "err", err)
	}
	cv.Current = true
	return cv, nil
}
