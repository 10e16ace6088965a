package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"plenum/storetest"
	"plenum/trustee"
)

// The election commission replaces a trustee who takes no part, through
// the API and the election's page: only its members may propose it (a
// visitor must log in; another member is refused); the commission adopts
// it; the key ceremony begins again and completes with the new trustee,
// who runs plenum trustee run like the others, and the vote opens.
func TestReplaceTrusteeThroughTheAPI(t *testing.T) {
	ctx := context.Background()
	s := newElectionServer(t, storetest.SQLite(t), "fatima.zahra", "jon.eriksen", "mei.chen", "ana.ribeiro", "grace.okafor", "lena.fischer", "marek.kowalski", "olga.petrova")
	id := s.callSecretary(t)
	tl := s.timeline(t, id)
	s.tick(t, tl.NominationsClose)
	s.trustee(t, id, "fatima")
	s.trustee(t, id, "jon")

	var olga struct{ Member struct{ ID string } }
	s.session(t, "olga").get(ctx, "/api/v1/session", &olga)
	var c struct {
		Trustees []struct {
			Index  int
			Member struct{ ID, Name string }
		}
	}
	fatima, ana := s.session(t, "fatima"), s.session(t, "ana")
	if err := ana.get(ctx, "/api/v1/elections/"+id+"/trustees", &c); err != nil || len(c.Trustees) != 3 || c.Trustees[2].Member.Name != "Mei Chen" {
		t.Fatalf("trustees: %+v, %v", c, err)
	}
	body := mustJSON(map[string]any{"trustee": 3, "member": olga.Member.ID})
	path := "/api/v1/elections/" + id + "/replace-trustee"
	res, err := http.Post(s.url+path, "application/json", strings.NewReader(string(body)))
	if err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a visitor proposes: %v, %v", res.Status, err)
	}
	res.Body.Close()
	var apiErr *trustee.Error
	if err := ana.post(ctx, path, body, nil); !errors.As(err, &apiErr) || apiErr.Status != http.StatusForbidden {
		t.Fatalf("ana, not of the commission, proposes: %v", err)
	}
	if err := fatima.post(ctx, path, mustJSON(map[string]any{"trustee": 3, "member": "x"}), nil); !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest {
		t.Fatalf("no member ID: %v", err)
	}

	// The page offers the form to the commission's members alone; a
	// candidate named there is refused, saying why.
	page := func(c *apiClient) string {
		b, err := c.Do(ctx, "GET", "/elections/"+id, nil)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if strings.Contains(page(ana), "replace-trustee") || !strings.Contains(page(fatima), `action="/elections/`+id+`/replace-trustee"`) {
		t.Fatal("the form is shown to ana, or not to fatima")
	}
	if p := page(ana); !strings.Contains(p, "The key ceremony waits for the public keys of Mei Chen (3) (the step closes without them on ") {
		t.Fatalf("what the ceremony waits for:\n%s", p)
	}
	var grace struct{ Member struct{ ID string } }
	s.session(t, "grace").get(ctx, "/api/v1/session", &grace)
	res, err = fatima.hc.PostForm(s.url+"/elections/"+id+"/replace-trustee", url.Values{"trustee": {"3"}, "member": {grace.Member.ID}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "stands in this election") {
		t.Fatalf("a candidate named with the form: %s\n%s", res.Status, b)
	}

	var d struct{ ID, Kind, Status, Title string }
	if err := fatima.post(ctx, path, body, &d); err != nil || d.Kind != "trustee" || d.Status != "voting" || !strings.Contains(d.Title, "Olga Petrova replaces trustee 3") {
		t.Fatalf("the replacement: %+v, %v", d, err)
	}
	for who, choice := range map[string]string{"fatima": "yes", "jon": "yes", "mei": "abstain"} {
		if err := voteOnDecision(s.session(t, who), d.ID, choice); err != nil {
			t.Fatal(err)
		}
	}
	if err := fatima.post(ctx, "/api/v1/decisions/"+d.ID+"/close", nil, &d); err != nil || d.Status != "adopted" {
		t.Fatalf("close: %+v, %v", d, err)
	}
	if err := ana.get(ctx, "/api/v1/elections/"+id+"/trustees", &c); err != nil || c.Trustees[2].Member.ID != olga.Member.ID {
		t.Fatalf("trustees after the replacement: %+v, %v", c, err)
	}

	// The new ceremony, with Olga; the vote opens.
	s.emails["olga"] = "olga.petrova@riverside-tenants.example"
	for range 3 {
		for _, who := range []string{"fatima", "jon", "olga"} {
			s.trustee(t, id, who)
		}
	}
	s.tick(t, tl.VotingOpen)
	var e struct{ Status string }
	if err := ana.get(ctx, "/api/v1/elections/"+id, &e); err != nil || e.Status != "voting" {
		t.Fatalf("after the new ceremony: %+v, %v", e, err)
	}
	if err := fatima.post(ctx, path, mustJSON(map[string]any{"trustee": 2, "member": olga.Member.ID}), nil); !errors.As(err, &apiErr) ||
		apiErr.Status != http.StatusConflict || !strings.Contains(err.Error(), "ballots are cast under the election key") {
		t.Fatalf("a replacement once the vote is open: %v", err)
	}
}
