package i18n

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/language"
)

func newBundle(t testing.TB) *Bundle {
	t.Helper()
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// verbs lists the fmt verbs of a message, sorted, so that a translation that
// drops, adds or retypes an argument is caught.
var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

func verbs(t *testing.T, v json.RawMessage) []string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		out := verbRE.FindAllString(s, -1)
		slices.Sort(out)
		return slices.Compact(out)
	}
	var cases map[string]string
	if err := json.Unmarshal(v, &cases); err != nil {
		t.Fatal(err)
	}
	// Plural cases may omit the count ("no members"); compare the union.
	var out []string
	for _, c := range cases {
		out = append(out, verbRE.FindAllString(c, -1)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestCatalogsComplete(t *testing.T) {
	en, err := readRaw(locales, "locales/en")
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range newBundle(t).Languages()[1:] {
		name := "locales/" + tag.String()
		other, err := readRaw(locales, name)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range en {
			tr, ok := other[k]
			if !ok {
				t.Errorf("%s lacks key %q", name, k)
				continue
			}
			if a, b := verbs(t, v.msg), verbs(t, tr.msg); !slices.Equal(a, b) {
				t.Errorf("%s: key %q has arguments %v, English has %v", name, k, b, a)
			}
		}
		for k := range other {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has key %q that English does not", name, k)
			}
		}
	}
}

func TestLanguages(t *testing.T) {
	got := newBundle(t).Languages()
	want := []language.Tag{language.English, language.Spanish}
	if !slices.Equal(got, want) {
		t.Fatalf("Languages() = %v, want %v", got, want)
	}
}

func TestNegotiate(t *testing.T) {
	b := newBundle(t)
	tests := []struct {
		choice, accept string
		want           language.Tag
	}{
		{"", "", language.English},
		{"", "es", language.Spanish},
		{"", "es-MX,es;q=0.9,en;q=0.8", language.Spanish},
		{"", "es-419", language.Spanish},
		{"", "en-GB,en;q=0.9,es;q=0.5", language.English},
		{"", "fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5", language.Spanish},
		{"", "fr-FR,fr;q=0.9,en;q=0.8,es;q=0.5", language.English},
		{"", "en;q=0.1,es;q=0.9", language.Spanish},
		{"", "de", language.English},
		{"", "*", language.English},
		{"", "garbage;;q=x,,", language.English},
		{"es", "en-US,en", language.Spanish},
		{"en", "es", language.English},
		{"fr", "es", language.Spanish}, // an unsupported choice falls back to the browser
		{"not a tag!", "es", language.Spanish},
	}
	for _, tt := range tests {
		if got := b.Negotiate(tt.choice, tt.accept); got != tt.want {
			t.Errorf("Negotiate(%q, %q) = %v, want %v", tt.choice, tt.accept, got, tt.want)
		}
	}
}

func TestTranslate(t *testing.T) {
	b := newBundle(t)
	en, es := b.Localizer(language.English), b.Localizer(language.Spanish)
	tests := []struct {
		l    *Localizer
		key  string
		args []any
		want string
	}{
		{en, "nav.record", nil, "Record"},
		{es, "nav.record", nil, "Registro"},
		{es, "article.by", []any{"Ana Pérez"}, "Por Ana Pérez"},
		{en, "count.members", []any{0}, "no members"},
		{en, "count.members", []any{1}, "1 member"},
		{en, "count.members", []any{1234}, "1,234 members"},
		{es, "count.members", []any{1}, "1 miembro"},
		{es, "count.members", []any{2}, "2 miembros"},
		{es, "count.members", []any{12345}, "12.345 miembros"},
		{es, "no.such.key", nil, "no.such.key"},
	}
	if !es.Has("nav.record") || es.Has("no.such.key") || es.Has("North branch") {
		t.Error("Has is wrong")
	}
	for _, tt := range tests {
		if got := tt.l.T(tt.key, tt.args...); got != tt.want {
			t.Errorf("%s T(%q, %v) = %q, want %q", tt.l.Lang(), tt.key, tt.args, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	b := newBundle(t)
	en, es := b.Localizer(language.English), b.Localizer(language.Spanish)
	when := time.Date(2026, 11, 25, 23, 5, 0, 0, time.FixedZone("X", -3600))
	madrid := time.FixedZone("CET", 3600)
	tests := []struct{ got, want string }{
		{en.Date(when), "26 November 2026"}, // in UTC it is already the 26th
		{es.Date(when), "26 de noviembre de 2026"},
		{en.DateTime(when, nil), "26 November 2026, 00:05 UTC"},
		{es.DateTime(when, madrid), "26 de noviembre de 2026, 01:05 CET"},
		{en.Number(1234567), "1,234,567"},
		{es.Number(1234567), "1.234.567"},
		{en.Number(0.5), "0.5"},
		{es.Number(0.5), "0,5"},
		{en.Lang(), "en"},
		{es.Lang(), "es"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"bad JSON", fstest.MapFS{"l/en/x.json": {Data: []byte(`{"a": `)}}, "l/en/x.json"},
		{"bad message", fstest.MapFS{"l/en/x.json": {Data: []byte(`{"a": 3}`)}}, `l/en/x.json: key "a"`},
		{"no other case", fstest.MapFS{"l/en/x.json": {Data: []byte(`{"a": {"one": "x"}}`)}}, `key "a": plural cases need`},
		{"bad folder name", fstest.MapFS{"l/english/x.json": {Data: []byte(`{}`)}}, "l/english: the folder name"},
		{"no default", fstest.MapFS{"l/es/x.json": {Data: []byte(`{"a": "b"}`)}}, "no catalog for the default"},
		{"key twice", fstest.MapFS{"l/en/x.json": {Data: []byte(`{"a": "b"}`)}, "l/en/y.json": {Data: []byte(`{"a": "c"}`)}},
			`l/en/y.json: key "a" is already defined in l/en/x.json`},
	}
	for _, tt := range tests {
		_, err := load(tt.files, "l")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func FuzzNegotiate(f *testing.F) {
	b := newBundle(f)
	for _, s := range []string{"", "es", "en-GB,en;q=0.9", "x-klingon;q=0.3,*;q=0.1", "es-419;q=abc", ";;;,"} {
		f.Add("", s)
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, choice, accept string) {
		got := b.Negotiate(choice, accept)
		if !slices.Contains(b.Languages(), got) {
			t.Fatalf("Negotiate(%q, %q) = %v, not a supported language", choice, accept, got)
		}
	})
}
