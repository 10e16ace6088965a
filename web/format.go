package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"plenum/i18n"
)

// methodName is a counting method as members read it, in their language:
// the catalog's "method.NAME", or the method's own name if it has none.
func methodName(l *i18n.Localizer, m string) string {
	if l.Has("method." + m) {
		return l.T("method." + m)
	}
	return m
}

// money formats pay as "EUR 1,200.00 a month".
func money(p *payView) string {
	neg := p.Minor < 0
	v := p.Minor
	if neg {
		v = -v
	}
	whole := strconv.FormatInt(v/100, 10)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	sign := ""
	if neg {
		sign = "-"
	}
	s := fmt.Sprintf("%s %s%s.%02d", p.Currency, sign, b.String(), v%100)
	if p.Period != "" {
		s += " a " + p.Period
	}
	return s
}

// query builds a query string from name/value pairs, leaving out empty
// values. It is a template.URL because its values are already escaped: the
// template would otherwise escape its "=" and "&" too.
func query(kv ...string) template.URL {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	return template.URL(q.Encode())
}

// entryTypes name the record's entry types in words; other types are
// spelled out from their names.
var entryTypes = map[string]string{
	"org.founded":      "Organization founded",
	"term.founding":    "Founding mandate",
	"members.imported": "Members imported",
	"member.invited":   "Member invited",
	"account.opened":   "Account opened",
	"operator.created": "Operator account created",
}

// describeKeys are the payload fields that name what an entry is about, in
// the order a line mentions them.
var describeKeys = []string{"name", "office_name", "holder_name", "member_name", "unit_name", "body_name", "file", "count"}

// describe says what a record entry is about in a line: its type in words and
// the names its payload carries.
func describe(e recordEntry) string {
	words, ok := entryTypes[e.Type]
	if !ok {
		words = strings.NewReplacer(".", " ", "_", " ").Replace(e.Type)
		if words != "" {
			words = strings.ToUpper(words[:1]) + words[1:]
		}
	}
	var names []string
	for _, k := range describeKeys {
		switch v := e.Payload[k].(type) {
		case string:
			if v != "" {
				names = append(names, v)
			}
		case float64:
			names = append(names, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	if len(names) > 0 {
		words += ": " + strings.Join(names, ", ")
	}
	return words
}
