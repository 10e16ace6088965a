package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

//go:embed locales/*/*.json
var locales embed.FS

// Default is the language of the English catalog, which defines every key and
// is used where nothing better matches.
var Default = language.English

// Bundle holds the parsed catalogs of every supported language. It is safe for
// concurrent use; make one at start with New and share it.
type Bundle struct {
	cat     *catalog.Builder
	tags    []language.Tag // Default first, then the others in file order
	matcher language.Matcher
	keys    map[string]bool // the keys of the default catalog
}

// New parses the embedded catalogs. An error names the file and key.
func New() (*Bundle, error) {
	return load(locales, "locales")
}

// load parses the catalogs in dir of fsys: a folder per language, LANG/,
// whose files each hold the messages of one part of plenum.
func load(fsys fs.FS, dir string) (*Bundle, error) {
	b := &Bundle{cat: catalog.NewBuilder(catalog.Fallback(Default)), keys: map[string]bool{}}
	langs, err := fs.Glob(fsys, path.Join(dir, "*"))
	if err != nil {
		return nil, err
	}
	for _, name := range langs {
		tag, msgs, err := readCatalog(fsys, name)
		if err != nil {
			return nil, err
		}
		if tag == Default {
			b.tags = slices.Insert(b.tags, 0, tag)
			for k := range msgs {
				b.keys[k] = true
			}
		} else {
			b.tags = append(b.tags, tag)
		}
		for _, k := range sortedKeys(msgs) {
			if err := b.cat.Set(tag, k, msgs[k]); err != nil {
				return nil, fmt.Errorf("%s: key %q: %w", name, k, err)
			}
		}
	}
	if len(b.keys) == 0 {
		return nil, fmt.Errorf("i18n: no catalog for the default language %s in %s", Default, dir)
	}
	b.matcher = language.NewMatcher(b.tags)
	return b, nil
}

// readCatalog parses the catalog of one language folder into compiled messages.
func readCatalog(fsys fs.FS, dir string) (language.Tag, map[string]catalog.Message, error) {
	tag, err := language.Parse(path.Base(dir))
	if err != nil {
		return tag, nil, fmt.Errorf("%s: the folder name is not a language tag: %w", dir, err)
	}
	raw, err := readRaw(fsys, dir)
	if err != nil {
		return tag, nil, err
	}
	msgs := make(map[string]catalog.Message, len(raw))
	for k, v := range raw {
		m, err := compile(v.msg)
		if err != nil {
			return tag, nil, fmt.Errorf("%s: key %q: %w", v.file, k, err)
		}
		msgs[k] = m
	}
	return tag, msgs, nil
}

// rawMessage is a message as it stands in its file.
type rawMessage struct {
	msg  json.RawMessage
	file string
}

// readRaw reads the files of a language folder as key -> raw message. A key
// defined in two files is an error naming both.
func readRaw(fsys fs.FS, dir string) (map[string]rawMessage, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	out := map[string]rawMessage{}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for k, v := range raw {
			if prev, ok := out[k]; ok {
				return nil, fmt.Errorf("%s: key %q is already defined in %s", name, k, prev.file)
			}
			out[k] = rawMessage{v, name}
		}
	}
	return out, nil
}

// compile turns a JSON message (a string, or an object of plural cases) into a
// catalog message.
func compile(v json.RawMessage) (catalog.Message, error) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return catalog.String(s), nil
	}
	var cases map[string]string
	if err := json.Unmarshal(v, &cases); err != nil {
		return nil, fmt.Errorf("a message is a string or an object of plural cases")
	}
	if cases["other"] == "" {
		return nil, fmt.Errorf("plural cases need an \"other\" case")
	}
	var args []any
	for _, c := range sortedKeys(cases) {
		if c != "other" {
			args = append(args, c, cases[c])
		}
	}
	args = append(args, "other", cases["other"]) // other must come last
	return plural.Selectf(1, "%d", args...), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Languages lists the supported languages, the default first.
func (b *Bundle) Languages() []language.Tag { return slices.Clone(b.tags) }

// Negotiate picks the language to speak: the member's own choice when it is
// supported, else the best match for the browser's Accept-Language header,
// else the default. Either argument may be empty.
func (b *Bundle) Negotiate(choice, acceptLanguage string) language.Tag {
	if choice != "" {
		if t, err := language.Parse(choice); err == nil {
			if _, i, c := b.matcher.Match(t); c >= language.High {
				return b.tags[i]
			}
		}
	}
	// MatchStrings reads Accept-Language syntax with q-values; its index names
	// one of our tags exactly, without the -u-rg extensions it may add.
	_, i := language.MatchStrings(b.matcher, acceptLanguage)
	return b.tags[i]
}

// Localizer returns the Localizer for tag, which should come from Negotiate or
// Languages.
func (b *Bundle) Localizer(tag language.Tag) *Localizer {
	return &Localizer{tag: tag, p: message.NewPrinter(tag, message.Catalog(b.cat)), keys: b.keys}
}
