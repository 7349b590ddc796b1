// Command certs makes a local CA and a server certificate for a hall without a public
// name (what `make certs` runs):
//
//	certs -dir data/tls -hosts localhost,127.0.0.1,hall-server,192.168.1.10
//
// The server then runs with -tls-cert data/tls/server.pem -tls-key data/tls/server-key.pem;
// kiosks and callers get -ca data/tls/ca.pem, and the boards' browsers trust ca.pem.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"onedoor/internal/certs"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("certs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "data/tls", "folder to write ca.pem, ca-key.pem, server.pem, server-key.pem into")
	hosts := fs.String("hosts", defaultHosts(), "comma-separated hostnames and IP addresses the server is reached by")
	force := fs.Bool("force", false, "make a new CA even if the folder has one (every device must then trust the new ca.pem)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "certs: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	hs, err := certs.ParseHosts(*hosts)
	if err != nil {
		fmt.Fprintln(stderr, "certs: -hosts:", err)
		return 2
	}
	p, err := certs.Generate(*dir, hs, *force, time.Now())
	if err != nil {
		fmt.Fprintln(stderr, "certs:", err)
		return 1
	}
	if p.NewCA {
		fmt.Fprintf(stdout, "new local CA %s (key %s, keep a copy off the hall's machines): every kiosk, caller and board must trust it\n", p.CA, p.CAKey)
	} else {
		fmt.Fprintf(stdout, "signed with the existing local CA %s: devices that trust it need nothing new\n", p.CA)
	}
	fmt.Fprintf(stdout, "server certificate %s, key %s, for %v\n", p.Cert, p.Key, hs)
	fmt.Fprintf(stdout, "server: -tls-cert %s -tls-key %s\nkiosk, caller, hallsim: -ca %s\n", p.Cert, p.Key, p.CA)
	return 0
}

// defaultHosts is localhost, 127.0.0.1 and this machine's hostname.
func defaultHosts() string {
	h := "localhost,127.0.0.1"
	if name, err := os.Hostname(); err == nil && name != "" {
		h += "," + name
	}
	return h
}
