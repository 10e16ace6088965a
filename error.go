package plenum

import (
	"errors"
	"fmt"
	"strings"
)

// Kind says what sort of failure an Error is; the web layer maps it to a
// status code (Invalid 400/422, NotFound 404, Forbidden 403, Conflict 409,
// RateLimited 429, Internal 500).
type Kind uint8

const (
	Internal    Kind = iota // a fault of plenum or its database; details go to the log only
	Invalid                 // the request is malformed or breaks a rule
	NotFound                // the thing does not exist, or the caller may not know it does
	Forbidden               // the caller may not do this
	Conflict                // the request clashes with the current state (duplicate, already used)
	RateLimited             // too many attempts; try again later
)

var kindNames = [...]string{"internal error", "invalid", "not found", "forbidden", "conflict", "rate limited"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// Error is the one error type of the domain. Msg is meant for the user (it
// never holds internal detail); Err, the wrapped cause, goes to the log only.
type Error struct {
	Kind  Kind
	Op    string // the operation, e.g. "login", "import members"
	Field string // the input field at fault, if any, e.g. "email", "members.csv:12: unit"
	Msg   string
	Err   error

	line int // the line of an input file Field names, for ordering Errors
}

func (e *Error) Error() string {
	s := e.Op
	if e.Field != "" {
		s += ": " + e.Field
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted user message.
func Errorf(kind Kind, op, format string, args ...any) *Error {
	return &Error{Kind: kind, Op: op, Msg: fmt.Sprintf(format, args...)}
}

// FieldErrorf is Errorf for an error in one input field.
func FieldErrorf(kind Kind, op, field, format string, args ...any) *Error {
	return &Error{Kind: kind, Op: op, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// internalError wraps a cause the user must not see.
func internalError(op string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Kind: Internal, Op: op, Err: err}
}

// ErrorKind returns the Kind of err: that of the first *Error in its chain,
// Internal for any other error.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// ErrorMessage returns what a user may be shown of err: the message and field
// of an *Error that is not Internal, and a fixed text otherwise.
func ErrorMessage(err error) string {
	var e *Error
	if !errors.As(err, &e) || e.Kind == Internal {
		return "internal error"
	}
	msg := e.Msg
	if msg == "" {
		msg = e.Kind.String()
	}
	if e.Field != "" {
		return e.Field + ": " + msg
	}
	return msg
}

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool { return err != nil && ErrorKind(err) == k }

// Errors is a list of problems in one input, each an *Error naming its place
// (for example "members.csv:12: email"), in the order of the input.
type Errors []*Error

func (l Errors) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap lets errors.As find the first *Error, so that ErrorKind of a list
// is the kind of its first problem.
func (l Errors) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// lineError is an Invalid error at a line (and column col, if not empty) of
// an input file.
func lineError(op, file string, line int, col, format string, args ...any) *Error {
	field := fmt.Sprintf("%s:%d", file, line)
	if col != "" {
		field += ": " + col
	}
	return &Error{Kind: Invalid, Op: op, Field: field, Msg: fmt.Sprintf(format, args...), line: line}
}
