package web

import "net/http"

// routes lists every route of the server: pages, then the JSON API, then the
// instance's own endpoints.
func (s *Server) routes(m *router) {
	m.handle("GET /record/key", s.recordKeyPage)

	m.handle("GET /api/v1/record/key", s.apiRecordKey)
	m.handle("GET /api/v1/openapi.json", serveOpenAPI)

	m.handle("GET /healthz", s.healthz)
	m.handle("GET /metrics", s.serveMetrics)
	m.handle("GET /static/{file}", s.static.serve)
	m.handle("/", func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errNotFound) })
}

// router is a ServeMux that remembers its patterns, so that tests can hold
// the routes against the OpenAPI document.
type router struct {
	mux      *http.ServeMux
	patterns []string
}

func (m *router) handle(pattern string, h http.HandlerFunc) {
	m.mux.HandleFunc(pattern, h)
	m.patterns = append(m.patterns, pattern)
}
