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
// to set.
func ReadPrefLib(r io.Reader, name string) (*Election, error) {
	return readPrefLib(r, name, sizeOf(r))
}

func readPrefLib(r io.Reader, name string, size int64) (*Election, error) {
	var e Election
	var ballots count.Packer
	ballots.Reserve(size)
	ncand := -1
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		text := trimSpace(sc.Bytes())
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
		if err := prefLibOrder(bytes.TrimSpace(text[colon+1:]), ncand, &ballots); err != nil {
			return nil, syntaxErr(name, line, "%v", err)
		}
		if err := ballots.EndBallot(w); err != nil {
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
	e.Packed = ballots.Packed()
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

// prefLibOrder adds the ranks of "a,b,{c,d},e" to ballots.
func prefLibOrder(s []byte, ncand int, ballots *count.Packer) error {
	inGroup, group := false, 0
	for i := 0; i < len(s); {
		switch s[i] {
		case ',', ' ':
			i++
			continue
		case '{':
			if inGroup {
				return fmt.Errorf("nested {")
			}
			inGroup, group = true, 0
			i++
			continue
		case '}':
			if !inGroup {
				return fmt.Errorf("} without {")
			}
			inGroup = false
			if group > 0 {
				ballots.EndRank()
			}
			i++
			continue
		}
		j, c := i, 0
		for ; j < len(s) && s[j] >= '0' && s[j] <= '9' && c <= ncand; j++ {
			c = c*10 + int(s[j]-'0')
		}
		if j == i || c < 1 || c > ncand || (j < len(s) && !isOrderSep(s[j])) {
			return fmt.Errorf("%.20q is not an alternative (1 to %d)", s[i:], ncand)
		}
		ballots.Mark(c - 1)
		if inGroup {
			group++
		} else {
			ballots.EndRank()
		}
		i = j
	}
	if inGroup {
		return fmt.Errorf("{ without }")
	}
	return nil
}

func isOrderSep(b byte) bool { return b == ',' || b == '{' || b == '}' || b == ' ' }
