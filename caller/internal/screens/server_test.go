package screens

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// serverBin is the server built once for every test of the package.
var serverBin string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "onedoor-caller-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if serverBin, err = testkit.BuildServer(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// server is a demo server process on a loopback port.
type server struct {
	t     *testing.T
	dir   string
	addr  string
	URL   string
	kiosk *client.Client
	cmd   *exec.Cmd
	args  []string        // more server flags (TLS)
	trust []client.Option // how clients trust the server (-ca)
}

// startServer starts a demo server with its data in a temporary folder.
func startServer(t *testing.T) *server {
	t.Helper()
	s := &server{t: t, dir: t.TempDir(), addr: "127.0.0.1:0"}
	s.start()
	t.Cleanup(s.stop)
	return s
}

// startServerArgs starts a demo server with more flags (a catalog of its own).
func startServerArgs(t *testing.T, args ...string) *server {
	t.Helper()
	s := &server{t: t, dir: t.TempDir(), addr: "127.0.0.1:0", args: args}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *server) start() {
	s.t.Helper()
	cmd := exec.Command(serverBin, append([]string{"-demo", "-addr", s.addr, "-data", s.dir}, s.args...)...)
	cmd.Env = append(os.Environ(), "ONEDOOR_PUBLIC_URL=")
	cmd.Stderr = io.Discard
	url, token, err := testkit.StartServer(cmd)
	if err != nil {
		s.t.Fatal(err)
	}
	s.cmd, s.URL, s.addr = cmd, url, url[strings.Index(url, "://")+3:]
	s.kiosk = client.New(url, token, s.trust...)
}

// stop kills the server process (SIGKILL: a lost connection, not a goodbye).
func (s *server) stop() {
	if s.cmd != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}

var keys atomic.Int64

// issue takes a ticket at the kiosk for item, with a synthetic applicant.
func (s *server) issue(item string) wire.Ticket {
	s.t.Helper()
	c, _ := queue.IDCheckDigit("44019919900101123")
	a := &wire.Applicant{CardType: queue.CardResident, IDNumber: "44019919900101123" + string(c), Name: "测试甲"}
	tk, err := s.kiosk.Issue(context.Background(), wire.IssueRequest{Item: item, Applicant: a}, fmt.Sprintf("caller-%d", keys.Add(1)))
	if err != nil {
		s.t.Fatal(err)
	}
	return tk
}

// events returns the audit trail, read with the supervisor's token.
func (s *server) events() []wire.Event {
	s.t.Helper()
	ctx := context.Background()
	c := client.New(s.URL, "")
	if _, err := c.Login(ctx, wire.LoginRequest{Staff: "super", PIN: "123456"}); err != nil {
		s.t.Fatal(err)
	}
	var all []wire.Event
	var after uint64
	for {
		page, err := c.Events(ctx, after, 1000)
		if err != nil {
			s.t.Fatal(err)
		}
		all = append(all, page.Events...)
		if len(page.Events) == 0 || page.Events[len(page.Events)-1].Seq >= page.Last {
			return all
		}
		after = page.Events[len(page.Events)-1].Seq
	}
}

// eventsOf returns the events of one type.
func (s *server) eventsOf(typ string) []wire.Event {
	var out []wire.Event
	for _, ev := range s.events() {
		if ev.Type == typ {
			out = append(out, ev)
		}
	}
	return out
}

// openWindow logs clerk staff in at window n on a client of its own and opens the
// window: a transfer there is refused while it is closed.
func (s *server) openWindow(staff string, n int) *client.Client {
	s.t.Helper()
	c := client.New(s.URL, "")
	ctx := context.Background()
	if _, err := c.Login(ctx, wire.LoginRequest{Staff: staff, PIN: "123456", Window: n}); err != nil {
		s.t.Fatal(err)
	}
	if _, err := c.WindowState(ctx, n, "open", ""); err != nil {
		s.t.Fatal(err)
	}
	return c
}
