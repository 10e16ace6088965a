package ballotfile

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"plenum/count"
)

// ReadCVotes reads the Condorcet library's election format: directives
// "#/Candidates: A ; B ; C", "#/Number of Seats: n", "#/Implicit Ranking:
// true|false", "#/Weight Allowed: true|false"; then one vote per line,
// "A > B = C", optionally followed by "^ w" (the vote's weight) and "* n"
// (n identical votes), optionally preceded by "tags ||". Lines starting with
// "#" are otherwise comments. Without a Candidates directive the votes
// declare the candidates as they name them; with one, a vote naming an
// undeclared candidate has that name left out, as the library does, and a
// warning says so. "#/Implicit Ranking: false" sets IgnoreUnranked.
func ReadCVotes(r io.Reader, name string) (*Election, error) {
	var e Election
	index := map[string]int{}
	weighted := false
	var ballots count.Packer
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(text, "#/") {
			if err := cvotesDirective(&e, &weighted, index, text[2:]); err != nil {
				return nil, syntaxErr(name, line, "%v", err)
			}
			continue
		}
		if text == "" || text[0] == '#' {
			continue
		}
		if i := strings.Index(text, "||"); i >= 0 {
			text = strings.TrimSpace(text[i+2:])
		}
		ranks, weight, mult, err := cvotesVote(text, index, &e, line)
		if err != nil {
			return nil, syntaxErr(name, line, "%v", err)
		}
		if weighted {
			mult *= weight // checked for overflow by cvotesVote
		}
		if len(ranks) > 0 {
			if err := ballots.Add(ranks, mult); err != nil {
				return nil, syntaxErr(name, line, "%v", err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, syntaxErr(name, line, "%v", err)
	}
	if len(e.Candidates) == 0 {
		return nil, syntaxErr(name, line, "no candidates")
	}
	e.Parties = make([]string, len(e.Candidates))
	e.Packed = ballots.Packed()
	if err := e.Validate(); err != nil {
		return nil, syntaxErr(name, 0, "%v", err)
	}
	return &e, nil
}

func cvotesDirective(e *Election, weighted *bool, index map[string]int, d string) error {
	key, value, ok := strings.Cut(d, ":")
	if !ok {
		return fmt.Errorf("directive %q has no ':'", d)
	}
	key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
	e.Options = append(e.Options, "#/"+d)
	switch key {
	case "candidates":
		for _, c := range strings.Split(value, ";") {
			c = strings.TrimSpace(c)
			if _, dup := index[c]; dup || c == "" {
				return fmt.Errorf("candidate %q empty or named twice", c)
			}
			index[c] = len(e.Candidates)
			e.Candidates = append(e.Candidates, c)
		}
	case "number of seats":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return fmt.Errorf("number of seats %q", value)
		}
		e.Seats = n
	case "implicit ranking":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("implicit ranking %q", value)
		}
		e.IgnoreUnranked = !b
	case "weight allowed":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("weight allowed %q", value)
		}
		*weighted = b
	}
	return nil
}

// cvotesVote parses "A > B = C ^ 2 * 3".
func cvotesVote(text string, index map[string]int, e *Election, line int) (ranks [][]int, weight, mult int64, err error) {
	weight, mult = 1, 1
	if i := strings.LastIndexByte(text, '*'); i >= 0 {
		if mult, err = strconv.ParseInt(strings.TrimSpace(text[i+1:]), 10, 64); err != nil || mult < 1 {
			return nil, 0, 0, fmt.Errorf("repetition %q is not a positive whole number", text[i+1:])
		}
		text = text[:i]
	}
	if i := strings.LastIndexByte(text, '^'); i >= 0 {
		if weight, err = strconv.ParseInt(strings.TrimSpace(text[i+1:]), 10, 64); err != nil || weight < 1 {
			return nil, 0, 0, fmt.Errorf("weight %q is not a positive whole number", text[i+1:])
		}
		text = text[:i]
	}
	declared := len(e.Candidates) > 0
	seen := map[int]bool{}
	for _, group := range strings.Split(text, ">") {
		var rank []int
		for _, n := range strings.Split(group, "=") {
			n = strings.TrimSpace(n)
			c, ok := index[n]
			switch {
			case !ok && n == "":
				return nil, 0, 0, fmt.Errorf("empty candidate name")
			case !ok && declared:
				e.Warnings = append(e.Warnings, fmt.Sprintf("line %d: %q is not a candidate; left out of the vote", line, n))
				continue
			case !ok:
				c = len(e.Candidates)
				index[n] = c
				e.Candidates = append(e.Candidates, n)
			}
			if seen[c] {
				return nil, 0, 0, fmt.Errorf("%q ranked twice", n)
			}
			seen[c] = true
			rank = append(rank, c)
		}
		if len(rank) > 0 {
			ranks = append(ranks, rank)
		}
	}
	if weight > 1<<62/mult {
		return nil, 0, 0, fmt.Errorf("weight times repetition overflows")
	}
	return ranks, weight, mult, nil
}
