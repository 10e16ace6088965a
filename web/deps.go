package web

import (
	"errors"
	"net/http"

	"plenum"
)

// Deps are what the server needs of the rest of plenum.
type Deps struct {
	// App is the domain: every page and API call goes through it, and it
	// decides what the viewer may see and do.
	App *plenum.App
}

func (d *Deps) validate() error {
	if d.App == nil {
		return errors.New("web: Deps.App is nil")
	}
	return nil
}

// kindStatus maps the domain's error kinds to HTTP statuses and the kind
// names of the API's errors.
var kindStatus = map[plenum.Kind]struct {
	status int
	name   string
}{
	plenum.Invalid:     {http.StatusBadRequest, "invalid"},
	plenum.NotFound:    {http.StatusNotFound, "not_found"},
	plenum.Forbidden:   {http.StatusForbidden, "forbidden"},
	plenum.Conflict:    {http.StatusConflict, "conflict"},
	plenum.RateLimited: {http.StatusTooManyRequests, "rate_limited"},
}

// domainProblem maps an error of the domain to what users see; nil if err is
// not one or is internal, whose detail only the log may see.
func domainProblem(err error) *problem {
	var e *plenum.Error
	if !errors.As(err, &e) {
		return nil
	}
	ks, ok := kindStatus[e.Kind]
	if !ok {
		return nil
	}
	msg := e.Msg
	if msg == "" {
		msg = e.Kind.String()
	}
	return &problem{Status: ks.status, Kind: ks.name, Message: upperFirst(msg), Field: e.Field}
}

func isForbidden(err error) bool { return plenum.IsKind(err, plenum.Forbidden) }

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
