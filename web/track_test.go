package web

import (
	"net/http"
	"strings"
	"testing"
)

// The tracker page takes a tracker in its form (or its link) and says
// whether the record holds it, in the viewer's language.
func TestTrackPage(t *testing.T) {
	s := newTestServer(t, Config{})
	id := openElection(t, s)
	c := s.client(t)
	for _, tc := range []struct{ query, want string }{
		{"", `<input id="tracker" name="tracker" value=""`},
		{"?tracker=" + strings.Repeat("A", 43), "No ballot with this tracker is in the election&#39;s record"},
		{"?tracker=not+a+tracker", "This is not a ballot tracker"},
	} {
		r := c.get("/elections/" + id + "/track" + tc.query)
		if r.status != http.StatusOK || !strings.Contains(r.body, tc.want) {
			t.Errorf("%s: %d, want %q in\n%s", tc.query, r.status, tc.want, r.body)
		}
	}
	req, _ := http.NewRequest("GET", s.ts.URL+"/elections/"+id+"/track", nil)
	req.Header.Set("Accept-Language", "es")
	if r := c.do(req); !strings.Contains(r.body, "Comprobar un localizador de papeleta") {
		t.Errorf("in Spanish:\n%s", r.body)
	}
}
