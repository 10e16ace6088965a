package web

import (
	"net/http"
	"time"

	"plenum"
)

// viewer is what the header shows of who is logged in.
type viewer struct {
	Name     string
	Member   bool
	Org      plenum.OrgID // the member's organization
	Operator bool
	Unread   int // the member's unread notifications, up to 100
}

// cookieName is the session cookie's name. With Secure cookies it carries the
// __Host- prefix, which makes browsers refuse it unless it is Secure, has
// Path=/ and no Domain: no sibling subdomain can plant or read it.
func (s *Server) cookieName() string {
	if s.cfg.PlainHTTP {
		return "plenum_session"
	}
	return "__Host-plenum_session"
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.cookieName(),
		Value:    token,
		Path:     "/",
		Expires:  expires,
		HttpOnly: true,
		Secure:   !s.cfg.PlainHTTP,
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.cookieName(),
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   !s.cfg.PlainHTTP,
		SameSite: http.SameSiteLaxMode,
	})
}

// sessionToken is the token of the request's session cookie, if any.
func (s *Server) sessionToken(r *http.Request) string {
	c, err := r.Cookie(s.cookieName())
	if err != nil {
		return ""
	}
	return c.Value
}
