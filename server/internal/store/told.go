package store

import (
	"fmt"
	"time"

	"onedoor/internal/queue"
)

// The citizen's turn messages ("N ahead", "called") are sent at most once per ticket and
// kind: the told bucket marks each, in the write transaction that puts the message, so a
// message and its mark commit together or not at all.

var bucketTold = []byte("told") // "ticket id/kind" → empty

// Hall is the hall as the batch left it (every event of the batch applied). A Producer
// must not change it.
func (c OutboxContext) Hall() *queue.Hall { return c.s.hall }

// Now is the time of the batch.
func (c OutboxContext) Now() time.Time { return c.s.opts.Clock() }

// Once marks ticket id as told kind and reports whether it was the first time: false
// means the message was put already and must not be put again.
func (c OutboxContext) Once(id, kind string) (bool, error) {
	b := c.btx.Bucket(bucketTold)
	if b == nil {
		return false, fmt.Errorf("told: no bucket")
	}
	k := []byte(id + "/" + kind)
	if b.Get(k) != nil {
		return false, nil
	}
	if err := b.Put(k, []byte{}); err != nil {
		return false, fmt.Errorf("told %s: %w", k, err)
	}
	return true, nil
}

// Told reports whether ticket id was marked told kind (Once) already.
func (c OutboxContext) Told(id, kind string) bool {
	b := c.btx.Bucket(bucketTold)
	return b != nil && b.Get([]byte(id+"/"+kind)) != nil
}
