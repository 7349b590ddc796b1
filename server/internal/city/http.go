package city

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"onedoor/server/internal/upload"
)

// Options configure the city tier's HTTP side.
type Options struct {
	Root  string         // the code of the tree's top, the page / shows
	Loc   *time.Location // the city's zone: where "today" begins
	Stale time.Duration  // a center not heard from for longer is marked
	Log   *slog.Logger
	// AdminToken lets its bearer publish catalogs; empty, nobody can.
	AdminToken string
}

// Handler serves the upload API and the dashboards.
func Handler(s *Store, o Options) http.Handler {
	if o.Loc == nil {
		o.Loc = time.UTC
	}
	if o.Stale <= 0 {
		o.Stale = time.Minute
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	h := &handler{s: s, o: o}
	m := http.NewServeMux()
	m.HandleFunc("POST /api/v1/upload", h.upload)
	m.HandleFunc("GET /api/v1/upload/mark", h.mark)
	m.HandleFunc("GET /api/v1/dashboard/{code}", h.dashboardJSON)
	m.HandleFunc("PUT /api/v1/admin/catalog/{code}", h.publish)
	m.HandleFunc("PUT /api/v1/admin/centers/{code}", h.putCenter)
	m.HandleFunc("GET /api/v1/catalog", h.catalog)
	h.routesRelay(m)
	m.HandleFunc("GET /c/{code}", h.page)
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/c/"+o.Root, http.StatusFound)
	})
	return m
}

type handler struct {
	s *Store
	o Options
}

// errorBody is the JSON error shape of the center's API.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (h *handler) fail(w http.ResponseWriter, status int, code, msg string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, msg
	writeJSON(w, status, b)
}

// center returns the center whose token the request bears, or answers 401.
func (h *handler) center(w http.ResponseWriter, r *http.Request) (string, bool) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		h.fail(w, http.StatusUnauthorized, "unauthorized", "a center token is required (Authorization: Bearer …)")
		return "", false
	}
	code, err := h.s.CenterOf(r.Context(), token)
	if errors.Is(err, ErrBadToken) {
		h.fail(w, http.StatusUnauthorized, "unauthorized", "unknown center token")
		return "", false
	}
	if err != nil {
		h.internal(w, "center of token", err)
		return "", false
	}
	return code, true
}

func (h *handler) internal(w http.ResponseWriter, what string, err error) {
	h.o.Log.Error(what, "err", err)
	h.fail(w, http.StatusServiceUnavailable, "unavailable", "the city database did not answer; try again")
}

// upload takes one batch: 200 with the new mark; 409 with the mark when the batch
// starts after it (the center sends again from there).
func (h *handler) upload(w http.ResponseWriter, r *http.Request) {
	code, ok := h.center(w, r)
	if !ok {
		return
	}
	b, status, err := readBatch(r)
	if err != nil {
		code := map[int]string{http.StatusRequestEntityTooLarge: "too_large", http.StatusUnsupportedMediaType: "unsupported_media_type"}[status]
		h.fail(w, status, cmp.Or(code, "bad_request"), "batch: "+err.Error())
		return
	}
	if err := b.Check(); err != nil {
		h.fail(w, http.StatusBadRequest, "bad_request", "batch: "+err.Error())
		return
	}
	if b.Center != code {
		h.fail(w, http.StatusForbidden, "forbidden", "the token is another center's")
		return
	}
	mark, err := h.s.Ingest(r.Context(), b)
	var gap *GapError
	if errors.As(err, &gap) {
		writeJSON(w, http.StatusConflict, upload.Ack{Center: code, Mark: gap.Mark})
		return
	}
	if err != nil {
		h.internal(w, "ingest", err)
		return
	}
	writeJSON(w, http.StatusOK, upload.Ack{Center: code, Mark: mark})
}

// maxBody is the largest upload body read.
const maxBody = 16 << 20

// readBatch reads an upload's body: the binary form (upload.ContentType) or JSON (no
// Content-Type or application/json); another media type is 415, a body too long 413.
func readBatch(r *http.Request) (*upload.Batch, int, error) {
	ct := r.Header.Get("Content-Type")
	switch {
	case ct == upload.ContentType:
		raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			return nil, http.StatusBadRequest, fmt.Errorf("read: %w", err)
		}
		if len(raw) > maxBody {
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("more than %d bytes", maxBody)
		}
		b, err := upload.DecodeBinary(raw)
		if err != nil {
			return nil, http.StatusBadRequest, err
		}
		return b, 0, nil
	case ct == "" || strings.HasPrefix(ct, "application/json"):
		var b upload.Batch
		dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&b); err != nil {
			return nil, http.StatusBadRequest, err
		}
		return &b, 0, nil
	default:
		return nil, http.StatusUnsupportedMediaType, fmt.Errorf("content type %q: send %s or application/json", ct, upload.ContentType)
	}
}

// mark answers the center's mark: where its uplink resumes.
func (h *handler) mark(w http.ResponseWriter, r *http.Request) {
	code, ok := h.center(w, r)
	if !ok {
		return
	}
	mark, err := h.s.Mark(r.Context(), code)
	if err != nil {
		h.internal(w, "mark", err)
		return
	}
	writeJSON(w, http.StatusOK, upload.Ack{Center: code, Mark: mark})
}

func (h *handler) view(ctx context.Context, w http.ResponseWriter, code string) (*View, bool) {
	v, err := h.s.Dashboard(ctx, code, h.o.Loc, h.o.Stale)
	if errors.Is(err, ErrNotFound) {
		h.fail(w, http.StatusNotFound, "not_found", "no such center")
		return nil, false
	}
	if err != nil {
		h.internal(w, "dashboard", err)
		return nil, false
	}
	return v, true
}

// dashboardJSON answers a center's figures and its children's.
func (h *handler) dashboardJSON(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.view(r.Context(), w, r.PathValue("code")); ok {
		writeJSON(w, http.StatusOK, v)
	}
}
