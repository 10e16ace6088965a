// Package icaltest reads iCalendar (RFC 5545) strictly, for tests: what
// package ical writes, and what the web layer serves, is parsed back with it.
package icaltest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// Component is what the strict reader returns: a component's properties in
// order (unescaped where the test asks) and its sub-components.
type Component struct {
	Name  string
	Props []Prop
	Subs  []*Component
}

// Prop is one content line: its name, parameters and raw value.
type Prop struct{ Name, Params, Value string }

// Get returns the raw values of c's properties named name.
func (c *Component) Get(name string) []string {
	var out []string
	for _, p := range c.Props {
		if p.Name == name {
			out = append(out, p.Value)
		}
	}
	return out
}

// One returns the raw value of c's one property named name, failing the
// test unless there is exactly one.
func (c *Component) One(t testing.TB, name string) string {
	t.Helper()
	v := c.Get(name)
	if len(v) != 1 {
		t.Fatalf("%s has %d %s properties, want 1", c.Name, len(v), name)
	}
	return v[0]
}

// Parse is a strict reader of RFC 5545: every line ends in CRLF, no physical
// line exceeds 75 octets or splits a UTF-8 sequence, continuation lines start
// with one space, every content line is NAME[;params]:value, and BEGIN/END nest.
func Parse(data []byte) (*Component, error) {
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		return nil, fmt.Errorf("does not end in CRLF")
	}
	physical := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	var logical []string
	for i, l := range physical {
		if strings.ContainsAny(l, "\r\n") {
			return nil, fmt.Errorf("line %d: a bare CR or LF", i+1)
		}
		if len(l) > 75 {
			return nil, fmt.Errorf("line %d: %d octets", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			return nil, fmt.Errorf("line %d: not valid UTF-8 (a character split by folding?)", i+1)
		}
		if strings.HasPrefix(l, " ") {
			if len(logical) == 0 {
				return nil, fmt.Errorf("line %d: continuation of nothing", i+1)
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	root := &Component{}
	stack := []*Component{root}
	for i, l := range logical {
		name, value, ok := strings.Cut(l, ":")
		if !ok || name == "" {
			return nil, fmt.Errorf("content line %d: no name and colon: %q", i+1, l)
		}
		name, params, _ := strings.Cut(name, ";")
		top := stack[len(stack)-1]
		switch name {
		case "BEGIN":
			c := &Component{Name: value}
			top.Subs = append(top.Subs, c)
			stack = append(stack, c)
		case "END":
			if top.Name != value || len(stack) == 1 {
				return nil, fmt.Errorf("content line %d: END:%s closes %q", i+1, value, top.Name)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 1 {
				return nil, fmt.Errorf("content line %d: property outside any component", i+1)
			}
			top.Props = append(top.Props, Prop{name, params, value})
		}
	}
	if len(stack) != 1 || len(root.Subs) != 1 || root.Subs[0].Name != "VCALENDAR" {
		return nil, fmt.Errorf("not one closed VCALENDAR")
	}
	return root.Subs[0], nil
}

// Unescape reads a TEXT value, refusing unescaped commas and semicolons and
// unknown escapes.
func Unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ',', ';':
			return "", fmt.Errorf("unescaped %q in %q", c, s)
		case '\\':
			i++
			if i == len(s) {
				return "", fmt.Errorf("trailing backslash in %q", s)
			}
			switch s[i] {
			case '\\', ',', ';':
				b.WriteByte(s[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				return "", fmt.Errorf("unknown escape \\%c in %q", s[i], s)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}
