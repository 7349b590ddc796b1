package httpapi

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// routesCatalog adds the managed catalog (事项动态管理): versions, drafts, publishing,
// the diff, rollback and export, for supervisors and admins.
func (s *Server) routesCatalog(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/admin/catalog/versions", s.catalogVersions)
	m.HandleFunc("GET /api/v1/admin/catalog/versions/{n}", s.catalogVersion)
	m.HandleFunc("POST /api/v1/admin/catalog/drafts", s.catalogDraft)
	m.HandleFunc("POST /api/v1/admin/catalog/versions/{n}/publish", s.catalogPublish)
	m.HandleFunc("POST /api/v1/admin/catalog/versions/{n}/rollback", s.catalogRollback)
	m.HandleFunc("GET /api/v1/admin/catalog/diff", s.catalogDiff)
	m.HandleFunc("GET /api/v1/admin/catalog/export", s.catalogExport)
}

// catalogSession admits supervisors and admins; clerks and others are 403.
func (s *Server) catalogSession(r *http.Request) (store.Session, error) {
	return s.session(r, store.RoleSupervisor, store.RoleAdmin)
}

// versionParam reads a version number from the path or the query.
func versionParam(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1<<30 {
		return 0, notFound("no such catalog version: " + v)
	}
	return n, nil
}

// catalogVersions answers GET /api/v1/admin/catalog/versions: every version, newest
// first, without their catalogs.
func (s *Server) catalogVersions(w http.ResponseWriter, r *http.Request) {
	if _, err := s.catalogSession(r); err != nil {
		s.fail(w, r, err)
		return
	}
	vs, err := s.store.CatalogVersions()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"versions": vs})
}

// catalogVersion answers GET /api/v1/admin/catalog/versions/{n}: one version with its catalog.
func (s *Server) catalogVersion(w http.ResponseWriter, r *http.Request) {
	_, err := s.catalogSession(r)
	var n int
	if err == nil {
		n, err = versionParam(r.PathValue("n"))
	}
	var cv store.CatalogVersion
	if err == nil {
		cv, err = s.store.CatalogVersion(n)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cv)
}

// catalogDraft answers POST /api/v1/admin/catalog/drafts?note=: the body is a catalog in
// the file format (so an import is a draft); checked as at start (422 naming the path of
// the fault), kept as a new draft version (201).
func (s *Server) catalogDraft(w http.ResponseWriter, r *http.Request) {
	se, err := s.catalogSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCatalog))
	if err != nil {
		s.fail(w, r, &apiError{http.StatusRequestEntityTooLarge, "too_large", "the catalog is over 4 MiB"})
		return
	}
	cv, err := s.store.SaveDraft(r.Context(), data, r.URL.Query().Get("note"), se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cv.Body = nil
	writeJSON(w, http.StatusCreated, cv)
}

// noteRequest is the body of publish and rollback.
type noteRequest struct {
	Note string `json:"note"`
}

// catalogPublish answers POST /api/v1/admin/catalog/versions/{n}/publish {"note"}: the
// draft is put in force at once (the stream tells kiosks, callers and boards).
func (s *Server) catalogPublish(w http.ResponseWriter, r *http.Request) {
	s.catalogPut(w, r, s.store.PublishCatalog)
}

// catalogRollback answers POST /api/v1/admin/catalog/versions/{n}/rollback {"note"}:
// version n's catalog is published again as a new version.
func (s *Server) catalogRollback(w http.ResponseWriter, r *http.Request) {
	s.catalogPut(w, r, s.store.RollbackCatalog)
}

// catalogPut runs a publish or a rollback of the version in the path.
func (s *Server) catalogPut(w http.ResponseWriter, r *http.Request, do func(context.Context, int, string, string) (store.CatalogVersion, error)) {
	se, err := s.catalogSession(r)
	var n int
	if err == nil {
		n, err = versionParam(r.PathValue("n"))
	}
	var req noteRequest
	if err == nil {
		err = decode(w, r, &req, true)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cv, err := do(r.Context(), n, req.Note, se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("catalog version published", "version", cv.N, "by", se.Staff)
	cv.Body = nil
	writeJSON(w, http.StatusOK, cv)
}

// catalogDiff answers GET /api/v1/admin/catalog/diff?from=&to=: what changed between two
// versions (categories, items, materials, priority groups added, removed, changed).
func (s *Server) catalogDiff(w http.ResponseWriter, r *http.Request) {
	_, err := s.catalogSession(r)
	var from, to int
	if err == nil {
		from, err = versionParam(r.URL.Query().Get("from"))
	}
	if err == nil {
		to, err = versionParam(r.URL.Query().Get("to"))
	}
	var d queue.CatalogDiff
	if err == nil {
		d, err = s.store.CatalogDiff(from, to)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// catalogExport answers GET /api/v1/admin/catalog/export[?version=n]: the catalog of a
// version (the one in force by default) as the JSON file the server reads, to download.
func (s *Server) catalogExport(w http.ResponseWriter, r *http.Request) {
	_, err := s.catalogSession(r)
	n := 0
	if v := r.URL.Query().Get("version"); err == nil && v != "" {
		n, err = versionParam(v)
	}
	var cv store.CatalogVersion
	if err == nil {
		cv, err = s.store.CatalogVersion(n)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename=catalog-v"+strconv.Itoa(cv.N)+".json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(cv.Body)
}

// itemOf is the item of a ticket: in the catalog in force, else in the earlier catalog
// it was issued under (an item removed since).
func (s *Server) itemOf(code string) (*queue.Item, bool) {
	if it, ok := s.store.Catalog().Item(code); ok {
		return it, true
	}
	var it *queue.Item
	var ok bool
	s.store.Read(func(h *queue.Hall) {
		var found *queue.Item
		if found, ok = h.ItemOf(code); ok {
			c := *found // h's items must not be kept past Read
			it = &c
		}
	})
	return it, ok
}
