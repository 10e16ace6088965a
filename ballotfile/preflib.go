package ballotfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadPrefLib reads a PrefLib file of orders (.soi, .soc, .toi, .toc): header
// lines "# KEY: value" (ALTERNATIVE NAME n gives candidate n's name, TITLE
// the title), then lines "count: a,b,{c,d},e" where braces group tied
// candidates. PrefLib records no seats; Seats is left at zero for the caller
// to set.
func ReadPrefLib(r io.Reader, name string) (*Election, error) {
	var e Election
	var agg aggregator
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
			if err := prefLibHeader(&e, &ncand, string(text[1:]), name, line); err != nil {
				return nil, err
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
		order := bytes.TrimSpace(text[colon+1:])
		err := agg.add(order, w, func() ([][]int, error) { return prefLibOrder(string(order), ncand) })
		if err != nil {
			return nil, syntaxErr(name, line, "%v", err)
		}
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
	e.Ballots = agg.ballots
	if err := e.Validate(); err != nil {
		return nil, syntaxErr(name, 0, "%v", err)
	}
	return &e, nil
}

func prefLibHeader(e *Election, ncand *int, h, file string, line int) error {
	key, value, ok := strings.Cut(h, ":")
	if !ok {
		return nil // a comment
	}
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	switch {
	case key == "TITLE":
		e.Title = value
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

// prefLibOrder parses "a,b,{c,d},e" into ranks.
func prefLibOrder(s string, ncand int) ([][]int, error) {
	// One backing array for the single-candidate ranks that most orders are.
	n := strings.Count(s, ",") + 1
	ranks := make([][]int, 0, n)
	flat := make([]int, 0, n)
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
		end := strings.IndexAny(s, ",{} ")
		if end < 0 {
			end = len(s)
		}
		c, err := strconv.Atoi(s[:end])
		if err != nil || c < 1 || c > ncand {
			return nil, fmt.Errorf("%q is not an alternative (1 to %d)", s[:end], ncand)
		}
		if inGroup {
			group = append(group, c-1)
		} else if len(flat) < cap(flat) {
			flat = append(flat, c-1)
			ranks = append(ranks, flat[len(flat)-1:len(flat):len(flat)])
		} else {
			ranks = append(ranks, []int{c - 1})
		}
		s = s[end:]
	}
	if inGroup {
		return nil, fmt.Errorf("{ without }")
	}
	return ranks, nil
}
