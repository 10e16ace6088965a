// Package ballotfile reads and writes files of ranked ballots: BLT (with
// the dialects of OpenSTV, Droop and the Scottish council exports), PrefLib
// .soi/.soc/.toi/.toc, the Condorcet library's .cvotes, and plenum's own
// JSON. Readers stream: they read a line at a time and aggregate identical
// ballots, so a million voters cost as much memory as their distinct
// ballots. Errors name the file and line.
package ballotfile

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"strconv"

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

// aggregator collects ballots, merging identical ones. It keys ballots by
// a hash of their text and keeps the texts in one array, which is much
// cheaper for a million ballots than a map of a million strings. Merging
// saves memory only when ballots repeat: when fewer than half of the first
// 65,536 ballots repeat an earlier one, it stops looking and keeps each as
// it comes (a count gives the same result either way).
type aggregator struct {
	adds, merged int
	off          bool
	index        map[uint64]int32 // hash of a key -> first ballot with that hash
	next         []int32          // next ballot with the same hash, or -1
	keys         []byte           // every ballot's key, end to end
	keyEnd       []int            // where ballot i's key ends in keys
	ballots      []count.Ballot
	seed         maphash.Seed
}

func (a *aggregator) key(i int32) []byte {
	start := 0
	if i > 0 {
		start = a.keyEnd[i-1]
	}
	return a.keys[start:a.keyEnd[i]]
}

// add counts weight more voters for the ballot that key identifies; ranks
// is called only the first time the key is seen, and may fail.
func (a *aggregator) add(key []byte, weight int64, ranks func() ([][]int, error)) error {
	if a.adds++; a.adds == 1<<16 && a.merged < a.adds/2 {
		a.off, a.index, a.next, a.keys, a.keyEnd = true, nil, nil, nil, nil
	}
	if a.off {
		r, err := ranks()
		if err == nil {
			a.ballots = append(a.ballots, count.Ballot{Ranks: r, Weight: weight})
		}
		return err
	}
	if a.index == nil {
		a.index = make(map[uint64]int32)
		a.seed = maphash.MakeSeed()
	}
	h := maphash.Bytes(a.seed, key)
	first, ok := a.index[h]
	for i := first; ok && i >= 0; i = a.next[i] {
		if bytes.Equal(a.key(i), key) {
			a.ballots[i].Weight += weight
			a.merged++
			return nil
		}
	}
	r, err := ranks()
	if err != nil {
		return err
	}
	i := int32(len(a.ballots))
	a.next = append(a.next, -1)
	if ok {
		a.next[i] = first
	}
	a.index[h] = i
	a.keys = append(a.keys, key...)
	a.keyEnd = append(a.keyEnd, len(a.keys))
	a.ballots = append(a.ballots, count.Ballot{Ranks: r, Weight: weight})
	return nil
}

// rankKey is a canonical key for ranks.
func rankKey(ranks [][]int) []byte {
	var b []byte
	for _, r := range ranks {
		for i, c := range r {
			if i > 0 {
				b = append(b, '=')
			}
			b = strconv.AppendInt(b, int64(c), 10)
		}
		b = append(b, ' ')
	}
	return b
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
