package web

import (
	"net/http"
	"time"

	"plenum"
	"plenum/i18n"
)

// langCookie keeps a visitor's choice of language; a member's choice is kept
// by the domain, with their account.
const langCookie = "plenum_lang"

// localizer is the language of the response to r: the member's choice, else
// the visitor's cookie, else the browser's Accept-Language, else English. v
// may be nil (error pages).
func (s *Server) localizer(r *http.Request, v *plenum.Viewer) *i18n.Localizer {
	b := s.deps.App.I18n
	choice := ""
	if v != nil && v.Member != nil {
		// A failed lookup only costs the member their choice on this page.
		choice, _ = s.deps.App.Language(r.Context(), v)
	}
	if c, err := r.Cookie(langCookie); err == nil && choice == "" {
		choice = c.Value
	}
	return b.Localizer(b.Negotiate(choice, r.Header.Get("Accept-Language")))
}

// setLanguage keeps the language chosen in the footer's form: with the
// member's account, or in a cookie for a visitor. "" returns to the
// browser's preference.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := r.PostFormValue("lang")
	if v.Member != nil {
		if err := s.deps.App.SetLanguage(r.Context(), v, lang); err != nil {
			s.fail(w, r, err)
			return
		}
	} else if lang != "" && !s.speaks(lang) {
		s.fail(w, r, invalid("lang", "plenum does not speak this language."))
		return
	}
	c := &http.Cookie{Name: langCookie, Value: lang, Path: "/", HttpOnly: true, Secure: !s.cfg.PlainHTTP,
		SameSite: http.SameSiteLaxMode, Expires: time.Now().Add(365 * 24 * time.Hour)}
	if lang == "" || v.Member != nil {
		c.MaxAge = -1 // the member's choice lives with their account
	}
	http.SetCookie(w, c)
	next := localPath(r.PostFormValue("next"))
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) speaks(lang string) bool {
	for _, t := range s.deps.App.I18n.Languages() {
		if t.String() == lang {
			return true
		}
	}
	return false
}

// langChoice is one entry of the footer's language form.
type langChoice struct {
	Tag, Name string
	Current   bool
}

// languages lists the languages for the footer's form.
func (s *Server) languages(l *i18n.Localizer) []langChoice {
	var out []langChoice
	for _, t := range s.deps.App.I18n.Languages() {
		out = append(out, langChoice{Tag: t.String(), Name: s.deps.App.I18n.Localizer(t).T("lang.name"), Current: t == l.Tag()})
	}
	return out
}

// speak sets the language of the layout l of a page for viewer v (nil for an
// error page).
func (s *Server) speak(l *Layout, r *http.Request, v *plenum.Viewer) {
	l.L = s.localizer(r, v)
	if l.L.Has(l.Title) {
		if l.TitleArg != "" {
			l.Title = l.L.T(l.Title, l.TitleArg)
		} else {
			l.Title = l.L.T(l.Title)
		}
	}
	l.Langs = s.languages(l.L)
	l.Path = r.URL.RequestURI()
}
