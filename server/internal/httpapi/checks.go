package httpapi

import (
	"unicode/utf8"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// checkFinish validates what the handler can of a finish request before the hall
// decides it: a known outcome, at most 200 material codes (received and defective
// together), each a short printable code named once, a ground code of printable
// characters, and a reason and basis that are bounded text without control characters.
// The hall checks the rest (the codes against the checklist, a defective material's
// problem, the outcome against what was found).
func checkFinish(req wire.FinishRequest) error {
	if !queue.Outcome(req.Outcome).Valid() {
		return queue.Errorf(queue.Invalid, "outcome: unknown outcome %q", req.Outcome)
	}
	if len(req.Received)+len(req.Defective) > 200 {
		return queue.Errorf(queue.Invalid, "too many materials listed")
	}
	codes := append([]string(nil), req.Received...)
	for _, d := range req.Defective {
		codes = append(codes, d.Code)
	}
	seen := make(map[string]bool, len(codes))
	for _, c := range codes {
		if c == "" || len(c) > 16 || !printable(c) {
			return queue.Errorf(queue.Invalid, "received, defective: a material code is 1 to 16 printable characters")
		}
		if seen[c] {
			return queue.Errorf(queue.Invalid, "material %s is listed twice", c)
		}
		seen[c] = true
	}
	if len(req.Ground) > 32 || !printable(req.Ground) {
		return queue.Errorf(queue.Invalid, "ground: a ground code is at most 32 printable characters")
	}
	for _, f := range []struct{ name, v string }{{"reason", req.Reason}, {"basis", req.Basis}} {
		if !utf8.ValidString(f.v) || utf8.RuneCountInString(f.v) > queue.MaxReason {
			return queue.Errorf(queue.Invalid, "%s must be text of at most %d characters", f.name, queue.MaxReason)
		}
		if err := checkComment(f.name, f.v); err != nil {
			return err
		}
	}
	return nil
}

// finishing turns a checked finish request into the hall's decision.
func finishing(req wire.FinishRequest) queue.Finishing {
	f := queue.Finishing{Outcome: queue.Outcome(req.Outcome), Received: req.Received,
		Reason: req.Reason, Ground: req.Ground, Basis: req.Basis}
	for _, d := range req.Defective {
		f.Marks = append(f.Marks, queue.MaterialMark{Code: d.Code, State: queue.MatDefective, Problem: d.Problem, Fix: d.Fix})
	}
	return f
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
