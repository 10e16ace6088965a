package web

import (
	"net/http"

	"plenum"
)

// unsubscribeView is the page of an unsubscribe link.
type unsubscribeView struct {
	Member string
	Kind   string // of notice
	Done   bool
}

// unsubscribePage asks to confirm: a GET never changes anything, since mail
// scanners follow links.
func (s *Server) unsubscribePage(r *http.Request, v *plenum.Viewer) (*unsubscribeView, error) {
	u, err := s.deps.App.Unsubscribe(r.Context(), r.PathValue("token"), false)
	if err != nil {
		return nil, err
	}
	return &unsubscribeView{Member: u.Member.Name, Kind: u.Kind}, nil
}

func unsubscribeFrame(*unsubscribeView) Layout { return Layout{Title: "unsubscribe.title"} }

// unsubscribe turns that kind of email off: the page's button, or a mail program's
// one-click POST (RFC 8058), which carries no cookie and no Origin header.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	u, err := s.deps.App.Unsubscribe(r.Context(), r.PathValue("token"), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	uv := &unsubscribeView{Member: u.Member.Name, Kind: u.Kind, Done: true}
	renderPage(s, w, r, plenum.Visitor(), http.StatusOK, "unsubscribe", unsubscribeFrame(uv), uv)
}

// settingsRequest changes a member's own settings through the API; absent
// fields stay as they are.
type settingsRequest struct {
	Lang *string `json:"lang"`
}

// apiSettings changes the member's language.
func (s *Server) apiSettings(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loggedIn(w, r)
	if !ok {
		return
	}
	var req settingsRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Lang != nil {
		if err := s.deps.App.SetLanguage(r.Context(), v, *req.Lang); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}
