package ballotfile

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"plenum/count"
)

// ReadBLT reads a BLT file: a line "candidates seats"; optional lines of
// withdrawn candidates as negative numbers ("-2 -5"); optional option lines
// in brackets ([nick a b c] names candidates by nickname, [tie c b a] gives
// the tie-break order, [withdrawn a b] withdraws candidates, others such as [droop ...] are kept as Options);
// ballot lines "weight c1 c2=c3 - c4 0" where "=" joins equal rankings and
// "-" marks a skipped rank; a line "0"; one quoted name per candidate (a
// second quoted string, or a doubled-quote suffix as in the Scottish council
// exports, is the party); the title, quoted or not. Lines starting with "#" are
// comments. name is used in error messages.
func ReadBLT(r io.Reader, name string) (*Election, error) {
	return readBLT(r, name, sizeOf(r))
}

func readBLT(r io.Reader, name string, size int64) (*Election, error) {
	p := bltParser{file: name, nicks: map[string]int{}}
	p.ballots.Reserve(size)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for sc.Scan() {
		p.line++
		if err := p.parseLine(trimSpace(sc.Bytes())); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, syntaxErr(name, p.line, "%v", err)
	}
	return p.finish()
}

type bltParser struct {
	file       string
	line       int
	stage      int // 0 header, 1 ballots, 2 names, 3 title, 4 done
	ncand      int
	e          Election
	nicks      map[string]int
	ballots    count.Packer
	names      int
	sawBallots bool
}

func (p *bltParser) errf(format string, args ...any) error {
	return syntaxErr(p.file, p.line, format, args...)
}

func (p *bltParser) parseLine(line []byte) error {
	if len(line) == 0 || line[0] == '#' {
		return nil
	}
	switch p.stage {
	case 0:
		return p.header(line)
	case 1:
		return p.body(line)
	case 2:
		return p.candidate(line)
	case 3:
		p.e.Title = string(line) // some exports leave the title unquoted
		if line[0] == '"' {
			title, _, err := p.quoted(line)
			if err != nil {
				return err
			}
			p.e.Title = title
		}
		p.stage = 4
		return nil
	default:
		return nil // what follows the title is commentary
	}
}

func (p *bltParser) header(line []byte) error {
	f := strings.Fields(string(line))
	if len(f) != 2 {
		return p.errf("first line must be \"candidates seats\", found %.40q", line)
	}
	n, err1 := strconv.Atoi(f[0])
	s, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil || n < 1 || n > 1<<16 || s < 0 {
		return p.errf("first line must be \"candidates seats\", found %.40q", line)
	}
	p.ncand, p.e.Seats, p.stage = n, s, 1
	return nil
}

func (p *bltParser) body(line []byte) error {
	switch {
	case line[0] == '[':
		return p.option(line)
	case line[0] == '-' && !p.sawBallots:
		for _, f := range strings.Fields(string(line)) {
			c, err := strconv.Atoi(f)
			if err != nil || c >= 0 || -c > p.ncand {
				return p.errf("withdrawn candidate %q is not -1 to -%d", f, p.ncand)
			}
			p.e.Withdrawn = append(p.e.Withdrawn, -c-1)
		}
		return nil
	case len(line) == 1 && line[0] == '0':
		p.stage = 2
		return nil
	}
	p.sawBallots = true
	return p.ballot(line)
}

func (p *bltParser) option(line []byte) error {
	if line[len(line)-1] != ']' {
		return p.errf("option line does not end with ]")
	}
	f := strings.Fields(string(line[1 : len(line)-1]))
	if len(f) == 0 {
		return p.errf("empty option line")
	}
	switch f[0] {
	case "nick":
		if len(f)-1 != p.ncand {
			return p.errf("[nick] names %d candidates, want %d", len(f)-1, p.ncand)
		}
		for i, n := range f[1:] {
			p.nicks[n] = i
		}
	case "withdrawn":
		for _, t := range f[1:] {
			c, err := p.cand(t)
			if err != nil {
				return err
			}
			p.e.Withdrawn = append(p.e.Withdrawn, c)
		}
	case "tie":
		for _, t := range f[1:] {
			c, err := p.cand(t)
			if err != nil {
				return err
			}
			p.e.TieOrder = append(p.e.TieOrder, c)
		}
	default:
		p.e.Options = append(p.e.Options, string(line))
	}
	return nil
}

// cand resolves a candidate number (from 1) or nickname to an index.
func (p *bltParser) cand(t string) (int, error) {
	if c, ok := p.nicks[t]; ok {
		return c, nil
	}
	c, err := strconv.Atoi(t)
	if err != nil || c < 1 || c > p.ncand {
		return 0, p.errf("%q is not a candidate (1 to %d or a nickname)", t, p.ncand)
	}
	return c - 1, nil
}

func (p *bltParser) ballot(line []byte) error {
	rest := line
	if rest[0] == '(' { // a ballot identifier
		end := bytes.IndexByte(rest, ')')
		if end < 0 {
			return p.errf("ballot identifier has no closing )")
		}
		rest = bytes.TrimSpace(rest[end+1:])
	}
	sp := 0
	for sp < len(rest) && !isBlank(rest[sp]) {
		sp++
	}
	if sp == len(rest) {
		return p.errf("ballot line %.40q has no terminating 0", line)
	}
	w, ok := parseCount(rest[:sp])
	if !ok {
		return p.errf("ballot weight %q is not a positive whole number", rest[:sp])
	}
	// The line is trimmed, so marks begins with a blank and ends with
	// something else.
	marks := rest[sp:]
	if n := len(marks); marks[n-1] != '0' || !isBlank(marks[n-2]) {
		return p.errf("ballot line %.40q does not end with 0", line)
	}
	if err := p.pack(marks[:len(marks)-1]); err != nil {
		return err
	}
	if err := p.ballots.EndBallot(w); err != nil {
		return p.errf("%v", err)
	}
	return nil
}

