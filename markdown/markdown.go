// Package markdown renders the Markdown that members write (articles,
// statements) into HTML that is safe to put in a page, a feed or an email.
//
// Two layers, so that neither alone has to be perfect: goldmark is run
// without its unsafe option, so raw HTML in the source is dropped rather than
// passed through; its output then goes through bluemonday's policy for user
// content, which keeps only known-safe elements and attributes, only http,
// https and mailto links, and marks links rel="nofollow".
package markdown

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Renderer renders Markdown. It is safe for concurrent use; make one and
// share it.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Renderer for GitHub-flavoured Markdown (tables,
// strikethrough, autolinks, task lists).
func New() *Renderer {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(true)
	return &Renderer{md: goldmark.New(goldmark.WithExtensions(extension.GFM)), policy: p}
}

// HTML renders src as sanitized HTML.
func (r *Renderer) HTML(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	// The policy's output is safe to embed as HTML: that is its purpose.
	return template.HTML(r.policy.SanitizeBytes(buf.Bytes())), nil
}
