package app

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"onedoor/server/internal/store"
)

// pushReceiver is a push service on loopback for one subscription the test made: it
// keeps the subscription's private key and auth secret, as a browser does, and decrypts
// every message it is sent (RFC 8291, aes128gcm of RFC 8188), refusing one without a
// VAPID authorization.
type pushReceiver struct {
	t    *testing.T
	url  string
	priv *ecdh.PrivateKey
	auth []byte

	mu     sync.Mutex
	msgs   []string // the decrypted payloads acknowledged, in arrival order
	bad    []string // requests that could not be read
	more   chan struct{}
	status int // the answer when set (a push service failing); 0: 201
	lose   int // answers still to lose: the message taken, the connection cut
}

// loseAnswers has the receiver take the next n messages but cut the connection instead
// of answering, so the sender tries them again.
func (p *pushReceiver) loseAnswers(n int) {
	p.mu.Lock()
	p.lose = n
	p.mu.Unlock()
}

// setStatus has the receiver answer code without taking the message; 0 takes it again.
func (p *pushReceiver) setStatus(code int) {
	p.mu.Lock()
	p.status = code
	p.mu.Unlock()
}

// messages returns the decrypted payloads acknowledged so far.
func (p *pushReceiver) messages() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.msgs...)
}

// newPushReceiver starts a push receiver with a fresh key pair.
func newPushReceiver(t *testing.T) *pushReceiver {
	t.Helper()
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	auth := make([]byte, 16)
	rand.Read(auth)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pushReceiver{t: t, url: "http://" + ln.Addr().String() + "/push/sub1", priv: priv, auth: auth, more: make(chan struct{}, 16)}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return p
}

// subscription is what PushManager.subscribe would have given the page.
func (p *pushReceiver) subscription() store.PushSubscription {
	b64 := base64.RawURLEncoding.EncodeToString
	return store.PushSubscription{Endpoint: p.url, Keys: store.PushKeys{P256dh: b64(p.priv.PublicKey().Bytes()), Auth: b64(p.auth)}}
}

// ServeHTTP decrypts one message and answers 201, as push services do.
func (p *pushReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	msg, err := p.decrypt(r, body)
	p.mu.Lock()
	if status := p.status; status != 0 && err == nil {
		p.mu.Unlock()
		w.WriteHeader(status)
		return
	}
	lose := false
	if err != nil {
		p.bad = append(p.bad, err.Error())
	} else {
		p.msgs = append(p.msgs, msg)
		if lose = p.lose > 0; lose {
			p.lose--
		}
	}
	p.mu.Unlock()
	select {
	case p.more <- struct{}{}:
	default:
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if lose {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close() // taken, but the answer never reaches the sender
			return
		}
	}
	w.WriteHeader(http.StatusCreated)
}

// decrypt checks the headers and opens an aes128gcm body with the subscription's keys.
func (p *pushReceiver) decrypt(r *http.Request, body []byte) (string, error) {
	if r.Header.Get("Content-Encoding") != "aes128gcm" {
		return "", fmt.Errorf("content encoding %q", r.Header.Get("Content-Encoding"))
	}
	if a := r.Header.Get("Authorization"); !strings.HasPrefix(a, "vapid t=") || !strings.Contains(a, ", k=") {
		return "", fmt.Errorf("no VAPID authorization: %q", a)
	}
	// header: salt(16) ‖ rs(4) ‖ idlen(1) ‖ keyid(idlen: the sender's public key)
	if len(body) < 21 {
		return "", errors.New("short body")
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	if len(body) < 21+idlen || rs < 18 {
		return "", errors.New("bad header")
	}
	asPub, ct := body[21:21+idlen], body[21+idlen:]
	senderKey, err := ecdh.P256().NewPublicKey(asPub)
	if err != nil {
		return "", fmt.Errorf("sender key: %w", err)
	}
	secret, err := p.priv.ECDH(senderKey)
	if err != nil {
		return "", err
	}
	hm := func(key []byte, parts ...[]byte) []byte {
		m := hmac.New(sha256.New, key)
		for _, x := range parts {
			m.Write(x)
		}
		return m.Sum(nil)
	}
	// RFC 8291 §3.4: IKM from the ECDH secret and the auth secret, bound to both keys
	prkKey := hm(p.auth, secret)
	info := append(append([]byte("WebPush: info\x00"), p.priv.PublicKey().Bytes()...), asPub...)
	ikm := hm(prkKey, info, []byte{1})
	// RFC 8188 §2.2: the content key and nonce
	prk := hm(salt, ikm)
	cek := hm(prk, []byte("Content-Encoding: aes128gcm\x00"), []byte{1})[:16]
	nonce := hm(prk, []byte("Content-Encoding: nonce\x00"), []byte{1})[:12]
	block, err := aes.NewCipher(cek)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	if len(ct) > int(rs) {
		return "", errors.New("more than one record")
	}
	plain, err := gcm.Open(nil, nonce, ct, nil)
	if err != nil {
		return "", fmt.Errorf("decrypt: %w", err)
	}
	// the last record ends with the delimiter 2, then zero padding
	i := bytes.LastIndexFunc(plain, func(r rune) bool { return r != 0 })
	if i < 0 || plain[i] != 2 {
		return "", errors.New("no last-record delimiter")
	}
	return string(plain[:i]), nil
}

// wait waits until n messages were decrypted, and returns them.
func (p *pushReceiver) wait(n int, within time.Duration) []string {
	p.t.Helper()
	deadline := time.After(within)
	for {
		p.mu.Lock()
		msgs, bad := append([]string(nil), p.msgs...), append([]string(nil), p.bad...)
		p.mu.Unlock()
		if len(bad) > 0 {
			p.t.Fatalf("push receiver refused: %v", bad)
		}
		if len(msgs) >= n {
			return msgs
		}
		select {
		case <-p.more:
		case <-deadline:
			p.t.Fatalf("push receiver: %d messages after %v, want %d: %q", len(msgs), within, n, msgs)
		}
	}
}
