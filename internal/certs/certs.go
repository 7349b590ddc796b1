// Package certs makes the certificates of a hall without a public name: a local
// certificate authority, and a server certificate it signs for the hall server's
// hostnames and IP addresses. Kiosks, callers and the boards' browsers trust the CA;
// the server presents the certificate. `make certs` and the tests use the same code.
package certs

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// File names written into the output folder.
const (
	CAFile        = "ca.pem"         // the CA certificate: give it to kiosks, callers and browsers
	CAKeyFile     = "ca-key.pem"     // the CA's private key (0600): keep it off the hall's machines
	ServerFile    = "server.pem"     // the server certificate, for -tls-cert
	ServerKeyFile = "server-key.pem" // the server's private key (0600), for -tls-key
)

// Lifetimes: the CA lasts ten years; the server certificate 825 days, the longest
// browsers accept for a certificate they were told to trust.
const (
	CALifetime     = 10 * 365 * 24 * time.Hour
	ServerLifetime = 825 * 24 * time.Hour
)

// CA is a certificate authority able to sign server certificates.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
	PEM  []byte // the certificate, PEM-encoded
}

// Pair is a signed certificate and its key, both PEM-encoded.
type Pair struct {
	CertPEM, KeyPEM []byte
}

// NewCA makes a fresh CA named after the hall.
func NewCA(name string, now time.Time) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("ca key: %w", err)
	}
	serial, err := serialNumber()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: name, Organization: []string{"onedoor local CA"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(CALifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("ca certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("ca certificate: %w", err)
	}
	return &CA{Cert: cert, Key: key, PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}

// KeyPEM returns the CA's private key, PEM-encoded.
func (ca *CA) KeyPEM() ([]byte, error) { return keyPEM(ca.Key) }

// Issue signs a server certificate for hosts: each a DNS name or an IP address.
func (ca *CA) Issue(hosts []string, now time.Time) (Pair, error) {
	if len(hosts) == 0 {
		return Pair{}, errors.New("server certificate: no hostnames or IP addresses")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Pair{}, fmt.Errorf("server key: %w", err)
	}
	serial, err := serialNumber()
	if err != nil {
		return Pair{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: hosts[0], Organization: []string{"onedoor hall server"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(ServerLifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if err := checkDNSName(h); err != nil {
			return Pair{}, err
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return Pair{}, fmt.Errorf("server certificate: %w", err)
	}
	kp, err := keyPEM(key)
	if err != nil {
		return Pair{}, err
	}
	return Pair{CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), KeyPEM: kp}, nil
}

// Paths are the files Generate wrote.
type Paths struct {
	CA, CAKey, Cert, Key string
	NewCA                bool // a new CA was made (else the folder's CA signed)
}

// Generate writes a server certificate for hosts into dir (made 0700 if missing), the
// keys 0600. The CA in dir signs it when there is one, so the hall's devices, which
// trust that CA, keep working when the server's names change; a new CA is made when
// there is none, or when force is set (every device must then trust the new ca.pem).
func Generate(dir string, hosts []string, force bool, now time.Time) (Paths, error) {
	p := Paths{CA: filepath.Join(dir, CAFile), CAKey: filepath.Join(dir, CAKeyFile),
		Cert: filepath.Join(dir, ServerFile), Key: filepath.Join(dir, ServerKeyFile)}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return p, fmt.Errorf("certs folder: %w", err)
	}
	_, statErr := os.Stat(p.CAKey)
	p.NewCA = force || errors.Is(statErr, os.ErrNotExist)
	var ca *CA
	var err error
	if p.NewCA {
		ca, err = NewCA("onedoor hall CA "+now.Format("2006-01-02"), now)
	} else if ca, err = LoadCA(p.CA, p.CAKey); err != nil {
		err = fmt.Errorf("%w (pass -force to make a new CA)", err)
	}
	if err != nil {
		return p, err
	}
	pair, err := ca.Issue(hosts, now)
	if err != nil {
		return p, err
	}
	files := []outFile{{p.Key, pair.KeyPEM, 0o600}, {p.Cert, pair.CertPEM, 0o644}}
	if p.NewCA {
		caKey, err := ca.KeyPEM()
		if err != nil {
			return p, err
		}
		files = append(files, outFile{p.CAKey, caKey, 0o600}, outFile{p.CA, ca.PEM, 0o644})
	}
	for _, f := range files {
		if err := writeFile(f.path, f.data, f.mode); err != nil {
			return p, err
		}
	}
	return p, nil
}

// outFile is a file Generate writes.
type outFile struct {
	path string
	data []byte
	mode os.FileMode
}

// LoadCA reads a CA's certificate and private key (PEM), as Generate wrote them.
func LoadCA(certFile, keyFile string) (*CA, error) {
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("load CA %s: %w", certFile, err)
	}
	cert, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil, fmt.Errorf("load CA %s: %w", certFile, err)
	}
	key, ok := pair.PrivateKey.(crypto.Signer)
	if !ok || !cert.IsCA {
		return nil, fmt.Errorf("load CA %s: not a CA certificate with a signing key", certFile)
	}
	return &CA{Cert: cert, Key: key, PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})}, nil
}

// ParseHosts splits a comma-separated list of hostnames and IP addresses, dropping
// blanks and duplicates, and checks each.
func ParseHosts(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, h := range strings.Split(s, ",") {
		h = strings.TrimSpace(h)
		if h == "" || seen[strings.ToLower(h)] {
			continue
		}
		seen[strings.ToLower(h)] = true
		if net.ParseIP(h) == nil {
			if err := checkDNSName(h); err != nil {
				return nil, err
			}
		}
		out = append(out, h)
	}
	if len(out) == 0 {
		return nil, errors.New("no hostnames or IP addresses given")
	}
	return out, nil
}

// writeFile writes data with mode, replacing a file of a looser mode.
func writeFile(path string, data []byte, mode os.FileMode) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// checkDNSName accepts a hostname of letters, digits, hyphens and dots.
func checkDNSName(h string) error {
	if len(h) > 253 {
		return fmt.Errorf("hostname %.20q…: too long", h)
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("hostname %q: not a valid name", h)
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return fmt.Errorf("hostname %q: not a valid name", h)
			}
		}
	}
	return nil
}

func keyPEM(k crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, fmt.Errorf("encode key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func serialNumber() (*big.Int, error) {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("serial number: %w", err)
	}
	return n, nil
}
