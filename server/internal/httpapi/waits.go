package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// The waits page is polled by phones before they come: thousands of them, every few
// seconds, for an answer that changes only when the hall does. So it is computed once and
// served from memory until an event or the clock makes it stale.
const (
	// waitsFresh is how long an answer is served while no event has happened.
	waitsFresh = 15 * time.Second
	// waitsMinAge is how long an answer is served even while events happen.
	waitsMinAge = 2 * time.Second
)

// waitsCache holds the last answer of GET /api/v1/waits.
type waitsCache struct {
	mu   sync.Mutex
	body []byte
	etag string
	seq  uint64
	at   time.Time
}

// waits answers GET /api/v1/waits: the cached answer, recomputed when stale. It is not
// rate limited per address: phones behind one carrier address share it, and an answer
// from memory costs less than the limiter's bookkeeping.
func (s *Server) waits(w http.ResponseWriter, r *http.Request) {
	body, etag := s.currentWaits()
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=10")
	h.Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}

// currentWaits returns the answer, recomputing it (once, whoever asks first) when an
// event has happened since and it is older than waitsMinAge, or it is older than
// waitsFresh.
func (s *Server) currentWaits() ([]byte, string) {
	c := &s.waitsCache
	var seq uint64
	s.store.Read(func(h *queue.Hall) { seq = h.LastSeq })
	now := s.store.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	age := now.Sub(c.at)
	if c.body != nil && age >= 0 && age < waitsFresh && (seq == c.seq || age < waitsMinAge) {
		return c.body, c.etag
	}
	out := s.computeWaits(now)
	body, _ := json.Marshal(out)
	sum := sha256.Sum256(body)
	c.body, c.etag, c.seq, c.at = body, `"`+hex.EncodeToString(sum[:8])+`"`, out.Seq, now
	return c.body, c.etag
}

// computeWaits predicts, per category, the wait of an ordinary ticket taken now.
func (s *Server) computeWaits(now time.Time) wire.Waits {
	cat := s.store.Catalog()
	out := wire.Waits{Center: cat.Center.Code, CenterName: cat.Center.Name, NameEn: cat.Center.NameEn,
		At: now.In(s.store.Location()), Hours: cat.Center.Hours, Categories: []wire.CategoryWait{}}
	s.store.Read(func(h *queue.Hall) {
		out.Day, out.Seq, out.Notice = h.Day, h.LastSeq, h.Notice
		for _, c := range cat.Categories {
			wt := h.WaitForNew(c.Code, now)
			out.Categories = append(out.Categories, wire.CategoryWait{Code: c.Code, Prefix: c.PrefixLetter,
				Name: c.NameZh, NameEn: c.NameEn, Waiting: h.Queue.Waiting(c.Code),
				WaitMinS: int(wt.Low.Seconds()), WaitMaxS: int(wt.High.Seconds()), NoWindow: wt.NoWindow, Paused: wt.Paused})
		}
	})
	return out
}
