package store

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
)

// Remote tickets (远程取号): the state of each number's one-time codes is kept in the
// remote bucket under "day/hash", the hash a keyed hash of the number by the day's key,
// with the number itself sealed under the same key for the SMS sender. Both are
// unreadable once retention destroys the day key, and the records of days before the
// cutoff are deleted with the applicants (eraseRemote). A remote ticket's number is its
// sealed applicant's phone, erased like any applicant.

var bucketRemote = []byte("remote") // "YYYY-MM-DD/hash" → remoteRecord

// remoteRecord is one number's codes on one day.
type remoteRecord struct {
	State queue.CodeState `json:"state"`
	// Sealed is the number, sealed under the day key as an applicant with a phone only,
	// bound to the record's key.
	Sealed []byte `json:"sealed"`
}

// KindCode is the notice of a one-time code: its params are the code and its minutes.
const KindCode = "code"

// codeRefPrefix starts the outbox ref of a code's notice: "code/" and the record's key.
const codeRefPrefix = "code/"

// migrateRemote adds the remote bucket.
func migrateRemote(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketRemote, bucketPush, bucketTold} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return fmt.Errorf("create bucket %s: %w", b, err)
		}
	}
	return nil
}

// newCode draws a 6-digit code.
func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", fmt.Errorf("draw a code: %w", err)
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// remoteKey returns the record key of a number on the hall's day.
func (tx *Tx) remoteKey(phone string) (string, error) {
	h, err := tx.s.keys.hashID(tx.btx, tx.Hall.Day, "tel:"+phone)
	if err != nil {
		return "", errStorage{err}
	}
	return tx.Hall.Day + "/" + h, nil
}

// remoteRecord reads the record of key; a zero one when there is none.
func (tx *Tx) remoteRecord(key string) (remoteRecord, error) {
	var r remoteRecord
	v := tx.btx.Bucket(bucketRemote).Get([]byte(key))
	if v == nil {
		return r, nil
	}
	if err := json.Unmarshal(v, &r); err != nil {
		return r, errStorage{fmt.Errorf("remote record: %w", err)}
	}
	return r, nil
}

// putRemote writes the record of key.
func (tx *Tx) putRemote(key string, r remoteRecord) error {
	v, err := json.Marshal(r)
	if err != nil {
		return errStorage{fmt.Errorf("remote record: %w", err)}
	}
	return tx.put(bucketRemote, []byte(key), v)
}

// SendCode sends a one-time code for a remote ticket of item to phone (already a
// normalised mainland mobile number): the item must be open to tickets now, and the
// rules must allow a code. The code goes out through the outbox after the commit.
func (s *Store) SendCode(ctx context.Context, item, phone string, rules queue.RemoteRules) error {
	err := s.exec(ctx, func(tx *Tx) error {
		if err := tx.Hall.RemoteCheck(item, tx.Now); err != nil {
			return err
		}
		key, err := tx.remoteKey(phone)
		if err != nil {
			return err
		}
		rec, err := tx.remoteRecord(key)
		if err != nil {
			return err
		}
		code, err := newCode()
		if err != nil {
			return errStorage{err}
		}
		st, err := rules.SendCode(rec.State, item, queue.CodeHash(key, code), tx.Now)
		if err != nil {
			return err
		}
		rec.State = st
		if rec.Sealed == nil {
			if rec.Sealed, err = tx.s.keys.sealApplicant(tx.btx, codeRefPrefix+key, tx.Hall.Day, &queue.Applicant{Phone: phone}); err != nil {
				return errStorage{err}
			}
		}
		if err := tx.putRemote(key, rec); err != nil {
			return err
		}
		body, err := json.Marshal(outbox.Notice{Kind: KindCode, Ref: codeRefPrefix + key, Params: map[string]string{
			"code": code, "minutes": fmt.Sprint(int(rules.CodeTTL.Minutes())),
		}})
		if err != nil {
			return errStorage{err}
		}
		if _, err := outbox.Put(tx.btx, outbox.Message{Dest: "notice", Key: codeRefPrefix + key, Body: body}); err != nil {
			return errStorage{err}
		}
		return nil
	})
	if err == nil {
		s.notifyOutbox()
	}
	return err
}

// IssueRemote confirms code for phone and item and issues the remote ticket, its number
// sealed as the applicant's phone. A wrong code is counted (and the MaxTries-th locks the
// number) even though the request fails.
func (s *Store) IssueRemote(ctx context.Context, item, phone, code string, rules queue.RemoteRules) (TicketView, error) {
	id, err := NewTicketID(time.Now())
	if err != nil {
		return TicketView{}, err
	}
	var v TicketView
	err = s.exec(ctx, func(tx *Tx) error {
		if err := tx.Hall.RemoteCheck(item, tx.Now); err != nil {
			return err
		}
		key, err := tx.remoteKey(phone)
		if err != nil {
			return err
		}
		rec, err := tx.remoteRecord(key)
		if err != nil {
			return err
		}
		st, cerr := rules.Confirm(rec.State, item, queue.CodeHash(key, code), tx.Now)
		if cerr != nil {
			rec.State = st // the wrong try counts
			if err := tx.putRemote(key, rec); err != nil {
				return err
			}
			return cerr
		}
		v, err = tx.issueRemote(id, item, phone)
		if err != nil {
			return err
		}
		rec.State = st
		return tx.putRemote(key, rec)
	})
	return v, err
}

