package textdiff

import (
	"fmt"
	"strings"
	"testing"
)

func render(cs []Chunk) string {
	var b strings.Builder
	for _, c := range cs {
		switch c.Op {
		case Delete:
			fmt.Fprintf(&b, "[-%s-]", c.Text)
		case Insert:
			fmt.Fprintf(&b, "{+%s+}", c.Text)
		default:
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

// rebuild returns the old (Equal and Delete) and new (Equal and Insert) texts.
func rebuild(cs []Chunk) (a, b string) {
	for _, c := range cs {
		if c.Op != Insert {
			a += c.Text
		}
		if c.Op != Delete {
			b += c.Text
		}
	}
	return a, b
}

func TestWords(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{"", "", ""},
		{"same text", "same text", "same text"},
		{"dues of 5 EUR a month", "dues of 8 EUR a month", "dues of [-5 -]{+8 +}EUR a month"},
		{"rent strike now", "rent strike", "rent [-strike now-]{+strike+}"},
		{"a b c", "x a b c y", "{+x +}a b [-c-]{+c y+}"},
		{"", "new", "{+new+}"},
	} {
		if got := render(Words(tt.a, tt.b)); got != tt.want {
			t.Errorf("Words(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLines(t *testing.T) {
	a := "name: x\nquorum: 50%\ntrustees: 3\n"
	b := "name: x\nquorum: 40%\ntrustees: 3\nmotions: {}\n"
	want := "name: x\n[-quorum: 50%\n-]{+quorum: 40%\n+}trustees: 3\n{+motions: {}\n+}"
	if got := render(Lines(a, b)); got != want {
		t.Errorf("Lines = %q, want %q", got, want)
	}
	if Changed(Lines(a, a)) || !Changed(Lines(a, b)) {
		t.Error("Changed is wrong")
	}
}

// TestHuge checks that a middle too large to compare is still reported
// truly, at once.
func TestHuge(t *testing.T) {
	a := strings.Repeat("a\n", 5000) + "x\n"
	b := "x\n" + strings.Repeat("b\n", 5000)
	cs := Lines(a, b)
	if ra, rb := rebuild(cs); ra != a || rb != b {
		t.Fatal("the chunks do not rebuild the texts")
	}
}

func FuzzWords(f *testing.F) {
	f.Add("the rent is due", "the rent is not due")
	f.Add("", "x")
	f.Add("a\u00a0b  c", "a b\tc")
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, cs := range [][]Chunk{Words(a, b), Lines(a, b)} {
			if ra, rb := rebuild(cs); ra != a || rb != b {
				t.Fatalf("rebuilt %q, %q from %q, %q", ra, rb, a, b)
			}
		}
	})
}
