package ballotfile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"plenum/count"
)

// JSONFile is plenum's own ballot file, written by WriteJSON:
//
//	{"title": "...", "seats": 2, "candidates": ["Ann", "Bo", "Cy"],
//	 "withdrawn": ["Cy"],
//	 "ballots": [{"ranks": [["Ann"], ["Bo", "Cy"], []], "weight": 3}]}
//
// Each ballot lists, rank by rank, the candidates marked there (several for
// an equal ranking or overvote, none for a skipped rank, "" for an
// overvote whose candidates are not known); weight defaults
// to 1. "ballots" must come after "candidates": ReadJSON reads ballots one
// at a time and aggregates identical ones.
type JSONFile struct {
	Title      string       `json:"title,omitempty"`
	Seats      int          `json:"seats"`
	Candidates []string     `json:"candidates"`
	Withdrawn  []string     `json:"withdrawn,omitempty"`
	Ballots    []JSONBallot `json:"ballots"`
}

// JSONBallot is one ballot of a JSONFile.
type JSONBallot struct {
	Ranks  [][]string `json:"ranks"`
	Weight int64      `json:"weight,omitempty"`
}

// ReadJSON reads plenum's JSON ballot file.
func ReadJSON(r io.Reader, name string) (*Election, error) {
	lr := &lineReader{r: r}
	dec := json.NewDecoder(bufio.NewReader(lr))
	p := jsonParser{file: name, dec: dec, lines: lr, index: map[string]int{}}
	if err := p.object(); err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, syntaxErr(name, lr.lineAt(dec.InputOffset()), "%v", err)
	}
	p.e.Parties = make([]string, len(p.e.Candidates))
	p.e.Packed = p.packer.Packed()
	if err := p.e.Validate(); err != nil {
		return nil, syntaxErr(name, 0, "%v", err)
	}
	return &p.e, nil
}

type jsonParser struct {
	file   string
	dec    *json.Decoder
	lines  *lineReader
	e      Election
	index  map[string]int
	packer count.Packer
}

func (p *jsonParser) object() error {
	if err := p.delim('{'); err != nil {
		return err
	}
	var withdrawn []string
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case "title":
			err = p.dec.Decode(&p.e.Title)
		case "seats":
			err = p.dec.Decode(&p.e.Seats)
		case "candidates":
			if err = p.dec.Decode(&p.e.Candidates); err == nil {
				for i, c := range p.e.Candidates {
					p.index[c] = i
				}
			}
		case "withdrawn":
			err = p.dec.Decode(&withdrawn)
		case "ballots":
			err = p.ballots()
		default:
			var skip json.RawMessage
			err = p.dec.Decode(&skip)
		}
		if err != nil {
			return err
		}
	}
	for _, w := range withdrawn {
		c, ok := p.index[w]
		if !ok {
			return fmt.Errorf("withdrawn %q is not a candidate", w)
		}
		p.e.Withdrawn = append(p.e.Withdrawn, c)
	}
	return p.delim('}')
}

func (p *jsonParser) delim(d json.Delim) error {
	tok, err := p.dec.Token()
	if err != nil {
		return err
	}
	if tok != d {
		return fmt.Errorf("expected %v, found %v", d, tok)
	}
	return nil
}

func (p *jsonParser) ballots() error {
	if len(p.e.Candidates) == 0 {
		return fmt.Errorf(`"ballots" before "candidates"`)
	}
	if err := p.delim('['); err != nil {
		return err
	}
	for p.dec.More() {
		var b JSONBallot
		if err := p.dec.Decode(&b); err != nil {
			return err
		}
		line := p.lines.lineAt(p.dec.InputOffset())
		if b.Weight == 0 {
			b.Weight = 1
		}
		if b.Weight < 0 {
			return syntaxErr(p.file, line, "ballot weight %d", b.Weight)
		}
		ranks := make([][]int, len(b.Ranks))
		for i, rank := range b.Ranks {
			for _, n := range rank {
				c, ok := p.index[n]
				if n == "" {
					c, ok = count.Overvote, true
				}
				if !ok {
					return syntaxErr(p.file, line, "%q is not a candidate", n)
				}
				ranks[i] = append(ranks[i], c)
			}
		}
		if err := p.packer.Add(ranks, b.Weight); err != nil {
			return syntaxErr(p.file, line, "%v", err)
		}
	}
	return p.delim(']')
}

// WriteJSON writes e as plenum's JSON ballot file, one ballot a line.
func WriteJSON(w io.Writer, e *Election) error {
	bw := bufio.NewWriter(w)
	head, err := json.Marshal(JSONFile{Title: e.Title, Seats: e.Seats, Candidates: e.Candidates, Withdrawn: namesOf(e, e.Withdrawn)})
	if err != nil {
		return err
	}
	// Reopen the object to stream the ballots after the head's fields.
	bw.Write(bytes.TrimSuffix(head, []byte(`,"ballots":null}`)))
	bw.WriteString(`,"ballots":[`)
	first := true
	for b := range e.All() {
		jb := JSONBallot{Ranks: make([][]string, len(b.Ranks)), Weight: b.Weight}
		for r, rank := range b.Ranks {
			jb.Ranks[r] = namesOf(e, rank)
			if jb.Ranks[r] == nil {
				jb.Ranks[r] = []string{}
			}
		}
		line, err := json.Marshal(jb)
		if err != nil {
			return err
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		bw.WriteString("\n")
		bw.Write(line)
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

func namesOf(e *Election, cs []int) []string {
	var out []string
	for _, c := range cs {
		if c == count.Overvote {
			out = append(out, "")
			continue
		}
		out = append(out, e.Candidates[c])
	}
	return out
}

// lineReader remembers where lines start, to turn a decoder's byte offset
// into a line number.
type lineReader struct {
	r       io.Reader
	off     int64
	newline []int64
}

func (l *lineReader) Read(b []byte) (int, error) {
	n, err := l.r.Read(b)
	for i, c := range b[:n] {
		if c == '\n' {
			l.newline = append(l.newline, l.off+int64(i))
		}
	}
	l.off += int64(n)
	return n, err
}

// lineAt is the line holding byte offset off.
func (l *lineReader) lineAt(off int64) int {
	lo, hi := 0, len(l.newline)
	for lo < hi {
		m := (lo + hi) / 2
		if l.newline[m] < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo + 1
}
