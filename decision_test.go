package plenum_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"plenum"
)

// body returns the body of unit u named name.
func (r *rtu) body(t testing.TB, u *plenum.Unit, name string) *plenum.Body {
	t.Helper()
	page, err := r.app.Unit(ctx, plenum.Visitor(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range page.Bodies {
		if b.Name == name {
			return b
		}
	}
	t.Fatalf("no body %s", name)
	return nil
}

// propose puts a resolution to the Council's vote as Ana, with members
// recused.
func (r *rtu) propose(t *testing.T, title string, secret bool, recused ...string) *plenum.Decision {
	t.Helper()
	p := plenum.ProposeDecision{Body: r.body(t, r.root, "Council").ID, Kind: "resolution", Title: title,
		Text: "The council resolves to " + strings.ToLower(title) + ".", Secret: secret}
	for _, name := range recused {
		p.Recused = append(p.Recused, r.member(t, name))
	}
	d, err := r.app.ProposeDecision(ctx, r.v["ana"], p)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (r *rtu) vote(t *testing.T, d *plenum.Decision, votes map[string]string) {
	t.Helper()
	for name, choice := range votes {
		if err := r.app.VoteOnDecision(ctx, r.v[name], d.ID, choice); err != nil {
			t.Fatalf("%s votes %s: %v", name, choice, err)
		}
	}
}

func TestDecisionQuorumMet(t *testing.T) {
	r := newRTU(t, 0)
	council := r.body(t, r.root, "Council")
	_, err := r.app.ProposeDecision(ctx, r.v["olga"], plenum.ProposeDecision{Body: council.ID, Kind: "resolution", Title: "x"})
	wantErr(t, err, plenum.Forbidden, "only members of Council")
	_, err = r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: council.ID, Kind: "decree", Title: "x"})
	wantErr(t, err, plenum.Invalid, "kind")
	_, err = r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: council.ID, Kind: "resolution", Title: " "})
	wantErr(t, err, plenum.Invalid, "title")
	_, err = r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: council.ID, Kind: "resolution", Title: "x",
		Payload: json.RawMessage(`{"a":1}`)})
	wantErr(t, err, plenum.Invalid, "payload")

	d := r.propose(t, "Open a legal aid fund", false, "marek")
	if d.Status != plenum.DecisionVoting || !d.Deadline.Equal(r.clock.t.Add(plenum.DefaultVotingPeriod)) {
		t.Fatalf("proposed = %+v", d)
	}
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "yes", "lena": "no"})
	wantErr(t, r.app.VoteOnDecision(ctx, r.v["ana"], d.ID, "no"), plenum.Conflict, "voted")
	wantErr(t, r.app.VoteOnDecision(ctx, r.v["marek"], d.ID, "yes"), plenum.Forbidden, "recused")
	wantErr(t, r.app.VoteOnDecision(ctx, r.v["olga"], d.ID, "yes"), plenum.Forbidden, "only members")
	wantErr(t, r.app.VoteOnDecision(ctx, r.v["samir"], d.ID, "maybe"), plenum.Invalid, "choice")

	// Three of six have voted: the vote runs until its deadline.
	_, err = r.app.CloseDecision(ctx, r.v["grace"], d.ID)
	wantErr(t, err, plenum.Conflict, "3 of 6 members have voted")
	r.clock.t = d.Deadline
	_, err = r.app.CloseDecision(ctx, r.v["olga"], d.ID)
	wantErr(t, err, plenum.Forbidden, "only members of Council")
	closed, err := r.app.CloseDecision(ctx, r.v["grace"], d.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 7 seats, one recused: 50% of 6 is 3, and 3 voted.
	want := plenum.QuorumFigures{Seats: 7, Recused: 1, Eligible: 6, Percent: 5000, Needed: 3, Voted: 3, Met: true}
	if closed.Status != plenum.DecisionAdopted || closed.Quorum != want {
		t.Errorf("closed = %s, %+v; want adopted, %+v", closed.Status, closed.Quorum, want)
	}
	_, err = r.app.CloseDecision(ctx, r.v["grace"], d.ID)
	wantErr(t, err, plenum.Conflict, "closed")

	// The roll call is public and on each member's record.
	got, err := r.app.Decision(ctx, plenum.Visitor(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Votes) != 3 || got.Votes[0].Member != r.member(t, "ana") && got.Votes[0].Choice == "" || got.Dissents != nil {
		t.Errorf("public decision = %+v", got)
	}
	votes, err := r.app.MemberVotes(ctx, plenum.Visitor(), r.member(t, "lena"), time.Time{}, 10)
	if err != nil || len(votes) != 1 || votes[0].Choice != "no" || votes[0].Decision.Title != "Open a legal aid fund" || votes[0].BodyName != "Council" {
		t.Errorf("Lena's votes = %+v, %v", votes, err)
	}
	if c := recorded(t, r.app); c["decision.proposed"] != 1 || c["decision.vote"] != 3 || c["decision.closed"] != 1 {
		t.Errorf("record = %v", c)
	}
}

func TestDecisionQuorumNotMet(t *testing.T) {
	r := newRTU(t, 0)
	d := r.propose(t, "Raise dues", false)
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "yes", "lena": "abstain"})
	r.clock.t = d.Deadline.Add(-time.Second)
	if n, err := r.app.CloseDueDecisions(ctx); n != 0 || err != nil {
		t.Fatalf("closed before the deadline: %d, %v", n, err)
	}
	r.clock.t = d.Deadline
	if n, err := r.app.CloseDueDecisions(ctx); n != 1 || err != nil {
		t.Fatalf("closed at the deadline: %d, %v", n, err)
	}
	got, err := r.app.Decision(ctx, plenum.Visitor(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 50% of 7 seats is 4 votes; 3 were cast.
	if got.Status != plenum.DecisionFailed || got.Quorum.Needed != 4 || got.Quorum.Voted != 3 || got.Quorum.Met {
		t.Errorf("decision = %s, %+v", got.Status, got.Quorum)
	}
	wantErr(t, r.app.AddDissent(ctx, r.v["ana"], d.ID, "x"), plenum.Conflict, "failed")
}

func TestDecisionEarlyCloseAndDissent(t *testing.T) {
	r := newRTU(t, 0)
	r.v["david"] = login(t, r.app, r.org, "david.levi@riverside-tenants.example")
	r.v["ines"] = login(t, r.app, r.org, "ines.moreno@riverside-tenants.example")
	d := r.propose(t, "Join the federation", false, "lena", "marek", "samir", "ines")
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "no"})
	_, err := r.app.CloseDecision(ctx, r.v["ana"], d.ID)
	wantErr(t, err, plenum.Conflict, "2 of 3")
	r.vote(t, d, map[string]string{"david": "no"})
	closed, err := r.app.CloseDecision(ctx, r.v["ana"], d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if closed.Status != plenum.DecisionRejected || closed.Quorum.Eligible != 3 || closed.Quorum.Needed != 2 {
		t.Errorf("closed = %s, %+v", closed.Status, closed.Quorum)
	}
	// Ana voted yes on a rejected decision: she is the minority.
	wantErr(t, r.app.AddDissent(ctx, r.v["grace"], d.ID, "I agree."), plenum.Forbidden, "voted yes")
	wantErr(t, r.app.AddDissent(ctx, r.v["ana"], d.ID, "  "), plenum.Invalid, "text")
	if err := r.app.AddDissent(ctx, r.v["ana"], d.ID, "Isolation weakens us."); err != nil {
		t.Fatal(err)
	}
	wantErr(t, r.app.AddDissent(ctx, r.v["ana"], d.ID, "Again."), plenum.Conflict, "recorded dissent")
	// Dissent is for members only (R8).
	for v, want := range map[*plenum.Viewer]int{plenum.Visitor(): 0, r.v["olga"]: 1} {
		got, err := r.app.Decision(ctx, v, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Dissents) != want {
			t.Errorf("dissents seen: %v, want %d", got.Dissents, want)
		}
	}
	for _, e := range verifyRecord(t, r.app) {
		if e.Type == "decision.dissent" && !e.Internal {
			t.Error("a dissent entry is public")
		}
	}
}

