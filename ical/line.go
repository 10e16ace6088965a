package ical

import (
	"bufio"
	"strings"
	"unicode/utf8"
)

// maxLine is the longest content line RFC 5545 section 3.1 allows, in octets,
// not counting the CRLF.
const maxLine = 75

// lineWriter writes content lines, folded and CRLF-terminated, and keeps the
// first error.
type lineWriter struct {
	w   *bufio.Writer
	err error
}

// prop writes "NAME:value" (name may carry parameters) as a folded line.
func (l *lineWriter) prop(name, value string) {
	if l.err != nil {
		return
	}
	_, l.err = l.w.WriteString(fold(name + ":" + value))
}

// fold splits line into physical lines of at most maxLine octets, each after
// the first starting with a space, never inside a UTF-8 sequence (section 3.1
// forbids splitting a character), and ends each with CRLF.
func fold(line string) string {
	var b strings.Builder
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}

// text escapes a TEXT value (section 3.3.11): backslash, semicolon, comma and
// newline are escaped; a CRLF or lone CR counts as a newline; other control
// characters, which TEXT may not hold, are dropped. Invalid UTF-8 becomes
// U+FFFD.
func text(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
