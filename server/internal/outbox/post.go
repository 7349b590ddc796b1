package outbox

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// StatusError is a receiver's answer that is not 2xx: not acknowledged, retried.
type StatusError struct {
	// Code is the HTTP status code.
	Code int
}

// Error names the status.
func (e *StatusError) Error() string {
	return fmt.Sprintf("outbox: the receiver answered %d %s", e.Code, http.StatusText(e.Code))
}

// newClient returns an HTTP client with an overall timeout that does not follow
// redirects: a 3xx is not an acknowledgement, and following one could turn the POST into
// a GET to somewhere else. It keeps enough idle connections for the Dispatcher's
// parallel lines to one receiver (the default keeps 2 and dials again for the rest).
func newClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	return &http.Client{
		Transport:     tr,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// post sends body to url with the headers and returns nil for a 2xx answer. The answer's
// body is read (up to 64 KiB, so the connection can be reused) and dropped, never logged:
// a gateway may echo what it was sent.
func post(ctx context.Context, c *http.Client, url string, h http.Header, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("outbox: request: %w", err)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("outbox: post: %w", err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &StatusError{Code: resp.StatusCode}
	}
	return nil
}