// pack adds the ranks of a ballot line to the ballots: tokens separated
// by spaces or tabs, each "-" (a skipped rank) or candidates joined by "=".
func (p *bltParser) pack(marks []byte) error {
	for i := 0; i < len(marks); {
		if isBlank(marks[i]) {
			i++
			continue
		}
		if marks[i] == '-' && (i+1 == len(marks) || isBlank(marks[i+1])) {
			p.ballots.EndRank()
			i++
			continue
		}
		for {
			j, c := i, 0
			for j < len(marks) && marks[j]-'0' <= 9 && c <= p.ncand {
				c = c*10 + int(marks[j]-'0')
				j++
			}
			if j == i || c < 1 || c > p.ncand || len(p.nicks) > 0 || j < len(marks) && !isBlank(marks[j]) && marks[j] != '=' {
				// Not a plain candidate number: a nickname, or an error.
				for j < len(marks) && !isBlank(marks[j]) && marks[j] != '=' {
					j++
				}
				n, err := p.candBytes(marks[i:j])
				if err != nil {
					return err
				}
				c = n + 1
			}
			p.ballots.Mark(c - 1)
			if i = j; i == len(marks) || marks[i] != '=' {
				break
			}
			i++
		}
		p.ballots.EndRank()
	}
	return nil
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' }

// candBytes is cand for a token in a ballot line.
func (p *bltParser) candBytes(t []byte) (int, error) {
	if len(p.nicks) == 0 {
		if c, ok := parseCount(t); ok && c <= int64(p.ncand) {
			return int(c) - 1, nil
		}
	}
	return p.cand(string(t))
}

func (p *bltParser) candidate(line []byte) error {
	name, rest, err := p.quoted(line)
	if err != nil {
		return err
	}
	party := ""
	if rest = bytes.TrimSpace(rest); len(rest) > 0 {
		if party, _, err = p.quoted(rest); err != nil {
			return err
		}
	} else if i := strings.Index(name, ` "`); i > 0 && i+2 < len(name) && strings.HasSuffix(name, `"`) {
		name, party = name[:i], name[i+2:len(name)-1]
	}
	// Runs of spaces in names are typing slips, not distinctions.
	p.e.Candidates = append(p.e.Candidates, strings.Join(strings.Fields(name), " "))
	p.e.Parties = append(p.e.Parties, party)
	if p.names++; p.names == p.ncand {
		p.stage = 3
	}
	return nil
}

// quoted reads a double-quoted string at the start of line, where "" stands
// for one quote, and returns it and what follows.
func (p *bltParser) quoted(line []byte) (string, []byte, error) {
	if line[0] != '"' {
		return "", nil, p.errf("expected a quoted name, found %.40q", line)
	}
	var b strings.Builder
	for i := 1; i < len(line); i++ {
		if line[i] != '"' {
			b.WriteByte(line[i])
			continue
		}
		if i+1 < len(line) && line[i+1] == '"' {
			b.WriteByte('"')
			i++
			continue
		}
		return b.String(), line[i+1:], nil
	}
	return "", nil, p.errf("quoted name has no closing quote")
}

func (p *bltParser) finish() (*Election, error) {
	if p.stage < 2 {
		return nil, syntaxErr(p.file, p.line, "file ends before the 0 line that ends the ballots")
	}
	if p.names < p.ncand {
		return nil, syntaxErr(p.file, p.line, "file names %d of %d candidates", p.names, p.ncand)
	}
	p.e.Packed = p.ballots.Packed()
	if err := p.e.Validate(); err != nil {
		return nil, syntaxErr(p.file, 0, "%v", err)
	}
	return &p.e, nil
}

// WriteBLT writes e as a BLT file that ReadBLT reads back to the same
// election (ballots with equal rankings use "=", skipped ranks "-").
func WriteBLT(w io.Writer, e *Election) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(strconv.Itoa(len(e.Candidates)) + " " + strconv.Itoa(e.Seats) + "\n")
	if len(e.Withdrawn) > 0 {
		for i, c := range e.Withdrawn {
			if i > 0 {
				bw.WriteByte(' ')
			}
			bw.WriteString(strconv.Itoa(-c - 1))
		}
		bw.WriteByte('\n')
	}
	if len(e.TieOrder) > 0 {
		bw.WriteString("[tie")
		for _, c := range e.TieOrder {
			bw.WriteString(" " + strconv.Itoa(c+1))
		}
		bw.WriteString("]\n")
	}
	for b := range e.All() {
		bw.WriteString(strconv.FormatInt(b.Weight, 10))
		for _, rank := range b.Ranks {
			bw.WriteByte(' ')
			if len(rank) == 0 {
				bw.WriteByte('-')
			}
			for i, c := range rank {
				if c == count.Overvote {
					return errors.New("write BLT: BLT cannot record an overvote for unknown candidates")
				}
				if i > 0 {
					bw.WriteByte('=')
				}
				bw.WriteString(strconv.Itoa(c + 1))
			}
		}
		bw.WriteString(" 0\n")
	}
	bw.WriteString("0\n")
	for i, n := range e.Candidates {
		bw.WriteString(quote(n))
		if i < len(e.Parties) && e.Parties[i] != "" {
			bw.WriteString(" " + quote(e.Parties[i]))
		}
		bw.WriteByte('\n')
	}
	bw.WriteString(quote(e.Title) + "\n")
	return bw.Flush()
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