// A secret decision opened before secret decisions had a ballot (no
// Election, as an older database holds it) runs its course as it began:
// the server keeps who voted and the tally, not how each voted.
func TestSecretDecisionWithoutBallot(t *testing.T) {
	r := newRTU(t, 0)
	d := &plenum.Decision{Org: r.org.ID, Body: r.body(t, r.root, "Council").ID, Unit: r.root.ID, Kind: "resolution",
		Title: "Hire an organizer", Secret: true, Status: plenum.DecisionVoting, Proposer: r.member(t, "ana"),
		Opened: r.clock.t, Deadline: r.clock.t.Add(7 * day)}
	if err := r.app.Store.Update(ctx, func(tx plenum.Tx) error { return tx.CreateDecision(ctx, d) }); err != nil {
		t.Fatal(err)
	}
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "no", "lena": "yes", "marek": "yes"})
	page, err := r.app.DecisionPage(ctx, r.v["samir"], d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if page.RollCall || len(page.Decision.Votes) != 0 || !page.CanVote || page.Quorum.Voted != 4 {
		t.Errorf("page = %+v", page)
	}
	for _, e := range verifyRecord(t, r.app) {
		if e.Type == "decision.vote" && strings.Contains(string(e.Payload), "choice") {
			t.Errorf("a secret vote's entry says how: %s", e.Payload)
		}
	}
	if votes, err := r.app.MemberVotes(ctx, r.v["ana"], r.member(t, "ana"), time.Time{}, 10); err != nil || len(votes) != 0 {
		t.Errorf("secret votes on the record page: %v, %v", votes, err)
	}
	r.clock.t = d.Deadline
	closed, err := r.app.CloseDecision(ctx, r.v["ana"], d.ID)
	if err != nil || closed.Status != plenum.DecisionAdopted || closed.Yes != 3 || closed.No != 1 {
		t.Fatalf("closed = %+v, %v", closed, err)
	}
	// On a secret decision any voter may dissent, saying how they voted.
	if err := r.app.AddDissent(ctx, r.v["lena"], d.ID, "I voted yes but have doubts."); err != nil {
		t.Error(err)
	}
}