// issueRemote issues remote ticket id for item with phone as its sealed applicant.
func (tx *Tx) issueRemote(id, item, phone string) (TicketView, error) {
	c := queue.IssueCmd{ID: id, Item: item, Source: queue.RemoteSource, Remote: true, HasApplicant: true}
	evs, t, err := tx.Hall.Issue(c, tx.Now)
	if err != nil {
		return TicketView{}, err
	}
	sealed, err := tx.s.keys.sealApplicant(tx.btx, id, evs[0].Ticket.Day, &queue.Applicant{Phone: phone})
	if err != nil {
		return TicketView{}, errStorage{err}
	}
	if err := tx.put(bucketApplicants, []byte(id), sealed); err != nil {
		return TicketView{}, err
	}
	if err := tx.emit(evs[0], &recordPII{Applicant: sealed}); err != nil {
		return TicketView{}, err
	}
	return view(tx.Hall, tx.Hall.Tickets[t.ID], tx.Now), nil
}

// CheckIn records the arrival of a remote ticket's citizen at the hall.
func (s *Store) CheckIn(ctx context.Context, id string) (TicketView, error) {
	var v TicketView
	err := s.exec(ctx, func(tx *Tx) error {
		evs, t, err := tx.Hall.CheckIn(id, tx.Now)
		if err != nil {
			return err
		}
		if err := tx.Emit(evs...); err != nil {
			return err
		}
		v = view(tx.Hall, tx.Hall.Tickets[t.ID], tx.Now)
		return nil
	})
	return v, err
}

// codePhone opens the number of a code's record for the SMS sender (ref is "code/" and
// the record key).
func (s *Store) codePhone(tx *bolt.Tx, ref string) (string, error) {
	key := strings.TrimPrefix(ref, codeRefPrefix)
	v := tx.Bucket(bucketRemote).Get([]byte(key))
	if v == nil {
		return "", fmt.Errorf("code %s: %w", key, outbox.ErrErased)
	}
	var r remoteRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return "", fmt.Errorf("code record: %w", err)
	}
	a, err := s.keys.openApplicant(tx, ref, r.Sealed)
	if err != nil {
		return "", fmt.Errorf("code record: %w", outbox.ErrErased)
	}
	return a.Phone, nil
}

// eraseRemote deletes the code records and the push subscriptions of the days before
// the cutoff's.
func (s *Store) eraseRemote(ctx context.Context, before time.Time) error {
	cutoff := queue.ServiceDay(before, s.opts.Loc)
	dl := len(queue.DayLayout)
	return s.exec(ctx, func(tx *Tx) error {
		var old [][]byte
		rb := tx.btx.Bucket(bucketRemote)
		c := rb.Cursor()
		for k, _ := c.First(); k != nil && len(k) > dl && string(k[:dl]) < cutoff; k, _ = c.Next() {
			old = append(old, append([]byte(nil), k...))
		}
		for _, k := range old {
			if err := rb.Delete(k); err != nil {
				return errStorage{fmt.Errorf("erase codes: %w", err)}
			}
		}
		old = old[:0]
		pb := tx.btx.Bucket(bucketPush)
		err := pb.ForEach(func(k, v []byte) error {
			if len(v) > dl && string(v[1:1+dl]) < cutoff {
				old = append(old, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return errStorage{err}
		}
		for _, k := range old {
			if err := pb.Delete(k); err != nil {
				return errStorage{fmt.Errorf("erase push: %w", err)}
			}
		}
		return pruneTold(tx)
	})
}

// pruneTold drops the turn messages' marks of tickets no longer in the hall (a past
// day's): only today's tickets can be told again, so the rest is dead weight.
func pruneTold(tx *Tx) error {
	b := tx.btx.Bucket(bucketTold)
	if b == nil {
		return nil
	}
	var old [][]byte
	err := b.ForEach(func(k, _ []byte) error {
		id, _, _ := strings.Cut(string(k), "/")
		if _, today := tx.Hall.Tickets[id]; !today {
			old = append(old, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return errStorage{err}
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return errStorage{fmt.Errorf("prune told: %w", err)}
		}
	}
	return nil
}

// DoorCode is today's code of the QR at the hall's door: a keyed hash of the day, so a
// citizen at home cannot check in without having seen the door (or a kiosk).
func (s *Store) DoorCode(ctx context.Context) (string, error) {
	var code string
	err := s.exec(ctx, func(tx *Tx) error {
		h, err := tx.s.keys.hashID(tx.btx, tx.Hall.Day, "door")
		if err != nil {
			return errStorage{err}
		}
		code = h[:10]
		return nil
	})
	return code, err
}

// keepVerifiedPhone keeps, when the clerk enters a remote ticket's applicant without a
// phone, the number the citizen confirmed with the code: the turn and case texts still
// reach them.
func (tx *Tx) keepVerifiedPhone(t *queue.Ticket, a *queue.Applicant) *queue.Applicant {
	if !t.Remote || a.Phone != "" {
		return a
	}
	old, err := tx.s.openApplicantIn(tx.btx, t.ID)
	if err != nil || old.Phone == "" {
		return a
	}
	c := *a
	c.Phone = old.Phone
	return &c
}
