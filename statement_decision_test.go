package plenum_test

import (
	"encoding/json"
	"testing"

	"plenum"
)

// TestStatementDecision: a statement of the Council is published only when
// the Council adopts it, under the Council's name, and reaches the members as
// a notice; a members-only one is voted internally.
func TestStatementDecision(t *testing.T) {
	r := newRTU(t, 0)
	council := r.body(t, r.root, "Council")
	p := plenum.ProposeDecision{Body: council.ID, Kind: "statement", Title: "We stand with Elm Street",
		Text: "The council supports the **rent strike**.", Payload: json.RawMessage(`{"summary":"Support.","public":true,"notify":true}`)}
	bad := p
	bad.Payload = json.RawMessage(`{"summary":"x","colour":"red"}`)
	_, err := r.app.ProposeDecision(ctx, r.v["ana"], bad)
	wantErr(t, err, plenum.Invalid, "payload")
	_, err = r.app.ProposeDecision(ctx, plenum.CommandLine, p)
	wantErr(t, err, plenum.Invalid, "proposed by a member")

	d, err := r.app.ProposeDecision(ctx, r.v["ana"], p)
	if err != nil {
		t.Fatal(err)
	}
	if arts, err := r.app.LatestArticles(ctx, r.org.ID, 10); err != nil || len(arts) != 0 {
		t.Fatalf("published before the vote: %v, %v", arts, err)
	}
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "yes", "lena": "yes", "marek": "no"})
	r.clock.t = d.Deadline
	if d, err = r.app.CloseDecision(ctx, r.v["grace"], d.ID); err != nil || d.Status != plenum.DecisionAdopted {
		t.Fatalf("close: %+v, %v", d, err)
	}
	arts, err := r.app.LatestArticles(ctx, r.org.ID, 10)
	if err != nil || len(arts) != 1 {
		t.Fatalf("after adoption: %v, %v", arts, err)
	}
	a := arts[0].Article
	if a.Kind != plenum.KindStatement || a.Byline != "Council, Riverside" || a.Title != p.Title || a.Summary != "Support." ||
		!a.Public || a.Author != r.member(t, "ana") {
		t.Errorf("article %+v", a)
	}
	n, err := r.app.Notifications(ctx, r.v["kofi"], 0, 10)
	if err != nil || len(n.Notices) != 1 || n.Notices[0].Kind != "statement" || n.Notices[0].Link != "/articles/"+a.ID.String() {
		t.Errorf("Kofi's notices: %+v, %v", n, err)
	}
	if c := recorded(t, r.app); c["article.published"] != 1 {
		t.Errorf("record: %v", c)
	}

	// A members-only statement: its vote is internal too.
	p.Payload = json.RawMessage(`{"public":false}`)
	d, err = r.app.ProposeDecision(ctx, r.v["ana"], p)
	if err != nil || !d.Internal {
		t.Fatalf("members-only statement: %+v, %v", d, err)
	}
	if _, err := r.app.Decision(ctx, plenum.Visitor(), d.ID); !plenum.IsKind(err, plenum.NotFound) {
		t.Errorf("a visitor sees the vote on a members-only statement: %v", err)
	}
}
