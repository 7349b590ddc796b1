package screens

import (
	"context"
	"errors"
	"net/http"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// While the server is away the kiosk keeps serving what needs no server: home, the
// items and their checklists come from the catalog it holds (and keeps on disk,
// catalog_cache.go). Only taking a ticket needs the server: issueRetrying waits for it
// with the same idempotency key, so an answer lost on the way never makes a second
// ticket, and gives up after Config.IssueWait.

// retryable says whether an issue error may go away by itself: the server could not
// be reached, was busy, or failed; a refusal (4xx) will not change.
func retryable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	st := client.StatusOf(err)
	return st == 0 || st == http.StatusTooManyRequests || st >= 500
}

// issueRetrying asks for the ticket until the server answers, refuses, or
// Config.IssueWait has passed; the screen shows that it waits for the server.
func (k *Kiosk) issueRetrying(ctx context.Context, req wire.IssueRequest, key string, visit uint64) (wire.Ticket, error) {
	deadline := time.Now().Add(k.cfg.IssueWait)
	wait := 200 * time.Millisecond
	defer k.d.Do(func() { k.setAwaitServer(false) })
	for attempt := 1; ; attempt++ {
		left := time.Until(deadline)
		actx, cancel := context.WithTimeout(ctx, min(issueTimeout, max(left, time.Second)))
		t, err := k.d.API.Issue(actx, req, key)
		cancel()
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return t, err
		}
		if k.ops.visit.Load() != visit {
			k.log.Info("issue: the visit ended while waiting for the server; no more retries", "attempts", attempt)
			return t, errVisitEnded
		}
		if left = time.Until(deadline); left <= 0 {
			k.log.Warn("issue: the server stayed away; giving up", "attempts", attempt, "err", err)
			return t, &serverAwayError{err: err}
		}
		if attempt == 1 {
			k.log.Info("issue: waiting for the server", "err", err)
			k.d.Do(func() { k.setAwaitServer(true) })
		}
		select {
		case <-ctx.Done():
			return t, ctx.Err()
		case <-time.After(min(wait, left)):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// errVisitEnded stops the retries of a visit that ended meanwhile.
var errVisitEnded = errors.New("the visit ended while waiting for the server")

// serverAwayError is an issue given up because the server stayed away.
type serverAwayError struct{ err error }

func (e *serverAwayError) Error() string { return "the server stayed away: " + e.err.Error() }
func (e *serverAwayError) Unwrap() error { return e.err }

// setAwaitServer records whether a ticket waits for the server and tells the screen.
func (k *Kiosk) setAwaitServer(on bool) {
	if k.ops.awaitServer == on {
		return
	}
	k.ops.awaitServer = on
	if w, ok := k.current.(readerWatcher); ok {
		w.onReaderHealth()
	}
}

// issueFailKey is the text that says why a ticket was not issued.
func issueFailKey(err error) string {
	var away *serverAwayError
	if errors.As(err, &away) {
		return "server_gave_up"
	}
	var ce *client.Error
	if errors.As(err, &ce) && ce.Code == string(queue.Exhausted) {
		return "item_full"
	}
	return "issue_failed"
}

// msgDetail is the second line under an identity screen's message.
func msgDetail(key string) string {
	switch key {
	case "server_gave_up":
		return "server_gave_up_detail"
	case "item_full":
		return "item_full_detail"
	}
	return "place_again"
}
