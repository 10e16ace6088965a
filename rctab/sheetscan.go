package rctab

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// sheetScanner reads a worksheet part's XML by hand: rows, cells and their
// values are all it needs, and a general XML decoder costs ten times as
// much on a million-ballot export. It understands namespace prefixes,
// self-closing elements, comments, processing instructions, CDATA and the
// XML character references.
type sheetScanner struct {
	r    *bufio.Reader
	row  int // 0-based number of the last row read
	name []byte
	attr []byte
	text []byte
	buf  []byte
}

func newSheetScanner(r io.Reader) *sheetScanner {
	return &sheetScanner{r: bufio.NewReaderSize(r, 1<<16), row: -1}
}

// A tag kind.
const (
	tagStart = iota
	tagEnd
	tagEmpty // <x/>
)

var errSheetEnd = errors.New("end of sheet data")

// tag reads up to and including the next tag, returning its kind and local
// name; character data before it is appended to s.text when keep is set.
func (s *sheetScanner) tag(keep bool) (int, []byte, error) {
	for {
		chunk, err := s.r.ReadSlice('<')
		if keep {
			s.text = append(s.text, bytes.TrimSuffix(chunk, []byte("<"))...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			return 0, nil, errSheetEnd
		}
		if err != nil {
			return 0, nil, err
		}
		c, err := s.r.ReadByte()
		if err != nil {
			return 0, nil, unexpectedEOF(err)
		}
		switch c {
		case '?':
			if _, err := s.readPast("?>"); err != nil {
				return 0, nil, err
			}
			continue
		case '!':
			if err := s.bang(keep); err != nil {
				return 0, nil, err
			}
			continue
		}
		kind := tagStart
		if c == '/' {
			kind = tagEnd
		} else if err := s.r.UnreadByte(); err != nil {
			return 0, nil, err
		}
		body, err := s.readTag()
		if err != nil {
			return 0, nil, err
		}
		if kind == tagStart && bytes.HasSuffix(body, []byte("/")) {
			kind, body = tagEmpty, body[:len(body)-1]
		}
		end := bytes.IndexAny(body, " \t\r\n")
		if end < 0 {
			end = len(body)
		}
		s.name, s.attr = body[:end], body[end:]
		if i := bytes.IndexByte(s.name, ':'); i >= 0 {
			s.name = s.name[i+1:]
		}
		return kind, s.name, nil
	}
}

// readTag reads a tag's body up to its '>', minding quoted attributes.
// The body is valid until the next call.
func (s *sheetScanner) readTag() ([]byte, error) {
	s.buf = s.buf[:0]
	var quote byte
	for {
		chunk, err := s.r.ReadSlice('>')
		if err != nil && err != bufio.ErrBufferFull {
			return nil, unexpectedEOF(err)
		}
		from := len(s.buf)
		s.buf = append(s.buf, chunk...)
		if len(s.buf) > 1<<20 {
			return nil, errors.New("tag too long")
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		for _, c := range s.buf[from:] {
			switch {
			case quote != 0 && c == quote:
				quote = 0
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			}
		}
		if quote == 0 {
			return s.buf[:len(s.buf)-1], nil
		}
	}
}

// bang handles <!-- comments -->, <![CDATA[...]]> (whose text is kept
// when keep is set) and declarations.
func (s *sheetScanner) bang(keep bool) error {
	head, err := s.r.Peek(2)
	if err != nil {
		return unexpectedEOF(err)
	}
	switch {
	case string(head) == "--":
		_, err = s.readPast("-->")
	case head[0] == '[':
		var data []byte
		if data, err = s.readPast("]]>"); err == nil && keep {
			if !bytes.HasPrefix(data, []byte("[CDATA[")) {
				return errors.New("bad <![ section")
			}
			s.text = append(s.text, data[len("[CDATA["):len(data)-len("]]>")]...)
		}
	default:
		_, err = s.readPast(">")
	}
	return err
}

// readPast reads input through the end marker and returns it.
func (s *sheetScanner) readPast(marker string) ([]byte, error) {
	var data []byte
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return nil, unexpectedEOF(err)
		}
		data = append(data, c)
		if bytes.HasSuffix(data, []byte(marker)) {
			return data, nil
		}
		if len(data) > 1<<24 {
			return nil, errors.New("unterminated markup")
		}
	}
}

func unexpectedEOF(err error) error {
	if err == io.EOF || err == errSheetEnd {
		return io.ErrUnexpectedEOF
	}
	return err
}

// attrValue returns the value of the named attribute of the last tag.
func (s *sheetScanner) attrValue(name string) (string, bool) {
	a := s.attr
	for len(a) > 0 {
		a = bytes.TrimLeft(a, " \t\r\n")
		eq := bytes.IndexByte(a, '=')
		if eq < 0 || eq+1 >= len(a) {
			return "", false
		}
		key := bytes.TrimSpace(a[:eq])
		rest := bytes.TrimLeft(a[eq+1:], " \t\r\n")
		if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
			return "", false
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return "", false
		}
		if i := bytes.IndexByte(key, ':'); i >= 0 {
			key = key[i+1:]
		}
		if string(key) == name {
			v, err := unescape(rest[1 : 1+end])
			return v, err == nil
		}
		a = rest[2+end:]
	}
	return "", false
}

// unescape replaces XML's character and entity references.
func unescape(b []byte) (string, error) {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b), nil
	}
	var out strings.Builder
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:i])
		b = b[i+1:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 {
			return "", errors.New("unterminated character reference")
		}
		ref := string(b[:semi])
		b = b[semi+1:]
		switch ref {
		case "amp":
			out.WriteByte('&')
		case "lt":
			out.WriteByte('<')
		case "gt":
			out.WriteByte('>')
		case "quot":
			out.WriteByte('"')
		case "apos":
			out.WriteByte('\'')
		default:
			r, err := charRef(ref)
			if err != nil {
				return "", err
			}
			out.WriteRune(r)
		}
	}
	return out.String(), nil
}

func charRef(ref string) (rune, error) {
	var n uint64
	var err error
	switch {
	case strings.HasPrefix(ref, "#x"):
		n, err = strconv.ParseUint(ref[2:], 16, 32)
	case strings.HasPrefix(ref, "#"):
		n, err = strconv.ParseUint(ref[1:], 10, 32)
	default:
		return 0, fmt.Errorf("unknown entity &%s;", ref)
	}
	if err != nil || !utf8.ValidRune(rune(n)) {
		return 0, fmt.Errorf("bad character reference &%s;", ref)
	}
	return rune(n), nil
}
