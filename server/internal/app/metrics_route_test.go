package app

import (
	"strings"
	"testing"
)

// TestRequestMetricsByRoute: each request is counted under the route that answered it
// (the mux's pattern, taken from the request rather than looked up a second time), and
// a path no route has under the API's catch-all.
func TestRequestMetricsByRoute(t *testing.T) {
	ts := startServer(t)
	for _, p := range []string{"/api/v1/waits", "/api/v1/waits", "/api/v1/no-such-call"} {
		ts.raw("GET", p, "", "")
	}
	_, body := ts.raw("GET", "/metrics", "", "")
	for _, want := range []string{
		`onedoor_http_request_duration_seconds_count{route="GET /api/v1/waits",status="200"} 2`,
		`onedoor_http_request_duration_seconds_count{route="/api/",status="404"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
