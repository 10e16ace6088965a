package secretballot

import (
	"errors"
	"fmt"
	"strconv"
)

// Error is a failure found in an election record or a ballot: which event
// (its file), which line of that file for events with items, which field, and
// why.
type Error struct {
	Event  string `json:"event,omitempty"` // file name of the event, "" outside a record
	Line   int    `json:"line,omitempty"`  // 1-based line in the event file, 0 when not known
	Field  string `json:"field,omitempty"` // JSON path of the field, such as "answers[0].choices[2].proof"
	Reason string `json:"reason"`
}

func (e *Error) Error() string {
	s := ""
	if e.Event != "" {
		s = e.Event
		if e.Line > 0 {
			s += ":" + strconv.Itoa(e.Line)
		}
		s += ": "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Reason
}

func fieldErr(field, reason string) error { return &Error{Field: field, Reason: reason} }

// within prefixes the field of err, an *Error, with path: errors found in a
// nested value name it from the top.
func within(path string, err error) error {
	var e *Error
	if err == nil || !errors.As(err, &e) {
		if err == nil {
			return nil
		}
		return &Error{Field: path, Reason: err.Error()}
	}
	c := *e
	switch {
	case c.Field == "":
		c.Field = path
	case c.Field[0] == '[':
		c.Field = path + c.Field
	default:
		c.Field = path + "." + c.Field
	}
	return &c
}

// at sets the event and line of err (those given, not empty or zero),
// turning other errors into an *Error.
func at(event string, line int, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return &Error{Event: event, Line: line, Reason: err.Error()}
	}
	c := *e
	if event != "" {
		c.Event = event
	}
	if line != 0 {
		c.Line = line
	}
	return &c
}

func errorf(field, format string, args ...any) error {
	return &Error{Field: field, Reason: fmt.Sprintf(format, args...)}
}
