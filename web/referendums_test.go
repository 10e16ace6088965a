package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"plenum"
)

// TestReferendumRoutes checks the referendum's routes by role, in the
// HTML and in the API alike: the members of the motion's unit (North and
// South are both in Riverside, the Council's) demand and sign; a member of
// no unit, or a visitor, is told there is no such motion; only the body refers; and the
// motion's page shows the demand.
func TestReferendumRoutes(t *testing.T) {
	s := newTestServer(t, Config{})
	ctx := context.Background()
	if _, err := s.app.SupportMotion(ctx, viewerOf(t, s.app, southEmail), mustMotionID(t, s.motion)); err != nil {
		t.Fatal(err)
	}
	path := "/motions/" + s.motion
	if res := s.as(t, "").postForm(path+"/demand", nil); res.status != nf {
		t.Errorf("a visitor demands: %d", res.status)
	}
	if res := s.as(t, northEmail).postForm(path+"/demand", nil); res.status != login || res.header.Get("Location") != path {
		t.Fatalf("demand by form: %d %s %.300s", res.status, res.header.Get("Location"), res.body)
	}
	want := [5]int{nf, http.StatusConflict, ok, nf, ok}
	for i, r := range roles {
		res := s.as(t, r.email).postJSON("/api/v1"+path+"/demand/sign", nil)
		if res.status != want[i] {
			t.Errorf("sign as %s: status %d, want %d: %.300s", r.name, res.status, want[i], res.body)
		}
	}
	want = [5]int{nf, forb, forb, nf, http.StatusConflict}
	for i, r := range roles {
		res := s.as(t, r.email).postJSON("/api/v1"+path+"/refer", map[string]string{})
		if res.status != want[i] {
			t.Errorf("refer as %s: status %d, want %d: %.300s", r.name, res.status, want[i], res.body)
		}
	}
	if res := s.as(t, officerEmail).postJSON("/api/v1"+path+"/referendum", nil); res.status != http.StatusConflict ||
		!strings.Contains(res.body, "constitution change the constitution decides by referendum") {
		t.Errorf("call a referendum on a motion: %d %s", res.status, res.body)
	}
	for _, lang := range []string{"en", "es"} {
		req, _ := http.NewRequest("GET", s.ts.URL+path, nil)
		req.Header.Set("Accept-Language", lang)
		page := s.as(t, northEmail).do(req)
		for _, want := range map[string][]string{"en": {"Demand gathering signatures", "3 of 4 needed", "You signed the demand."},
			"es": {"Solicitud reuniendo firmas", "3 de 4 necesarias", "Ha firmado la solicitud."}}[lang] {
			if page.status != ok || !strings.Contains(page.body, want) {
				t.Errorf("%s page lacks %q: %d %s", lang, want, page.status, excerpt(page.body, "referendum"))
			}
		}
	}
}

func mustMotionID(t *testing.T, s string) plenum.MotionID {
	t.Helper()
	id, err := optionalID("motion", s)
	if err != nil {
		t.Fatal(err)
	}
	return plenum.MotionID(id)
}
