package httpapi

import (
	"unicode/utf8"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// checkFinish validates what the handler can of a finish request before the hall
// decides it: a known outcome, at most 200 material codes, each a short printable code
// named once, and a reason that is bounded text without control characters.
func checkFinish(req wire.FinishRequest) error {
	if !queue.Outcome(req.Outcome).Valid() {
		return queue.Errorf(queue.Invalid, "outcome: unknown outcome %q", req.Outcome)
	}
	if len(req.Received) > 200 {
		return queue.Errorf(queue.Invalid, "too many materials listed")
	}
	seen := make(map[string]bool, len(req.Received))
	for _, c := range req.Received {
		if c == "" || len(c) > 16 || !printable(c) {
			return queue.Errorf(queue.Invalid, "received: a material code is 1 to 16 printable characters")
		}
		if seen[c] {
			return queue.Errorf(queue.Invalid, "received: material %s is listed twice", c)
		}
		seen[c] = true
	}
	if !utf8.ValidString(req.Reason) || utf8.RuneCountInString(req.Reason) > queue.MaxReason {
		return queue.Errorf(queue.Invalid, "reason must be text of at most %d characters", queue.MaxReason)
	}
	return checkComment("reason", req.Reason)
}

// checkTransfer validates a transfer request: not both destinations (neither is left
// to the hall, which first says whether there is a ticket to transfer), a window
// number in range, a category code of printable characters.
func checkTransfer(req wire.TransferRequest) error {
	if req.Window != 0 && req.Category != "" {
		return queue.Errorf(queue.Invalid, "give either a window or a category, not both")
	}
	if req.Window < 0 || req.Window > 999 {
		return queue.Errorf(queue.Invalid, "window must be 1 to 999")
	}
	if len(req.Category) > 32 || !printable(req.Category) {
		return queue.Errorf(queue.Invalid, "category: a category code is at most 32 printable characters")
	}
	return nil
}
