package city

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"onedoor/internal/pgcluster"
	"onedoor/internal/pgcluster/pgtest"
	"onedoor/internal/queue"
)

// lockedBuffer is a log sink the server's goroutines may write at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// relayCity is a city tier on its own PostgreSQL that a test may stop and start again.
type relayCity struct {
	t   *testing.T
	pg  *pgcluster.Cluster
	log *lockedBuffer
	s   *Server
}

func (c *relayCity) start() {
	c.t.Helper()
	s, err := Start(context.Background(), Config{Addr: "127.0.0.1:0", DB: c.pg.URL("onedoor"), Clock: func() time.Time { return t0 },
		Options: Options{Root: "d1", Log: slog.New(slog.NewTextHandler(c.log, nil))}})
	if err != nil {
		c.t.Fatal(err)
	}
	c.s = s
}

func (c *relayCity) restart() {
	c.t.Helper()
	if err := c.s.Close(context.Background()); err != nil {
		c.t.Fatal(err)
	}
	c.start()
}

// call sends a request under token and returns the status and the body.
func (c *relayCity) call(method, path, token string, body any) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, c.s.URL()+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// receiver is a center's side of the relay: it pulls, admits each message once by
// queue.AdmitRelay against the last seq it applied per stream (case, dept, hop), and
// acknowledges.
type receiver struct {
	token   string
	last    map[queue.RelayStream]uint64
	applied []queue.RelayMsg
}

// ackOf is the body of an acknowledgement of a stream up to seq.
func ackOf(caseNo, dept string, hop queue.RelayHop, seq uint64) map[string]any {
	return map[string]any{"case": caseNo, "dept": dept, "hop": hop, "last": seq}
}

func (r *receiver) pull(c *relayCity, ack bool) int {
	c.t.Helper()
	st, body := c.call("GET", "/api/v1/relay", r.token, nil)
	var got struct{ Messages []queue.RelayMsg }
	if st != 200 || json.Unmarshal(body, &got) != nil {
		c.t.Fatalf("pull: %d %s", st, body)
	}
	for _, m := range got.Messages {
		key := m.Stream()
		if queue.AdmitRelay(r.last[key], m.Seq) == queue.RelayNew {
			r.last[key] = m.Seq
			r.applied = append(r.applied, m)
		}
		if ack {
			if st, body := c.call("POST", "/api/v1/relay/ack", r.token, ackOf(m.Case, m.Dept, m.Hop, m.Seq)); st != 204 {
				c.t.Fatalf("ack: %d %s", st, body)
			}
		}
	}
	return len(got.Messages)
}

// TestRelayEachHopExactlyOnce: a street center's sub-case goes out to the district's
// center and its decision comes back through the city tier, which is restarted between
// every step; a retried put stores nothing twice, a pull not acknowledged (a center
// that fell over before acknowledging) is offered again and applied once, and an
// acknowledged message is never offered again.
func TestRelayEachHopExactlyOnce(t *testing.T) {
	c := &relayCity{t: t, pg: pgtest.Start(t), log: &lockedBuffer{}}
	c.start()
	t.Cleanup(func() { c.s.Close(context.Background()) })
	ctx := context.Background()
	dtok, err := c.s.Store.AddCenter(ctx, Center{"d1", "示例区中心", "district", ""})
	if err != nil {
		t.Fatal(err)
	}
	stok, err := c.s.Store.AddCenter(ctx, Center{"s1", "示例街中心", "street", "d1"})
	if err != nil {
		t.Fatal(err)
	}
	street, district := &receiver{token: stok, last: map[queue.RelayStream]uint64{}}, &receiver{token: dtok, last: map[queue.RelayStream]uint64{}}
	out := queue.RelayMsg{Case: "s1-20261125-0001", Hop: queue.HopOut, Seq: 1, From: "s1", To: "d1", Dept: "GA", Item: "hk01", Days: 5, Materials: []string{"m1", "m2"}}
	for range 2 { // the second is a retry after a lost answer
		if st, body := c.call("POST", "/api/v1/relay", stok, out); st != 200 || !strings.Contains(string(body), `"last":1`) {
			t.Fatalf("put out: %d %s", st, body)
		}
	}
	c.restart()
	if n := district.pull(c, false); n != 1 { // fell over before acknowledging
		t.Fatalf("district pulled %d messages, want 1", n)
	}
	c.restart()
	if n := district.pull(c, true); n != 1 {
		t.Fatalf("district pulled %d messages again, want the same 1", n)
	}
	if n := district.pull(c, true); n != 0 {
		t.Fatalf("district pulled %d messages after acknowledging, want 0", n)
	}
	if len(district.applied) != 1 || district.applied[0].Item != "hk01" || district.applied[0].From != "s1" {
		t.Fatalf("district applied %+v, want the one sub-case", district.applied)
	}
	back := queue.RelayMsg{Case: out.Case, Hop: queue.HopBack, Seq: 1, From: "s1", To: "d1", Dept: "GA", Decision: queue.PartApproved, Result: queue.ResultPickup}
	if st, body := c.call("POST", "/api/v1/relay", stok, back); st != 409 { // s1 was not asked to decide
		t.Fatalf("the street deciding its own relayed sub-case: %d %s, want 409", st, body)
	}
	back.From, back.To = "d1", "s1"
	for range 2 {
		if st, body := c.call("POST", "/api/v1/relay", dtok, back); st != 200 {
			t.Fatalf("put back: %d %s", st, body)
		}
	}
	c.restart()
	if n := street.pull(c, true); n != 1 || len(street.applied) != 1 || street.applied[0].Decision != queue.PartApproved {
		t.Fatalf("street pulled %d, applied %+v; want the one approval", n, street.applied)
	}
	if n := street.pull(c, true); n != 0 {
		t.Fatalf("street pulled %d after acknowledging, want 0", n)
	}
	if st, _ := c.call("POST", "/api/v1/relay/ack", dtok, ackOf(out.Case, "GA", queue.HopBack, 1)); st != 404 {
		t.Errorf("the district acknowledging the street's message: %d, want 404", st)
	}
	if n := c.s.count(t, `SELECT count(*) FROM relay`); n != 2 {
		t.Errorf("%d relay rows, want 2 (one per hop)", n)
	}
}

