// Package textdiff compares two versions of a text, as a list of pieces
// kept, deleted and inserted: the changes an amendment made to a motion,
// or a new version of a constitution made to the old one. It does no I/O.
//
// Words compares word by word (whitespace kept with the word before it),
// for prose; Lines compares line by line, for files. Both find a longest
// common subsequence of the pieces between the common prefix and suffix;
// when that middle is too large to compare in reasonable time and memory,
// it is reported as one deletion and one insertion, which is still a true
// account of the change.
package textdiff

import (
	"strings"
	"unicode"
)

// Op says what happened to a piece of text.
type Op int8

const (
	Equal Op = iota
	Delete
	Insert
)

// Chunk is a run of text with what happened to it.
type Chunk struct {
	Op   Op
	Text string
}

// maxCells bounds the comparison table of the middle part (its rows times
// its columns).
const maxCells = 4 << 20

// Words returns the changes from a to b, word by word.
func Words(a, b string) []Chunk { return diff(splitWords(a), splitWords(b)) }

// Lines returns the changes from a to b, line by line.
func Lines(a, b string) []Chunk { return diff(splitLines(a), splitLines(b)) }

// Changed reports whether the chunks hold a deletion or an insertion.
func Changed(cs []Chunk) bool {
	for _, c := range cs {
		if c.Op != Equal {
			return true
		}
	}
	return false
}

func splitWords(s string) []string {
	var out []string
	start, space := 0, false
	for i, r := range s {
		// A piece is a word and the spaces after it.
		if i > start && space && !unicode.IsSpace(r) {
			out = append(out, s[start:i])
			start = i
		}
		space = unicode.IsSpace(r)
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func splitLines(s string) []string {
	out := strings.SplitAfter(s, "\n")
	if len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func diff(a, b []string) []Chunk {
	var out []Chunk
	add := func(op Op, s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += s
			return
		}
		out = append(out, Chunk{op, s})
	}
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		add(Equal, a[pre])
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > maxCells {
		add(Delete, strings.Join(ma, ""))
		add(Insert, strings.Join(mb, ""))
	} else {
		lcs(ma, mb, add)
	}
	for _, s := range a[len(a)-suf:] {
		add(Equal, s)
	}
	return out
}

// lcs reports the changes from a to b along a longest common subsequence.
func lcs(a, b []string, add func(Op, string)) {
	n, m := len(a), len(b)
	// l[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			add(Equal, a[i])
			i, j = i+1, j+1
		case l[i+1][j] >= l[i][j+1]:
			add(Delete, a[i])
			i++
		default:
			add(Insert, b[j])
			j++
		}
	}
	for ; i < n; i++ {
		add(Delete, a[i])
	}
	for ; j < m; j++ {
		add(Insert, b[j])
	}
}
