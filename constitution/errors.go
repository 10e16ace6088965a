package constitution

import (
	"fmt"
	"strings"
)

// Error is one problem in a constitution file, at a line and field.
type Error struct {
	File  string
	Line  int
	Field string // e.g. "bodies[1].seats"; empty for a syntax error
	Msg   string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// ErrorList is every problem found in a file, in the order of the file.
type ErrorList []*Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}
