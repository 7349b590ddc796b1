package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
)

// Option tunes a Client made by New.
type Option func(*Client)

// WithTLS makes the client use conf for HTTPS and WSS (a copy is kept). The client
// speaks HTTP/1.1 over TLS, keeping its connections alive: a kiosk or a caller has one
// connection anyway, so HTTP/2's multiplexing buys nothing, and at 64 kiosks it cost
// about 30 % of the issue rate (BenchmarkIssueTLS). Browsers get HTTP/2 from the server.
func WithTLS(conf *tls.Config) Option {
	return func(c *Client) {
		c.tls = conf.Clone()
		c.tls.NextProtos = []string{"http/1.1"}
		if tr, ok := c.http.Transport.(*http.Transport); ok {
			tr.TLSClientConfig = c.tls.Clone()
			tr.ForceAttemptHTTP2 = false
		}
	}
}

// CAOption trusts the system's roots plus the PEM certificates in caFile (a hall's local
// CA, made by `make certs`). An empty caFile adds nothing and returns no option.
func CAOption(caFile string) ([]Option, error) {
	if caFile == "" {
		return nil, nil
	}
	conf, err := CAConfig(caFile)
	if err != nil {
		return nil, err
	}
	return []Option{WithTLS(conf)}, nil
}

// CAConfig reads caFile and returns a TLS configuration that trusts the system's roots
// and the certificates in it.
func CAConfig(caFile string) (*tls.Config, error) {
	data, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("read CA file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("CA file %s: no PEM certificate in it", caFile)
	}
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}

// explainTLS says in plain words what a certificate failure means, keeping err in the
// chain.
func explainTLS(err error) error {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknown):
		return fmt.Errorf("the server's certificate is not signed by a trusted CA (give the hall's CA with -ca): %w", err)
	case errors.As(err, &host):
		return fmt.Errorf("the server's certificate is not for this address (remake it with the right CERT_HOSTS): %w", err)
	case errors.As(err, &invalid):
		return fmt.Errorf("the server's certificate is not valid (expired or wrong use?): %w", err)
	case errors.As(err, &verify):
		return fmt.Errorf("the server's certificate was refused: %w", err)
	}
	return err
}

// wsTLS is the websocket's TLS configuration: the client's, which offers only HTTP/1.1
// (a websocket upgrade is an HTTP/1.1 request).
func (c *Client) wsTLS() *tls.Config {
	if c.tls == nil {
		return nil
	}
	return c.tls.Clone()
}

// CheckCA checks a -ca flag against the server's URL, for the kiosk's, the caller's and
// the tools' flag parsing: the file must hold a PEM certificate, and the URL must be
// https, since a CA given for a plain-HTTP server would protect nothing.
func CheckCA(server, caFile string) error {
	if caFile == "" {
		return nil
	}
	if !strings.HasPrefix(strings.ToLower(server), "https://") {
		return fmt.Errorf("-ca %s is for a server reached over https, but the server is %q", caFile, server)
	}
	if _, err := CAConfig(caFile); err != nil {
		return fmt.Errorf("-ca: %w", err)
	}
	return nil
}
