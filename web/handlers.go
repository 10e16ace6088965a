package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"plenum"
)

// A view builds one page's data for the viewer. A page's HTML route and its
// API route call the same view, so they share one domain call and its
// authorization; only the rendering differs.
type view[T any] func(r *http.Request, v *plenum.Viewer) (T, error)

// htmlPage renders a view with its template; frame says what the layout
// shows around it.
func htmlPage[T any](s *Server, name string, frame func(T) Layout, fn view[T]) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if v, data, ok := runView(s, w, r, fn); ok {
			renderPage(s, w, r, v, http.StatusOK, name, frame(data), data)
		}
	}
}

// runView runs fn for the request's viewer. When it fails, runView has
// answered the request with the error and ok is false.
func runView[T any](s *Server, w http.ResponseWriter, r *http.Request, fn view[T]) (v *plenum.Viewer, data T, ok bool) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return nil, data, false
	}
	if data, err = fn(r, v); err != nil {
		s.fail(w, r, forVisitor(v, err))
		return v, data, false
	}
	return v, data, true
}

// showAgain shows a page again after its form was refused: view builds the
// page for the request, and refuse puts the refusal (and, where the page
// keeps one, the form's input) on it.
func showAgain[T any](s *Server, w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, name string,
	view func(*http.Request, *plenum.Viewer) (T, error), frame func(T) Layout, refuse func(T)) {
	page, err := view(r, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	refuse(page)
	renderPage(s, w, r, v, status, name, frame(page), page)
}

// renderPage renders a page of data in the layout l for viewer v.
func renderPage[T any](s *Server, w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, name string, l Layout, data T) {
	l.Viewer = whoIs(v)
	if l.Viewer != nil && l.Viewer.Member {
		n, err := s.deps.App.UnreadNotifications(r.Context(), v)
		if err != nil {
			s.log.Error("unread notifications", "err", err) // the page shows without the count
		}
		l.Viewer.Unread = n
	}
	if s.cfg.Demo != nil {
		l.Demo = &demoBanner{Now: s.cfg.Demo.Now(), Ahead: int(s.cfg.Demo.Ahead() / (24 * time.Hour))}
	}
	s.speak(&l, r, v)
	s.render(w, r, status, name, &page[T]{Layout: l, Data: data})
}

// apiGet renders a view as JSON.
func apiGet[T any](s *Server, fn view[T]) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, data, ok := runView(s, w, r, fn); ok {
			writeJSON(w, http.StatusOK, data)
		}
	}
}

// viewerOf asks the domain who the session cookie belongs to; no cookie or
// an unknown or expired one is a visitor.
func (s *Server) viewerOf(r *http.Request) (*plenum.Viewer, error) {
	return s.deps.App.Authenticate(r.Context(), s.sessionToken(r))
}

// loggedIn is the request's viewer, who must have logged in; otherwise it
// has answered the request ("log in first") and ok is false.
func (s *Server) loggedIn(w http.ResponseWriter, r *http.Request) (v *plenum.Viewer, ok bool) {
	v, err := s.viewerOf(r)
	if err == nil && v.IsVisitor() {
		err = errLoginFirst
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return v, true
}

// forVisitor turns a refusal into "log in first" for a visitor, who may well
// be a member who has not logged in yet.
func forVisitor(v *plenum.Viewer, err error) error {
	if v.IsVisitor() && isForbidden(err) {
		return errLoginFirst
	}
	return err
}

// whoIs is what the header shows of the viewer.
func whoIs(v *plenum.Viewer) *viewer {
	switch {
	case v == nil || v.IsVisitor():
		return nil
	case v.Member != nil:
		return &viewer{Name: v.Member.Name, Member: true, Org: v.Member.Org}
	default:
		return &viewer{Name: v.Account.Email, Operator: v.IsOperator()}
	}
}

// idParam reads a numeric identifier from the path; anything else names no
// thing that exists.
func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// byID calls get with the identifier in the path's {id}: the shape of the
// handlers that show one thing.
func byID[ID ~int64, T any](r *http.Request, get func(context.Context, ID) (T, error)) (T, error) {
	id, err := idParam(r, "id")
	if err != nil {
		var none T
		return none, err
	}
	return get(r.Context(), ID(id))
}
