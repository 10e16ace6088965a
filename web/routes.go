package web

import "net/http"

// routes lists every route of the server: pages, then the JSON API, then the
// instance's own endpoints.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /record/key", s.recordKeyPage)

	mux.HandleFunc("GET /api/v1/record/key", s.apiRecordKey)

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /metrics", s.serveMetrics)
	mux.HandleFunc("GET /static/{file}", s.static.serve)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errNotFound) })
}
