package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// TestCheckWhileWriting: the consistency check the tests run at their end may meet
// commands still being written; it must never report a healthy file as damaged (a
// read-only bbolt check reads a freelist the writer is changing and did, as
// "reachable freed").
func TestCheckWhileWriting(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	ctx := context.Background()
	var wg sync.WaitGroup
	done := make(chan struct{})
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: fmt.Sprint("kiosk-", w), IdemKey: fmt.Sprint(i)}, nil); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	var failed error
	for range 300 {
		if err := s.Check(); err != nil {
			failed = err
			break
		}
	}
	close(done)
	wg.Wait()
	if failed != nil {
		t.Fatalf("check while writing: %v", failed)
	}
}
