package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkPages serves each page to a logged-in member in-process, without
// the network: the server's own cost per page. bench/load measures pages
// under 200 concurrent members over the loopback network.
func BenchmarkPages(b *testing.B) {
	s := newTestServer(b, Config{})
	cookie := s.as(b, northEmail).hc.Jar.Cookies(mustURL(s.ts.URL))
	for _, p := range []struct{ name, path string }{
		{"organization", "/orgs/" + orgSlug},
		{"units", "/orgs/" + orgSlug + "/units"},
		{"unit", "/units/" + s.north},
		{"office", "/offices/" + s.secretary},
		{"directory", "/units/" + s.north + "/members"},
		{"profile", "/me"},
		{"record", "/record?org=" + orgSlug},
		{"api-unit", "/api/v1/units/" + s.north},
	} {
		b.Run(p.name, func(b *testing.B) {
			h := s.srv.Handler()
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest("GET", p.path, nil)
					for _, c := range cookie {
						req.AddCookie(c)
					}
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("%s: %d", p.path, rec.Code)
					}
				}
			})
		})
	}
}
