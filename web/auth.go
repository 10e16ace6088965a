package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"plenum"
)

type loginForm struct {
	Email string
	Next  string
	Error string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := &loginForm{Next: localPath(r.URL.Query().Get("next"))}
	renderPage(s, w, r, v, http.StatusOK, "login", Layout{Title: "nav.login", Nav: "login"}, f)
}

// login checks the web's own bound on attempts, which caps the password
// hashing any one client or account can cause, then asks the domain, which
// also limits failed attempts.
func (s *Server) login(r *http.Request, email, password string) (string, time.Time, error) {
	if ok, retry := s.limits.allow(clientIP(r), email); !ok {
		return "", time.Time{}, rateLimited{retry}
	}
	token, sess, err := s.deps.App.Login(r.Context(), email, password, clientIP(r))
	if err != nil {
		return "", time.Time{}, err
	}
	s.limits.succeeded(email)
	return token, sess.Expires, nil
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	f := &loginForm{Email: r.PostFormValue("email"), Next: localPath(r.PostFormValue("next"))}
	token, expires, err := s.login(r, f.Email, r.PostFormValue("password"))
	if err != nil {
		p := s.problemOf(r, err)
		if p.Status >= 500 {
			s.fail(w, r, err)
			return
		}
		setRetryAfter(w, err)
		f.Error = p.Message
		renderPage(s, w, r, plenum.Visitor(), p.Status, "login", Layout{Title: "nav.login", Nav: "login"}, f)
		return
	}
	s.setSessionCookie(w, token, expires)
	next := f.Next
	if next == "" {
		next = "/me"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.deps.App.Logout(r.Context(), s.sessionToken(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearSessionCookie(w)
	if isAPI(r) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// localPath keeps a "next" address only if it is a path on this server, so
// that the login form cannot be used to send people elsewhere.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return ""
	}
	return p
}

func setRetryAfter(w http.ResponseWriter, err error) {
	if rl, ok := err.(rateLimited); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((rl.retry+time.Second-1)/time.Second)))
	}
}

// sessionView is what the API says of the session.
type sessionView struct {
	Kind    string      `json:"kind"` // "visitor", "member" or "operator"
	Member  *memberView `json:"member,omitempty"`
	Expires *time.Time  `json:"expires,omitempty"`
}

func sessionViewOf(v *plenum.Viewer) *sessionView {
	switch {
	case v.Member != nil:
		m := memberViewOf(v.Member)
		return &sessionView{Kind: "member", Member: &m}
	case v.IsOperator():
		return &sessionView{Kind: "operator"}
	}
	return &sessionView{Kind: "visitor"}
}

func (s *Server) apiSession(r *http.Request, v *plenum.Viewer) (*sessionView, error) {
	return sessionViewOf(v), nil
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	token, expires, err := s.login(r, req.Email, req.Password)
	if err != nil {
		setRetryAfter(w, err)
		s.fail(w, r, err)
		return
	}
	s.setSessionCookie(w, token, expires)
	v, err := s.deps.App.Authenticate(r.Context(), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sv := sessionViewOf(v)
	sv.Expires = &expires
	writeJSON(w, http.StatusOK, sv)
}
