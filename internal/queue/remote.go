package queue

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"time"
)

// Remote tickets (远程取号): a citizen takes a ticket from a phone after confirming a
// one-time code sent to a mainland mobile number. The rules here are pure: the store keeps
// a CodeState per number (under a keyed hash of it, never the number in clear) and asks
// these functions what may happen.
//
// Arrival, by default: a remote ticket is placed in the queue at issue, like a kiosk
// ticket, and is missed automatically when its turn comes and it has not been checked in
// at the hall (the QR at the door, or the kiosk's scan): see Hall.Call. A hall may choose
// instead (Policy.JoinAtCheckIn) that it joins the call order at the back when checked in.

// Limited classifies a refusal for too many attempts: a rate limit or a locked number. It
// maps to 429.
const Limited Code = "limited"

// RemoteSource is the source of every ticket taken from a phone.
const RemoteSource = "phone"

// RemoteRules are a hall's rules for tickets from a phone.
type RemoteRules struct {
	// PerNumberPerDay is how many remote tickets one number may take a day.
	PerNumberPerDay int
	// CodeTTL is how long a code may be confirmed after it was sent.
	CodeTTL time.Duration
	// MaxTries is how many wrong codes lock the number.
	MaxTries int
	// LockFor is how long a locked number gets no code and confirms none.
	LockFor time.Duration
	// ResendAfter is the least time between two codes to one number.
	ResendAfter time.Duration
	// CodesPerDay is how many codes one number may be sent a day.
	CodesPerDay int
	// NearAhead is how many tickets ahead trigger the "your turn nears" message.
	NearAhead int
}

// DefaultRemoteRules are the rules a hall starts with: 2 tickets per number a day; a code
// lives 5 minutes; 5 wrong codes lock the number for an hour; one code a minute, 6 a day;
// told when 5 are ahead.
func DefaultRemoteRules() RemoteRules {
	return RemoteRules{PerNumberPerDay: 2, CodeTTL: 5 * time.Minute, MaxTries: 5, LockFor: time.Hour,
		ResendAfter: time.Minute, CodesPerDay: 6, NearAhead: 5}
}

// CodeState is what is kept of one number's codes on one service day.
type CodeState struct {
	// Hash is the hash of the code waiting to be confirmed; "" when none waits.
	Hash string `json:"hash,omitempty"`
	// Item is the item the code was asked for.
	Item string `json:"item,omitempty"`
	// Expires is when the waiting code lapses.
	Expires time.Time `json:"expires,omitzero"`
	// Tries counts the wrong codes since the last code was sent or the lock ended.
	Tries int `json:"tries,omitempty"`
	// LockedUntil is when a lock for too many wrong codes ends.
	LockedUntil time.Time `json:"locked_until,omitzero"`
	// Sent counts the codes sent today; Last is when the last was.
	Sent int       `json:"sent,omitempty"`
	Last time.Time `json:"last,omitzero"`
	// Issued counts the remote tickets the number took today.
	Issued int `json:"issued,omitempty"`
}

// NormalizeMobile checks a mainland mobile number and returns it as 11 digits: spaces and
// hyphens are dropped, a leading +86 or 86 is allowed; it must be 1, then 3–9, then 9
// digits.
func NormalizeMobile(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if len(s) == 14 && strings.HasPrefix(s, "+86") {
		s = s[3:]
	} else if len(s) == 13 && strings.HasPrefix(s, "86") {
		s = s[2:]
	}
	bad := len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9'
	for i := 0; !bad && i < len(s); i++ {
		bad = s[i] < '0' || s[i] > '9'
	}
	if bad {
		return "", Errorf(Invalid, "请填写11位中国大陆手机号码 (give an 11-digit mainland mobile number)")
	}
	return s, nil
}

// CodeHash is the hash kept of a code, bound to the number's hash so that equal codes
// of two numbers differ.
func CodeHash(numberHash, code string) string {
	h := sha256.Sum256([]byte(numberHash + "/" + code))
	return hex.EncodeToString(h[:])
}

// locked reports the lock in force at now.
func (r RemoteRules) locked(st CodeState, now time.Time) error {
	if now.Before(st.LockedUntil) {
		return Errorf(Limited, "验证码错误次数过多,该号码已锁定,请于%s后再试 (too many wrong codes: this number is locked until %s)",
			st.LockedUntil.Format("15:04"), st.LockedUntil.Format("15:04"))
	}
	return nil
}

