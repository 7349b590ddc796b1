package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// SMS is the Sender of text messages through an HTTP SMS gateway of the common shape:
// a POST of {"phone","sign_name","template_id","params"} with an API key header. Message
// bodies are Notices; the phone number is asked of Phones at send time and leaves only
// in the request's phone field.
type SMS struct {
	// URL is the gateway's send endpoint.
	URL string
	// KeyHeader names the header carrying Key; default "X-Api-Key".
	KeyHeader string
	// Key is the gateway's API key.
	Key string
	// SignName is the registered signature (签名) shown at the start of each text.
	SignName string
	// Templates maps each notice kind to the gateway's template id.
	Templates map[string]string
	// Phones looks the phone number up at send time.
	Phones PhoneResolver
	// Timeout bounds one request; default 10 s.
	Timeout time.Duration

	once   sync.Once
	client *http.Client
}

// smsRequest is the gateway's request body.
type smsRequest struct {
	Phone      string            `json:"phone"`
	SignName   string            `json:"sign_name"`
	TemplateID string            `json:"template_id"`
	Params     map[string]string `json:"params"`
}

// Check reports a configuration the gateway cannot work with: call it at start-up, so a
// missing template is found then and not by a citizen who is never told.
func (s *SMS) Check() error {
	var errs []error
	if s.URL == "" {
		errs = append(errs, errors.New("no URL"))
	}
	if s.Phones == nil {
		errs = append(errs, errors.New("no phone resolver"))
	}
	for _, k := range Kinds {
		if s.Templates[k] == "" {
			errs = append(errs, fmt.Errorf("no template for %q", k))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("outbox: sms: %w", err)
	}
	return nil
}

// Send texts the notice in d's body to the applicant of its Ref. A notice whose kind has
// no template, or whose applicant has no phone or was erased, is undeliverable.
func (s *SMS) Send(ctx context.Context, d Delivery) error {
	s.once.Do(func() { s.client = newClient(s.Timeout) })
	n, err := decodeNotice(d.Body)
	if err != nil {
		return err
	}
	tmpl := s.Templates[n.Kind]
	if tmpl == "" {
		return fmt.Errorf("%w: no template for %q", ErrUndeliverable, n.Kind)
	}
	phone, err := resolvePhone(ctx, s.Phones, n.Ref)
	if err != nil {
		return err
	}
	params := n.Params
	if params == nil {
		params = map[string]string{}
	}
	body, err := json.Marshal(smsRequest{Phone: phone, SignName: s.SignName, TemplateID: tmpl, Params: params})
	if err != nil {
		return fmt.Errorf("outbox: sms request: %w", err)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(HeaderDelivery, d.ID)
	keyHeader := s.KeyHeader
	if keyHeader == "" {
		keyHeader = "X-Api-Key"
	}
	h.Set(keyHeader, s.Key)
	if err := post(ctx, s.client, s.URL, h, body); err != nil {
		return fmt.Errorf("sms %s %s: %w", n.Kind, n.Ref, err)
	}
	return nil
}
