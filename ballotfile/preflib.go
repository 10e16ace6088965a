package ballotfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"plenum/count"
)

// ReadPrefLib reads a PrefLib file of orders (.soi, .soc, .toi, .toc): header
// lines "# KEY: value" (ALTERNATIVE NAME n gives candidate n's name, TITLE
// the title), then lines "count: a,b,{c,d},e" where braces group tied
// candidates. PrefLib records no seats; Seats is left at zero for the caller
// to set. Each line of a PrefLib file is a distinct order already, so the
// lines become the ballots as they are.
func ReadPrefLib(r io.Reader, name string) (*Election, error) {
	var e Election
	var sl slab
	ncand := -1
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		if text[0] == '#' {
			hint := 0
			if err := prefLibHeader(&e, &ncand, &hint, string(text[1:]), name, line); err != nil {
				return nil, err
			}
			if hint > 0 && e.Ballots == nil {
				e.Ballots = make([]count.Ballot, 0, hint)
			}
			continue
		}
		if ncand < 0 {
			return nil, syntaxErr(name, line, "orders begin before the header gives NUMBER ALTERNATIVES")
		}
		colon := bytes.IndexByte(text, ':')
		if colon < 0 {
			return nil, syntaxErr(name, line, "order line %.40q has no \"count:\"", text)
		}
		w, ok := parseCount(bytes.TrimSpace(text[:colon]))
		if !ok {
			return nil, syntaxErr(name, line, "count %q is not a positive whole number", text[:colon])
		}
		ranks, err := prefLibOrder(bytes.TrimSpace(text[colon+1:]), ncand, &sl)
		if err != nil {
			return nil, syntaxErr(name, line, "%v", err)
		}
		e.Ballots = append(e.Ballots, count.Ballot{Ranks: ranks, Weight: w})
	}
	if err := sc.Err(); err != nil {
		return nil, syntaxErr(name, line, "%v", err)
	}
	if ncand < 0 {
		return nil, syntaxErr(name, line, "no NUMBER ALTERNATIVES header")
	}
	for i, n := range e.Candidates {
		if n == "" {
			return nil, syntaxErr(name, 0, "no ALTERNATIVE NAME %d", i+1)
		}
	}
	if err := e.Validate(); err != nil {
		return nil, syntaxErr(name, 0, "%v", err)
	}
	return &e, nil
}

func prefLibHeader(e *Election, ncand, hint *int, h, file string, line int) error {
	key, value, ok := strings.Cut(h, ":")
	if !ok {
		return nil // a comment
	}
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	switch {
	case key == "TITLE":
		e.Title = value
	case key == "NUMBER UNIQUE ORDERS":
		// A hint for the aggregator's size; nothing depends on it being right.
		if n, err := strconv.Atoi(value); err == nil && n > 0 && n < 1<<24 {
			*hint = n
		}
	case key == "NUMBER ALTERNATIVES":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > 1<<16 {
			return syntaxErr(file, line, "NUMBER ALTERNATIVES %q", value)
		}
		*ncand = n
		e.Candidates = make([]string, n)
		e.Parties = make([]string, n)
	case strings.HasPrefix(key, "ALTERNATIVE NAME "):
		i, err := strconv.Atoi(strings.TrimPrefix(key, "ALTERNATIVE NAME "))
		if err != nil || i < 1 || i > *ncand {
			return syntaxErr(file, line, "%s: no such alternative (NUMBER ALTERNATIVES must come first)", key)
		}
		e.Candidates[i-1] = value
	}
	return nil
}

// prefLibOrder parses "a,b,{c,d},e" into ranks, taking the memory from sl.
func prefLibOrder(s []byte, ncand int, sl *slab) ([][]int, error) {
	ranks := sl.ranks(bytes.Count(s, []byte(",")) + 1)
	var group []int
	inGroup := false
	for len(s) > 0 {
		switch s[0] {
		case ',', ' ':
			s = s[1:]
			continue
		case '{':
			if inGroup {
				return nil, fmt.Errorf("nested {")
			}
			inGroup, group = true, nil
			s = s[1:]
			continue
		case '}':
			if !inGroup {
				return nil, fmt.Errorf("} without {")
			}
			inGroup = false
			if len(group) > 0 {
				ranks = append(ranks, group)
			}
			s = s[1:]
			continue
		}
		end, c := 0, 0
		for end < len(s) && s[end] >= '0' && s[end] <= '9' && c <= ncand {
			c = c*10 + int(s[end]-'0')
			end++
		}
		if end == 0 || c < 1 || c > ncand || (end < len(s) && !isOrderSep(s[end])) {
			return nil, fmt.Errorf("%.20q is not an alternative (1 to %d)", s, ncand)
		}
		if inGroup {
			group = append(group, c-1)
		} else {
			ranks = append(ranks, sl.one(c-1))
		}
		s = s[end:]
	}
	if inGroup {
		return nil, fmt.Errorf("{ without }")
	}
	return ranks, nil
}

// A slab hands out small slices from large arrays, so reading a million
// ballots does not make millions of allocations.
type slab struct {
	ints []int
	rs   [][]int
}

// one returns the rank []int{c}.
func (s *slab) one(c int) []int {
	if len(s.ints) == cap(s.ints) {
		s.ints = make([]int, 0, 1<<14)
	}
	s.ints = append(s.ints, c)
	n := len(s.ints)
	return s.ints[n-1 : n : n]
}

// ranks returns an empty list of ranks with room for n.
func (s *slab) ranks(n int) [][]int {
	if n > 256 {
		return make([][]int, 0, n)
	}
	if cap(s.rs)-len(s.rs) < n {
		s.rs = make([][]int, 0, 1<<14)
	}
	start := len(s.rs)
	s.rs = s.rs[:start+n]
	return s.rs[start : start : start+n]
}

func isOrderSep(b byte) bool { return b == ',' || b == '{' || b == '}' || b == ' ' }
