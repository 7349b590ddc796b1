package pgcluster

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// Standby makes a streaming standby of the running primary in dir (an empty or new
// folder) with pg_basebackup: it follows the primary as application name, the name
// synchronous_standby_names gives it. Start it like any cluster.
func Standby(primary *Cluster, dir, name string) (*Cluster, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("standby folder: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("standby folder: %w", err)
	}
	c := &Cluster{Dir: abs, Bin: primary.Bin}
	if os.Geteuid() == 0 {
		if err := c.dropRoot(); err != nil {
			return nil, err
		}
	}
	conn := fmt.Sprintf("host=127.0.0.1 port=%d user=%s application_name=%s", primary.Port, Superuser, name)
	if _, err := c.run("pg_basebackup", "-d", conn, "-D", abs, "-R", "-X", "stream", "-c", "fast"); err != nil {
		return nil, err
	}
	return c, nil
}

// Promote makes a standby the primary and waits until it takes writes.
func (c *Cluster) Promote() error {
	_, err := c.run("pg_ctl", "promote", "-w", "-D", c.Dir)
	return err
}

// HostPort is the cluster's loopback address, for a multi-host connection string.
func (c *Cluster) HostPort() string { return "127.0.0.1:" + strconv.Itoa(c.Port) }
