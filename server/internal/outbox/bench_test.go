package outbox

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkPutAndDeliver: messages put 64 to a transaction (the store's group commit)
// over 16 keys, delivered by webhook to a receiver on loopback; the clock runs from the
// first Put to the last message deleted.
func BenchmarkPutAndDeliver(b *testing.B) {
	var got atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	db, _ := tempDB(b)
	w := newWatch()
	var acked atomic.Int64
	opt := Options{Parallel: 16, OnAttempt: func(_ Delivery, err error) {
		if err == nil && acked.Add(1) == int64(b.N) {
			w.bump()
		}
	}}
	d := New(db, map[string]Sender{"webhook": &Webhook{URL: srv.URL, Secret: []byte("k")}}, opt)
	stop := run(b, d)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i += 64 {
		err := db.Update(func(tx *bolt.Tx) error {
			for j := i; j < min(i+64, b.N); j++ {
				if _, err := Put(tx, msg("webhook", fmt.Sprint("case-", j%16), j/16+1)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		d.Notify()
	}
	w.wait(b, "every message acknowledged", func() bool { return acked.Load() == int64(b.N) })
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
	stop()
	if got.Load() < int64(b.N) {
		b.Fatalf("the receiver got %d of %d", got.Load(), b.N)
	}
}
