package city

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"onedoor/internal/queue"
)

// relayAck answers a put relay message: the last seq the city holds for its stream
// (case, dept, hop); a center acknowledges what it took in the same shape.
type relayAck struct {
	Case string         `json:"case"`
	Dept string         `json:"dept"`
	Hop  queue.RelayHop `json:"hop"`
	Last uint64         `json:"last"`
}

// routesRelay serves the relay of cross-level cases, each call under a center token.
func (h *handler) routesRelay(m *http.ServeMux) {
	m.HandleFunc("POST /api/v1/relay", h.putRelay)
	m.HandleFunc("GET /api/v1/relay", h.pendingRelay)
	m.HandleFunc("POST /api/v1/relay/ack", h.ackRelay)
}

// decode reads a JSON body of at most 64 KiB into v, refusing unknown fields (so that
// nothing beside the message's own fields, an applicant least of all, gets in).
func (h *handler) decode(w http.ResponseWriter, r *http.Request, what string, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		h.fail(w, http.StatusBadRequest, "bad_request", what+": "+err.Error())
		return false
	}
	return true
}

// putRelay stores one message: 200 with the last seq held (a retry gets the same), 409
// with it when the message is past a gap.
func (h *handler) putRelay(w http.ResponseWriter, r *http.Request) {
	code, ok := h.center(w, r)
	if !ok {
		return
	}
	var m queue.RelayMsg
	if !h.decode(w, r, "relay", &m) {
		return
	}
	if err := m.Check(); err != nil {
		h.fail(w, http.StatusBadRequest, "bad_request", "relay: "+err.Error())
		return
	}
	last, err := h.s.PutRelay(r.Context(), code, &m)
	var gap *RelayGapError
	switch {
	case errors.As(err, &gap):
		writeJSON(w, http.StatusConflict, relayAck{m.Case, m.Dept, m.Hop, gap.Last})
	case errors.Is(err, ErrForeignRelay):
		h.fail(w, http.StatusForbidden, "forbidden", err.Error())
	case errors.Is(err, ErrNoRelayOut):
		h.fail(w, http.StatusConflict, "conflict", err.Error())
	case errors.Is(err, ErrNotFound):
		h.fail(w, http.StatusNotFound, "not_found", "no such center to relay to")
	case err != nil:
		h.internal(w, "put relay", err)
	default:
		writeJSON(w, http.StatusOK, relayAck{m.Case, m.Dept, m.Hop, last})
	}
}

// pendingRelay answers the messages addressed to the calling center and not yet
// acknowledged, oldest first; ?hop=out or back keeps one direction.
func (h *handler) pendingRelay(w http.ResponseWriter, r *http.Request) {
	code, ok := h.center(w, r)
	if !ok {
		return
	}
	hop := queue.RelayHop(r.URL.Query().Get("hop"))
	if hop != "" && hop != queue.HopOut && hop != queue.HopBack {
		h.fail(w, http.StatusBadRequest, "bad_request", "hop is out or back")
		return
	}
	ms, err := h.s.PendingRelay(r.Context(), code, hop, 500)
	if err != nil {
		h.internal(w, "pending relay", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": ms})
}

// ackRelay marks the calling center's messages of a stream as taken, up to a seq.
func (h *handler) ackRelay(w http.ResponseWriter, r *http.Request) {
	code, ok := h.center(w, r)
	if !ok {
		return
	}
	var a relayAck
	if !h.decode(w, r, "relay ack", &a) {
		return
	}
	if a.Case == "" || a.Dept == "" || a.Last == 0 || (a.Hop != queue.HopOut && a.Hop != queue.HopBack) {
		h.fail(w, http.StatusBadRequest, "bad_request", "relay ack: case, dept, hop (out or back) and last are required")
		return
	}
	err := h.s.AckRelay(r.Context(), code, queue.RelayStream{Case: a.Case, Dept: a.Dept, Hop: a.Hop}, a.Last)
	switch {
	case errors.Is(err, ErrNotFound):
		h.fail(w, http.StatusNotFound, "not_found", "no such relay message for this center")
	case err != nil:
		h.internal(w, "ack relay", err)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}
