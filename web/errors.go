package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// problem is an error as users and API clients see it: a kind, a message
// fit to show, and the field it concerns, if any.
type problem struct {
	Status  int    `json:"-"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (p *problem) Error() string { return p.Message }

// Errors of the web layer itself; the domain's errors carry their own kind.
var (
	errCrossOrigin = &problem{Status: http.StatusForbidden, Kind: "forbidden", Message: "This request came from another site and was refused."}
	errPanic       = errors.New("panic in handler")
	errLoginFirst  = &problem{Status: http.StatusUnauthorized, Kind: "unauthorized", Message: "Log in to see this page."}
	errNotFound    = &problem{Status: http.StatusNotFound, Kind: "not_found", Message: "There is nothing at this address."}
)

func invalid(field, msg string) *problem {
	return &problem{Status: http.StatusBadRequest, Kind: "invalid", Message: msg, Field: field}
}

// rateLimited tells the client to come back after retry.
type rateLimited struct{ retry time.Duration }

func (e rateLimited) Error() string { return "too many attempts" }

// fail answers a request that went wrong: JSON for the API, an error page for
// the rest. Users see the message of the error's kind; anything internal goes
// to the log only.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := s.problemOf(r, err)
	if p.Status == http.StatusUnauthorized && !isAPI(r) && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if isAPI(r) {
		writeJSON(w, p.Status, map[string]*problem{"error": p})
		return
	}
	l := Layout{Title: http.StatusText(p.Status)}
	s.speak(&l, r, nil)
	s.render(w, r, p.Status, "error", &page[*problem]{Layout: l, Data: p})
}

// problemOf maps an error to what the user sees, logging what they must not.
func (s *Server) problemOf(r *http.Request, err error) *problem {
	var p *problem
	if errors.As(err, &p) {
		return p
	}
	var rl rateLimited
	if errors.As(err, &rl) {
		return &problem{Status: http.StatusTooManyRequests, Kind: "rate_limited",
			Message: "Too many attempts. Try again in " + roundUp(rl.retry) + "."}
	}
	if p := domainProblem(err); p != nil {
		if p.Status >= 500 {
			s.log.Error("internal error", "route", routeOf(r), "err", err)
		}
		return p
	}
	s.log.Error("internal error", "route", routeOf(r), "err", err)
	return &problem{Status: http.StatusInternalServerError, Kind: "internal", Message: "Something went wrong on our side. It has been logged."}
}

func roundUp(d time.Duration) string {
	if m := int((d + time.Minute - 1) / time.Minute); m > 1 {
		return strconv.Itoa(m) + " minutes"
	}
	return "a minute"
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