// CanIssue refuses a number that has taken its tickets for the day.
func (r RemoteRules) CanIssue(st CodeState) error {
	if r.PerNumberPerDay > 0 && st.Issued >= r.PerNumberPerDay {
		return Errorf(Limited, "该号码今日已远程取号%d次,已达上限 (this number has taken its %d remote tickets today)", st.Issued, r.PerNumberPerDay)
	}
	return nil
}

// SendCode decides sending a new code for item to a number in state st at now, hashed
// by hash; it returns the new state. A lock, a code asked for too soon, too many codes
// today and a number that took its tickets are refused.
func (r RemoteRules) SendCode(st CodeState, item, hash string, now time.Time) (CodeState, error) {
	if err := r.locked(st, now); err != nil {
		return st, err
	}
	if err := r.CanIssue(st); err != nil {
		return st, err
	}
	if !st.Last.IsZero() && now.Before(st.Last.Add(r.ResendAfter)) {
		wait := st.Last.Add(r.ResendAfter).Sub(now).Round(time.Second)
		return st, Errorf(Limited, "验证码发送过于频繁,请%d秒后再试 (a code was just sent; try again in %d s)", int(wait.Seconds()), int(wait.Seconds()))
	}
	if r.CodesPerDay > 0 && st.Sent >= r.CodesPerDay {
		return st, Errorf(Limited, "该号码今日验证码次数已用完 (this number has had its %d codes today)", r.CodesPerDay)
	}
	st.Hash, st.Item, st.Expires = hash, item, now.Add(r.CodeTTL)
	st.Sent++
	st.Last = now
	if !st.LockedUntil.IsZero() { // a lock that ended: a fresh count of tries
		st.Tries, st.LockedUntil = 0, time.Time{}
	}
	return st, nil
}

// Confirm decides a code given for item against st at now; hash is CodeHash of what was
// given. It returns the new state and nil when the code is right (the code is then used
// up), or the state with the wrong try counted and why. The MaxTries-th wrong code locks
// the number for LockFor.
func (r RemoteRules) Confirm(st CodeState, item, hash string, now time.Time) (CodeState, error) {
	if err := r.locked(st, now); err != nil {
		return st, err
	}
	if st.Hash == "" {
		return st, Errorf(Invalid, "请先获取验证码 (ask for a code first)")
	}
	if !now.Before(st.Expires) {
		st.Hash = ""
		return st, Errorf(Invalid, "验证码已过期,请重新获取 (the code has expired; ask for a new one)")
	}
	if subtle.ConstantTimeCompare([]byte(st.Hash), []byte(hash)) != 1 {
		st.Tries++
		if st.Tries >= r.MaxTries {
			st.Hash, st.LockedUntil = "", now.Add(r.LockFor)
			return st, r.locked(st, now)
		}
		left := r.MaxTries - st.Tries
		return st, Errorf(Invalid, "验证码错误,还可再试%d次 (wrong code; %d tries left)", left, left)
	}
	if item != st.Item {
		return st, Errorf(Invalid, "验证码不是为该事项获取的 (the code was sent for another item)")
	}
	if err := r.CanIssue(st); err != nil {
		return st, err
	}
	st.Hash, st.Tries = "", 0
	st.Issued++
	return st, nil
}

// InHours reports whether t falls inside the center's opening hours; a center whose
// hours are not known is taken as open.
func (h *Hours) InHours(t time.Time) bool {
	if h == nil {
		return true
	}
	o, err1 := clockOf(h.Open)
	c, err2 := clockOf(h.Close)
	if err1 != nil || err2 != nil {
		return true
	}
	return !t.Before(at(t, o)) && t.Before(at(t, c))
}

// RemoteOpen refuses a remote ticket outside the center's opening hours (in the hall's
// zone).
func (h *Hall) RemoteOpen(now time.Time) error {
	hr := h.hours()
	if hr.InHours(now.In(h.Loc)) {
		return nil
	}
	return Errorf(Conflict, "现在不是办公时间(%s–%s),请在办公时间内远程取号 (remote tickets are taken in opening hours only, %s–%s)",
		hr.Open, hr.Close, hr.Open, hr.Close)
}

// RemoteCheck refuses, before a code is sent, a remote ticket for item that could not be
// issued now: an unknown item, outside opening hours, the item's capacity used up.
func (h *Hall) RemoteCheck(item string, now time.Time) error {
	it, ok := h.Catalog.Item(item)
	if !ok {
		return Errorf(Invalid, "没有这个事项 (unknown item %q)", item)
	}
	if err := h.RemoteOpen(now); err != nil {
		return err
	}
	return h.checkCapacity(it, now)
}