func TestAssemblyDecision(t *testing.T) {
	r := newRTU(t, 0)
	assembly := r.body(t, r.root, "General assembly")
	d, err := r.app.ProposeDecision(ctx, r.v["olga"], plenum.ProposeDecision{Body: assembly.ID, Kind: "resolution",
		Title: "Support the rent strike", Deadline: r.clock.t.Add(day)})
	if err != nil {
		t.Fatal(err)
	}
	r.vote(t, d, map[string]string{"olga": "yes", "rahul": "yes", "kofi": "no"})
	// Members' names are private: the roll call of an assembly is for members.
	for v, want := range map[*plenum.Viewer]bool{plenum.Visitor(): false, r.v["tomas"]: true} {
		page, err := r.app.DecisionPage(ctx, v, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if page.RollCall != want || (len(page.Decision.Votes) == 3) != want {
			t.Errorf("roll call seen %v, want %v", page.RollCall, want)
		}
		if page.Quorum.Seats != 40 || page.Quorum.Needed != 20 {
			t.Errorf("assembly quorum = %+v", page.Quorum)
		}
	}
	if votes, _ := r.app.MemberVotes(ctx, plenum.Visitor(), r.member(t, "olga"), time.Time{}, 10); len(votes) != 0 {
		t.Errorf("assembly votes on a public record page: %v", votes)
	}
	if votes, _ := r.app.MemberVotes(ctx, r.v["kofi"], r.member(t, "olga"), time.Time{}, 10); len(votes) != 1 {
		t.Errorf("assembly votes for a member: %v", votes)
	}
}

func TestWithdrawDecision(t *testing.T) {
	r := newRTU(t, 0)
	d := r.propose(t, "Buy a printer", false)
	_, err := r.app.WithdrawDecision(ctx, r.v["grace"], d.ID)
	wantErr(t, err, plenum.Forbidden, "proposer")
	if d, err = r.app.WithdrawDecision(ctx, r.v["ana"], d.ID); err != nil || d.Status != plenum.DecisionWithdrawn {
		t.Fatalf("withdraw: %+v, %v", d, err)
	}
	wantErr(t, r.app.VoteOnDecision(ctx, r.v["grace"], d.ID, "yes"), plenum.Conflict, "withdrawn")
	d = r.propose(t, "Buy a copier", false)
	r.vote(t, d, map[string]string{"grace": "yes"})
	_, err = r.app.WithdrawDecision(ctx, r.v["ana"], d.ID)
	wantErr(t, err, plenum.Conflict, "voted")
}

// A representative's record pages through every roll-call vote of theirs,
// RecordVotes at a time, by stable cursors: the older page starts where
// the page before ended, and the last has no older page.
func TestRepresentativeVotesPages(t *testing.T) {
	r := newRTU(t, 0)
	n := plenum.RecordVotes + 3
	for i := range n {
		d := r.propose(t, fmt.Sprintf("Motion %d", i), false)
		r.clock.t = r.clock.t.Add(time.Minute)
		r.vote(t, d, map[string]string{"ana": "yes"})
	}
	var got []plenum.DecisionID
	var before time.Time
	for pages := 1; ; pages++ {
		rec, err := r.app.Representative(ctx, plenum.Visitor(), r.member(t, "ana"), before)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range rec.Votes {
			got = append(got, v.Decision.ID)
		}
		if rec.OlderVotes.IsZero() {
			if pages != 2 || len(rec.Votes) != 3 {
				t.Errorf("%d pages, the last with %d votes", pages, len(rec.Votes))
			}
			break
		}
		if pages > 2 || len(rec.Votes) != plenum.RecordVotes {
			t.Fatalf("page %d: %d votes, older from %v", pages, len(rec.Votes), rec.OlderVotes)
		}
		before = rec.OlderVotes
	}
	if len(got) != n || got[0] <= got[n-1] {
		t.Fatalf("%d votes of %d, newest first: %v", len(got), n, got)
	}
	for i := 1; i < n; i++ {
		if got[i] >= got[i-1] {
			t.Fatalf("not newest first, or repeated: %v", got)
		}
	}
}
