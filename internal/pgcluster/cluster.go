// Package pgcluster runs a private PostgreSQL cluster from Debian's binaries
// (/usr/lib/postgresql/*/bin): initdb into a folder, start it on a loopback port, stop
// it. Tests start one each (pgtest); `make run-city` keeps one in ./data/pg. Run as
// root, the binaries run as the `postgres` user (PostgreSQL refuses root), and the
// folder is handed to that user.
package pgcluster

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
)

// ErrNoBinaries says PostgreSQL is not installed (make deps installs it).
var ErrNoBinaries = errors.New("no PostgreSQL binaries in /usr/lib/postgresql/*/bin (make deps installs the postgresql package)")

// Superuser is the cluster's superuser; loopback connections are trusted.
const Superuser = "onedoor"

// Cluster is a private PostgreSQL cluster in Dir.
type Cluster struct {
	Dir  string // the data folder
	Bin  string // the folder of initdb, pg_ctl, pg_dump
	Port int    // the loopback port, once started
	cred *syscall.Credential
}

// FindBin returns the newest /usr/lib/postgresql/<version>/bin holding initdb.
func FindBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func version(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

// Open makes (initdb) the cluster in dir unless it is there already. It does not start it.
func Open(dir string) (*Cluster, error) {
	bin, err := FindBin()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("pg folder: %w", err)
	}
	c := &Cluster{Dir: abs, Bin: bin}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("pg folder: %w", err)
	}
	if os.Geteuid() == 0 {
		if err := c.dropRoot(); err != nil {
			return nil, err
		}
	}
	if _, err := os.Stat(filepath.Join(abs, "PG_VERSION")); err == nil {
		return c, nil
	}
	if _, err := c.run("initdb", "-D", abs, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"); err != nil {
		return nil, err
	}
	return c, nil
}

// dropRoot makes the binaries run as the postgres user and gives it the folder.
func (c *Cluster) dropRoot() error {
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("running as root, PostgreSQL needs the postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	if err := os.Chown(c.Dir, uid, gid); err != nil {
		return fmt.Errorf("pg folder: %w", err)
	}
	return nil
}

// Start starts the server on port (0: a free one) listening on 127.0.0.1 only, with its
// log in the folder's server.log; extra are more `-c name=value` settings.
func (c *Cluster) Start(port int, extra ...string) error {
	if port == 0 {
		var err error
		if port, err = FreePort(); err != nil {
			return err
		}
	}
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -k %s", port, c.Dir)
	for _, e := range extra {
		opts += " -c " + e
	}
	if _, err := c.run("pg_ctl", "start", "-w", "-t", "60", "-D", c.Dir, "-l", filepath.Join(c.Dir, "server.log"), "-o", opts); err != nil {
		return err
	}
	c.Port = port
	return nil
}

// Stop stops the server: "fast" ends the sessions cleanly, "immediate" is a crash.
func (c *Cluster) Stop(mode string) error {
	_, err := c.run("pg_ctl", "stop", "-w", "-D", c.Dir, "-m", mode)
	return err
}

// URL is the connection string for database db on the loopback port.
func (c *Cluster) URL(db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", Superuser, c.Port, db)
}

// CreateDB creates database name (createdb), unless it exists.
func (c *Cluster) CreateDB(name string) error {
	out, err := c.run("createdb", "-h", "127.0.0.1", "-p", strconv.Itoa(c.Port), "-U", Superuser, name)
	if err != nil && bytes.Contains(out, []byte("already exists")) {
		return nil
	}
	return err
}

// Dump returns pg_dump's plain SQL of database db: every table's rows.
func (c *Cluster) Dump(db string) ([]byte, error) {
	return c.run("pg_dump", "-h", "127.0.0.1", "-p", strconv.Itoa(c.Port), "-U", Superuser, "--data-only", db)
}

// Log returns the server's log so far.
func (c *Cluster) Log() ([]byte, error) {
	return os.ReadFile(filepath.Join(c.Dir, "server.log"))
}

// run runs one of the binaries (as the postgres user when root) and returns its output.
func (c *Cluster) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.Bin, name), args...)
	cmd.Dir = os.TempDir() // a folder the postgres user may enter
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "PGTZ=UTC")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("%s: %w: %s", name, err, bytes.TrimSpace(out.Bytes()))
	}
	return out.Bytes(), nil
}

// FreePort returns a loopback TCP port nobody listens on now.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
