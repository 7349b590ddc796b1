package outbox

import (
	"context"
	"errors"
	"log/slog"
)

// Log is the default notifier: instead of texting, it logs the notice's kind, its ref
// and the phone number masked (MaskPhone), never in full, so a hall without an SMS
// gateway still sees who would have been told what.
type Log struct {
	// Logger receives the records; nil discards them.
	Logger *slog.Logger
	// Phones, if set, looks the phone up so the record shows it masked.
	Phones PhoneResolver
}

// Send logs the notice in d's body; it acknowledges every notice it can read.
func (l *Log) Send(ctx context.Context, d Delivery) error {
	n, err := decodeNotice(d.Body)
	if err != nil {
		return err
	}
	phone := "none"
	if l.Phones != nil {
		p, err := resolvePhone(ctx, l.Phones, n.Ref)
		switch {
		case errors.Is(err, ErrUndeliverable):
		case err != nil:
			return err
		default:
			phone = MaskPhone(p)
		}
	}
	log := l.Logger
	if log == nil {
		log = discard()
	}
	log.Info("notice", "kind", n.Kind, "ref", n.Ref, "phone", phone, "delivery", d.ID)
	return nil
}
