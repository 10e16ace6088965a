package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"

	"plenum"
	"plenum/i18n"
)

// The print version of an article stands alone: no header, navigation,
// forms or footer, only the article, with its address and the date it was
// printed, on a stylesheet made for paper.

// printView is what the print version shows.
type printView struct {
	*articleView
	L       *i18n.Localizer
	Printed string // the date, in the reader's language
	Link    string // the article's address, printed at the end
}

func parsePrint(funcs template.FuncMap) (*template.Template, error) {
	t, err := template.New("article_print.html").Funcs(funcs).ParseFS(templateFS, "templates/print/article_print.html")
	if err != nil {
		return nil, fmt.Errorf("parse print page: %w", err)
	}
	return t, nil
}

func (s *Server) printArticle(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	av, err := s.articlePage(r, v)
	if err != nil {
		s.fail(w, r, forVisitor(v, err))
		return
	}
	l := s.localizer(r, v)
	pv := &printView{articleView: av, L: l, Printed: l.Date(s.cfg.Now()),
		Link: s.publicBase(r) + "/articles/" + av.ID}
	var buf bytes.Buffer
	if err := s.pages.print.Execute(&buf, pv); err != nil {
		s.fail(w, r, fmt.Errorf("render print page: %w", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	if !av.Public {
		// A members-only article stays out of shared caches and indexes.
		h.Set("X-Robots-Tag", "noindex")
	}
	w.Write(buf.Bytes())
}

// isStatement reports, for templates, whether kind is a statement.
func isStatement(kind string) bool { return kind == string(plenum.KindStatement) }

// localized is a value with the language to show it in, for a partial
// template called with one argument.
type localized struct {
	L *i18n.Localizer
	V any
}
