package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"plenum"
	"plenum/count"
	"plenum/i18n"
)

//go:embed templates
var templateFS embed.FS

// pages holds one parsed template per page, each a clone of the layout with
// the page's own "content" block.
type pages struct {
	byName map[string]*template.Template
	print  *template.Template // the print version of an article, without the layout
}

// Layout is what the frame around every page shows.
type Layout struct {
	// Title is a catalog key (with TitleArg as its argument, if any) or,
	// for the name of a thing, the text itself.
	Title    string
	TitleArg string
	Viewer   *viewer     // nil for a visitor
	Org      *orgNav     // the organization the page belongs to; nil on instance pages
	Nav      string      // the current navigation entry: "home", "units", "members", "record", "me"
	Demo     *demoBanner // the demo's clock, on a demonstration only
	// L speaks the viewer's language; Langs and Path serve the footer's
	// language form.
	L     *i18n.Localizer
	Langs []langChoice
	Path  string
}

// demoBanner is what every page of a demonstration says of its clock.
type demoBanner struct {
	Now   time.Time
	Ahead int // whole days ahead of the real date
}

// orgNav is what the header needs of an organization.
type orgNav struct {
	Slug string
	Name string
	ID   plenum.OrgID
}

// A page is the typed value a template renders: the frame and the page's view.
type page[T any] struct {
	Layout
	Data T
}

func parsePages(st *staticFiles) (*pages, error) {
	funcs := template.FuncMap{
		"static":      st.url,
		"date":        formatDate,
		"datetime":    formatDateTime,
		"current":     func(nav, entry string) bool { return nav == entry },
		"method":      methodName,
		"money":       money,
		"query":       query,
		"describe":    describe,
		"minPassword": func() int { return plenum.MinPasswordLen },
		"statement":   isStatement,
		"pair":        func(l *i18n.Localizer, v any) localized { return localized{l, v} },
		"boothText":   boothText,
		"trusteeText": trusteeText,
		"join":        func(s []string) string { return strings.Join(s, ", ") },
		"flow":        func(r *count.Report) template.HTML { return template.HTML(count.FlowSVG(r)) },
		"deliveries":  func() []plenum.Delivery { return plenum.Deliveries },
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	if p.print, err = parsePrint(funcs); err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", name, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// render executes a page into a buffer first, so that a template error gives
// a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.pages.byName[name]
	if !ok {
		s.fail(w, r, fmt.Errorf("no template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.log.Error("render page", "page", name, "err", err)
		if name != "error" {
			s.fail(w, r, fmt.Errorf("render %s: %w", name, err))
		} else {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006")
}

func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}
