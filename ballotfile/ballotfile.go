// Package ballotfile reads and writes files of ranked ballots: BLT (with
// the dialects of OpenSTV, Droop and the Scottish council exports), PrefLib
// .soi/.soc/.toi/.toc, the Condorcet library's .cvotes, and plenum's own
// JSON. Readers stream: they read a line at a time into a count.Packed,
// which merges identical ballots, so a million voters cost as much memory as
// their distinct ballots, about 60 bytes for a ballot of ten ranks. Errors
// name the file and line.
package ballotfile

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"plenum/count"
)

// An Election is what a ballot file holds: the profile to count and what
// else the file says about the count.
type Election struct {
	count.Profile
	// Parties holds each candidate's party where the file names one.
	Parties []string
	// TieOrder, when the file gives one (BLT [tie]), lists candidates from
	// the one who loses a tie-break to the one who wins it.
	TieOrder []int
	// Options are the file's option lines as written (BLT [droop ...],
	// .cvotes #/ lines), for the reader of a report.
	Options []string
	// IgnoreUnranked says the file means ballots to compare only the
	// candidates they rank (.cvotes "#/Implicit Ranking: false"); otherwise
	// a ballot prefers every candidate it ranks to every one it does not.
	IgnoreUnranked bool
	// Warnings tell of input the reader accepted but changed, by line.
	Warnings []string
}

// ErrSyntax is wrapped by every error about a malformed ballot file.
var ErrSyntax = errors.New("malformed ballot file")

// A SyntaxError says what is wrong where.
type SyntaxError struct {
	File string
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

func (e *SyntaxError) Unwrap() error { return ErrSyntax }

func syntaxErr(file string, line int, format string, args ...any) error {
	return &SyntaxError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// trimSpace is bytes.TrimSpace, quicker for lines that need no trimming.
func trimSpace(b []byte) []byte {
	if len(b) > 0 && b[0] > ' ' && b[0] < utf8.RuneSelf && b[len(b)-1] > ' ' && b[len(b)-1] < utf8.RuneSelf {
		return b
	}
	return bytes.TrimSpace(b)
}

// parseCount reads a positive whole number of ballots.
func parseCount(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, n > 0
}
