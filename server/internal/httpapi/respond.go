package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// apiError is an error of the HTTP layer itself (decoding), with its status.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.msg }

var errInternal = errors.New("internal error")

func badRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, "bad_request", fmt.Sprintf(format, args...)}
}

func notFound(msg string) error { return &apiError{http.StatusNotFound, "not_found", msg} }

// statusOf maps a domain error code to its HTTP status: the one place that does.
func statusOf(code queue.Code) int {
	switch code {
	case queue.Invalid:
		return http.StatusUnprocessableEntity
	case queue.NotFound:
		return http.StatusNotFound
	case queue.Conflict, queue.Exhausted:
		return http.StatusConflict
	case queue.Unauthorized:
		return http.StatusUnauthorized
	case queue.Forbidden:
		return http.StatusForbidden
	case queue.Unavailable:
		return http.StatusServiceUnavailable
	case queue.Limited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// fail writes err as the JSON error body with its status; internal errors are logged
// once here and shown to the client only as "internal error".
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if errors.As(err, &ae) {
		writeJSON(w, ae.status, wire.Error{Error: wire.ErrorBody{Code: ae.code, Message: ae.msg}})
		return
	}
	code := queue.ErrorCode(err)
	status := statusOf(code)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == queue.Unauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="onedoor"`)
	}
	writeJSON(w, status, wire.Error{Error: wire.ErrorBody{Code: string(code), Message: queue.ErrorMessage(err)}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// decode reads one JSON object of at most MaxBody bytes into v, refusing unknown fields
// and trailing data. The Content-Type is not checked: the body must be JSON whatever it
// says (curl's -d sends a form type), and a call authorised by a cookie must also carry its CSRF header (websession.go), which a form of another site cannot send. An empty body decodes as {} when allowEmpty.
func decode(w http.ResponseWriter, r *http.Request, v any, allowEmpty bool) error {
	body := http.MaxBytesReader(w, r.Body, MaxBody)
	data, err := io.ReadAll(body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &apiError{http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("the body is larger than %d bytes", MaxBody)}
		}
		return badRequest("read body: %v", err)
	}
	return decodeBytes(data, v, allowEmpty)
}

// decodeBytes is decode without the transport: the part the fuzz tests drive.
func decodeBytes(data []byte, v any, allowEmpty bool) error {
	if len(strings.TrimSpace(string(data))) == 0 {
		if allowEmpty {
			return nil
		}
		return badRequest("the body is empty: send a JSON object")
	}
	if !utf8.Valid(data) {
		return badRequest("the body is not valid UTF-8")
	}
	if !json.Valid(data) {
		return badRequest("the body is not valid JSON")
	}
	if err := checkKeys(data); err != nil {
		return badRequest("malformed request: %v", err)
	}
	// Decode into a fresh value and copy it over only on success: encoding/json fills
	// fields up to an error, and a rejected body must leave v as it was.
	fresh := reflect.New(reflect.TypeOf(v).Elem())
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(fresh.Interface()); err != nil {
		return badRequest("malformed request: %v", err)
	}
	if dec.More() {
		return badRequest("only one JSON object is allowed")
	}
	reflect.ValueOf(v).Elem().Set(fresh.Elem())
	return nil
}
