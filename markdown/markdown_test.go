package markdown

import (
	"regexp"
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	r := New()
	tests := []struct {
		src         string
		want        []string
		mustNotHave []string
	}{
		{"# Rent strike\n\nDay **3**, *holding*.", []string{"<h1", "Rent strike</h1>", "<strong>3</strong>", "<em>holding</em>"}, nil},
		{"[union](https://union.example/a?b=1&c=2)", []string{`<a href="https://union.example/a?b=1&amp;c=2" rel="nofollow">union</a>`}, nil},
		{"| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"~~old~~ new", []string{"<del>old</del>"}, nil},
		{"<script>alert(1)</script>", nil, []string{"<script", "alert(1)</script>"}},
		{`<img src=x onerror="alert(1)">`, nil, []string{"onerror", "<img"}},
		{"[click](javascript:alert(1))", nil, []string{"javascript:"}},
		{`<a href="https://x.example" onclick="steal()">x</a>`, nil, []string{"onclick"}},
		{"![pixel](data:image/png;base64,AAAA)", nil, []string{"data:"}},
		{"<iframe src=https://evil.example></iframe>", nil, []string{"<iframe"}},
	}
	for _, tt := range tests {
		got, err := r.HTML(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(got), w) {
				t.Errorf("HTML(%q) = %q, want it to contain %q", tt.src, got, w)
			}
		}
		for _, w := range tt.mustNotHave {
			if strings.Contains(string(got), w) {
				t.Errorf("HTML(%q) = %q, must not contain %q", tt.src, got, w)
			}
		}
	}
}

var (
	tagRE     = regexp.MustCompile(`<[a-z][^>]*>`)
	handlerRE = regexp.MustCompile(`\son[a-z]+\s*=`)
)

func FuzzHTML(f *testing.F) {
	r := New()
	for _, s := range []string{"# x", "<script>x</script>", "[a](javascript:b)", "<img src=x onerror=y>", "```\n<b>\n```"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := r.HTML(src)
		if err != nil {
			t.Fatal(err)
		}
		// Text has its < escaped, so every < starts a real tag: check those.
		for _, tag := range tagRE.FindAllString(strings.ToLower(string(got)), -1) {
			if handlerRE.MatchString(tag) || strings.Contains(tag, "javascript:") ||
				strings.HasPrefix(tag, "<script") || strings.HasPrefix(tag, "<iframe") || strings.HasPrefix(tag, "<style") {
				t.Fatalf("HTML(%q) = %q holds tag %q", src, got, tag)
			}
		}
	})
}