// TestRelayRefusesBadInput: each bad message gets its 4xx in the JSON error shape and
// stores nothing; an applicant smuggled in is refused, and no ID number or name reaches
// PostgreSQL (dumped) or the city tier's log.
func TestRelayRefusesBadInput(t *testing.T) {
	c := &relayCity{t: t, pg: pgtest.Start(t), log: &lockedBuffer{}}
	c.start()
	t.Cleanup(func() { c.s.Close(context.Background()) })
	ctx := context.Background()
	if _, err := c.s.Store.AddCenter(ctx, Center{"d1", "示例区中心", "district", ""}); err != nil {
		t.Fatal(err)
	}
	stok, err := c.s.Store.AddCenter(ctx, Center{"s1", "示例街中心", "street", "d1"})
	if err != nil {
		t.Fatal(err)
	}
	const id, name = "110101199003070011", "测试甲乙" // made up
	good := `{"case":"N1","hop":"out","seq":1,"from":"s1","to":"d1","dept":"GA","item":"hk01"}`
	tests := []struct {
		name, token, body string
		status            int
	}{
		{"no token", "", good, 401},
		{"unknown token", "nope", good, 401},
		{"an applicant", stok, strings.Replace(good, `"item"`, `"applicant":{"id_number":"`+id+`","name":"`+name+`"},"item"`, 1), 400},
		{"not JSON", stok, `{"case":`, 400},
		{"no dept", stok, strings.Replace(good, `"GA"`, `""`, 1), 400},
		{"a decision going out", stok, strings.Replace(good, `"item"`, `"decision":"approved","item"`, 1), 400},
		{"in another center's name", stok, strings.Replace(good, `"from":"s1","to":"d1"`, `"from":"d1","to":"s1"`, 1), 403},
		{"past a gap", stok, strings.Replace(good, `"seq":1`, `"seq":2`, 1), 409},
		{"to no such center", stok, strings.Replace(good, `"to":"d1"`, `"to":"x9"`, 1), 404},
		{"a decision never asked for", stok, `{"case":"N1","hop":"back","seq":1,"from":"s1","to":"d1","dept":"GA","decision":"approved"}`, 409},
	}
	for _, tc := range tests {
		st, body := c.call("POST", "/api/v1/relay", tc.token, tc.body)
		if st != tc.status || (st != 409 && !strings.Contains(string(body), `"error":{"code"`)) {
			t.Errorf("%s: %d %s, want %d with the error shape", tc.name, st, body, tc.status)
		}
	}
	if st, _ := c.call("POST", "/api/v1/relay/ack", stok, `{"case":"N1","dept":"GA","hop":"sideways","last":1}`); st != 400 {
		t.Errorf("ack of an unknown hop: %d, want 400", st)
	}
	if st, _ := c.call("POST", "/api/v1/relay/ack", stok, `{"case":"N1","hop":"out","last":1}`); st != 400 {
		t.Errorf("ack without the department of its stream: %d, want 400", st)
	}
	if n := c.s.count(t, `SELECT count(*) FROM relay`); n != 0 {
		t.Errorf("%d relay rows stored by bad requests", n)
	}
	if st, _ := c.call("POST", "/api/v1/relay", stok, good); st != 200 {
		t.Fatalf("the good message after the bad: %d", st)
	}
	dump, err := c.pg.Dump("onedoor")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dump), "hk01") {
		t.Fatal("the dump does not hold the relayed sub-case: the grep below would prove nothing")
	}
	for _, s := range []string{id, name} {
		if strings.Contains(string(dump), s) || strings.Contains(c.log.String(), s) {
			t.Errorf("%q reached PostgreSQL or the city tier's log", s)
		}
	}
}
