package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// The kinds of notice the citizen is sent.
const (
	// KindAccepted: the application was accepted; a case number and promised date.
	KindAccepted = "accepted"
	// KindSupplement: materials are missing (补正); what to bring.
	KindSupplement = "supplement"
	// KindReady: the result is ready to pick up.
	KindReady = "ready"
	// KindOverdue: the promised date has passed; an apology.
	KindOverdue = "overdue"
)

// Kinds lists every kind of notice, for checking a configuration.
var Kinds = []string{KindAccepted, KindSupplement, KindReady, KindOverdue}

// Errors a PhoneResolver returns, wrapped, when a notice can never be sent: the message
// is dropped as undeliverable.
var (
	// ErrNoPhone: the applicant gave no phone number.
	ErrNoPhone = errors.New("outbox: no phone")
	// ErrErased: the applicant's personal data was erased (retention).
	ErrErased = errors.New("outbox: erased")
)

// Notice is the body of a message to the citizen. It holds no personal data: Ref names
// the ticket or case whose applicant is told, and the phone number is looked up at send
// time. Params are the template's parameters (case number, date, window), never a name
// or ID number.
type Notice struct {
	// Kind is one of the Kind constants.
	Kind string `json:"kind"`
	// Ref is the ticket id or case number the PhoneResolver looks the phone up by.
	Ref string `json:"ref"`
	// Params fill the SMS template.
	Params map[string]string `json:"params,omitempty"`
}

// PhoneResolver finds the phone number of the applicant of a ticket or case, at send
// time (the store opens the sealed applicant). It returns an error wrapping ErrNoPhone
// or ErrErased when there is none to find, and its errors never contain personal data.
type PhoneResolver interface {
	Phone(ctx context.Context, ref string) (string, error)
}

// decodeNotice reads a notice body; one that cannot be read never will be.
func decodeNotice(body []byte) (Notice, error) {
	var n Notice
	if err := json.Unmarshal(body, &n); err != nil {
		return n, fmt.Errorf("%w: notice: %w", ErrUndeliverable, err)
	}
	if n.Kind == "" || n.Ref == "" {
		return n, fmt.Errorf("%w: notice without kind or ref", ErrUndeliverable)
	}
	return n, nil
}

// resolvePhone asks r for ref's phone, turning "no phone" and "erased" into
// ErrUndeliverable.
func resolvePhone(ctx context.Context, r PhoneResolver, ref string) (string, error) {
	p, err := r.Phone(ctx, ref)
	switch {
	case errors.Is(err, ErrNoPhone) || errors.Is(err, ErrErased):
		return "", fmt.Errorf("%w: %w", ErrUndeliverable, err)
	case err != nil:
		return "", fmt.Errorf("outbox: phone of %s: %w", ref, err)
	case p == "":
		return "", fmt.Errorf("%w: %w", ErrUndeliverable, ErrNoPhone)
	}
	return p, nil
}

// MaskPhone hides the middle of a phone number for logs: 13800000000 → 138****0000,
// +8613800000000 → +86138****0000. A number too short to keep anything is masked whole.
func MaskPhone(p string) string {
	if rest, ok := strings.CutPrefix(p, "+86"); ok {
		return "+86" + MaskPhone(rest)
	}
	r := []rune(p)
	if len(r) < 8 {
		return "****"
	}
	return string(r[:3]) + "****" + string(r[len(r)-4:])
}
