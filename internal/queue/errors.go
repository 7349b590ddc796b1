package queue

import (
	"errors"
	"fmt"
)

// Code classifies an error so that transports can map it to a status without knowing
// where it came from.
type Code string

// The error codes of the domain.
const (
	Invalid      Code = "invalid"      // the input is malformed or breaks a rule
	NotFound     Code = "not_found"    // the thing named does not exist
	Conflict     Code = "conflict"     // the command does not fit the current state
	Unauthorized Code = "unauthorized" // no valid credentials
	Forbidden    Code = "forbidden"    // valid credentials, but not for this
	Unavailable  Code = "unavailable"  // the system cannot take the command now (storage full)
	Internal     Code = "internal"     // a fault of ours
)

// Error is a domain error: a code and a message that can be shown to the user.
type Error struct {
	Code    Code
	Message string
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, Internal for any other
// non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the user-facing message of err: the *Error's own message, or a
// generic one for internal errors, whose details belong in the log only.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
