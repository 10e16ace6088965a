package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

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
	var api struct {
		Signed   bool       `json:"signed"`
		SignedAt *time.Time `json:"signed_at"`
	}
	s.as(t, northEmail).get("/api/v1"+path).decode(t, &api)
	if !api.Signed || api.SignedAt == nil || !api.SignedAt.Equal(s.app.Now()) {
		t.Errorf("the API's receipt: %+v", api)
	}
	for _, lang := range []string{"en", "es"} {
		req, _ := http.NewRequest("GET", s.ts.URL+path, nil)
		req.Header.Set("Accept-Language", lang)
		page := s.as(t, northEmail).do(req)
		for _, want := range map[string][]string{"en": {"Demand gathering signatures", "3 of 4 needed", "You signed the demand on "},
			"es": {"Solicitud reuniendo firmas", "3 de 4 necesarias", "Firmó la solicitud el "}}[lang] {
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

// callReferendum has the fixture's motion put to a referendum on the
// demand of North, South and Ana, and the clock draw up its ballot; it
// returns the booth's path.
func callReferendum(t *testing.T, s *testServer) string {
	t.Helper()
	bg := context.Background()
	id := mustMotionID(t, s.motion)
	if _, err := s.app.SupportMotion(bg, viewerOf(t, s.app, southEmail), id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.DemandReferendum(bg, viewerOf(t, s.app, northEmail), id); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{southEmail, "ana.ribeiro@riverside-tenants.example", officerEmail} {
		if email == "ana.ribeiro@riverside-tenants.example" {
			if _, err := s.app.OpenAccount(bg, plenum.CommandLine, memberByEmail(t, s.app, email).ID, password); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.app.SignDemand(bg, viewerOf(t, s.app, email), id); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if _, err := s.app.AdvanceElections(bg); err != nil {
			t.Fatal(err)
		}
	}
	return mustBoothLink(t, s)
}

// TestReferendumBoothWording: a referendum's booth asks a question: its
// hints speak of answers, never of candidates, in every language.
func TestReferendumBoothWording(t *testing.T) {
	s := newTestServer(t, Config{})
	booth := callReferendum(t, s)
	for lang, want := range map[string][]string{
		"en": {"The answers are listed in an order drawn for you alone.", "Choose between %d and %d answers.", "no answer (a blank ballot)"},
		"es": {"Las respuestas aparecen en un orden sorteado", "Elija entre %d y %d respuestas.", "ninguna respuesta"}} {
		req, _ := http.NewRequest("GET", s.ts.URL+booth, nil)
		req.Header.Set("Accept-Language", lang)
		page := s.as(t, northEmail).do(req)
		for _, w := range want {
			if page.status != ok || !strings.Contains(page.body, w) {
				t.Errorf("%s booth lacks %q: %d %s", lang, w, page.status, excerpt(page.body, "hint"))
			}
		}
		for _, old := range []string{"The candidates are listed", "candidates.", "no candidate", "Las candidaturas", "candidaturas.", "ninguna candidatura"} {
			if strings.Contains(page.body, old) {
				t.Errorf("%s booth of a referendum speaks of candidates: %s", lang, excerpt(page.body, old))
			}
		}
	}
}
