package constitution

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// Parse reads a constitution from data; filename is used in errors only. The
// error, if any, is an ErrorList.
func Parse(filename string, data []byte) (*Constitution, error) {
	d := &decoder{file: filename}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, ErrorList{d.syntaxError(err)}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, ErrorList{{File: filename, Line: 1, Msg: "the file is empty"}}
	}
	c := d.constitution(doc.Content[0])
	if len(d.errs) == 0 {
		d.check(c)
	}
	if len(d.errs) > 0 {
		slices.SortStableFunc(d.errs, func(a, b *Error) int { return a.Line - b.Line })
		return nil, d.errs
	}
	return c, nil
}

// decoder walks the YAML tree, collecting every error instead of stopping at
// the first.
type decoder struct {
	file             string
	errs             ErrorList
	commissionsGiven bool // the file has an election_commissions section
}

func (d *decoder) fail(line int, field, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

func (d *decoder) syntaxError(err error) *Error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	e := &Error{File: d.file, Line: 1, Msg: strings.TrimPrefix(msg, "yaml: ")}
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = m[2]
	}
	return e
}

// fields calls the handler of each key of the mapping n, and reports unknown
// keys and missing required ones (those whose name ends in "!").
func (d *decoder) fields(n *yaml.Node, field string, handlers map[string]func(v *yaml.Node, field string)) {
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, field, "must be a mapping of fields (%s)", strings.Join(keys(handlers), ", "))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		h, ok := handlers[k.Value]
		if !ok {
			h, ok = handlers[k.Value+"!"]
		}
		if !ok {
			d.fail(k.Line, join(field, k.Value), "unknown field (known fields: %s)", strings.Join(keys(handlers), ", "))
			continue
		}
		seen[k.Value] = true
		h(v, join(field, k.Value))
	}
	for name := range handlers {
		if req, ok := strings.CutSuffix(name, "!"); ok && !seen[req] {
			d.fail(n.Line, join(field, req), "is required")
		}
	}
}

func keys(handlers map[string]func(*yaml.Node, string)) []string {
	var ks []string
	for k := range handlers {
		ks = append(ks, strings.TrimSuffix(k, "!"))
	}
	slices.Sort(ks)
	return ks
}

func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

// list calls item for each element of the sequence n.
func (d *decoder) list(n *yaml.Node, field string, item func(v *yaml.Node, field string)) {
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, field, "must be a list")
		return
	}
	for i, v := range n.Content {
		item(v, fmt.Sprintf("%s[%d]", field, i))
	}
}

func (d *decoder) str(n *yaml.Node, field string, dst *string) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		d.fail(n.Line, field, "must be a text")
		return
	}
	*dst = strings.TrimSpace(n.Value)
}

func (d *decoder) texts(n *yaml.Node, field string, dst *[]string) {
	d.list(n, field, func(v *yaml.Node, f string) {
		var s string
		d.str(v, f, &s)
		*dst = append(*dst, s)
	})
}

// whole reads a whole number that is at least min.
func (d *decoder) whole(n *yaml.Node, field string, min int, dst *int) {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v < min {
		d.fail(n.Line, field, "must be a whole number of at least %d, not %q", min, n.Value)
		return
	}
	*dst = v
}

func (d *decoder) boolean(n *yaml.Node, field string, dst *bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.fail(n.Line, field, "must be true or false, not %q", n.Value)
		return
	}
	*dst = n.Value == "true"
}

// percent reads "20%", "12.5%" or a plain number of percent, from 0 to 100.
func (d *decoder) percent(n *yaml.Node, field string, dst *Percent) {
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(n.Value), "%"))
	v, err := strconv.ParseFloat(s, 64)
	if n.Kind != yaml.ScalarNode || err != nil || v < 0 || v > 100 || math.Round(v*100) != v*100 {
		d.fail(n.Line, field, "must be a percentage from 0%% to 100%% (at most two decimals), not %q", n.Value)
		return
	}
	*dst = Percent(math.Round(v * 100))
}

func (d *decoder) date(n *yaml.Node, field string, dst *time.Time) {
	t, err := time.Parse(time.DateOnly, n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		d.fail(n.Line, field, "must be a date written YYYY-MM-DD, not %q", n.Value)
		return
	}
	*dst = t
}

func (d *decoder) oneOf(n *yaml.Node, field string, allowed []string, dst *string) {
	var s string
	d.str(n, field, &s)
	if s != "" && !slices.Contains(allowed, s) {
		d.fail(n.Line, field, "must be one of %s, not %q", strings.Join(allowed, ", "), s)
		return
	}
	*dst = s
}
