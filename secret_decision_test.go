package plenum_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/storetest"
)

// secretVote has ana propose a secret resolution to the Council with
// Samir recused, and returns it with its ballot in the campaign, the key
// ceremony under way.
func (r *rtu) secretVote(t *testing.T, title string) (*plenum.Decision, *plenum.Election) {
	t.Helper()
	d, err := r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: r.body(t, r.root, "Council").ID,
		Kind: "resolution", Title: title, Text: "Dismiss the organiser on probation.", Secret: true,
		Recused: []plenum.MemberID{r.member(t, "samir")}, Deadline: r.clock.t.Add(3 * day)})
	if err != nil {
		t.Fatal(err)
	}
	e := election(t, r.app, d.Election)
	if d.Election == 0 || e.Decides != d.ID || e.Status != plenum.ElectionCampaign || e.Method != plenum.DecisionMethod ||
		e.Office != 0 || !e.Timeline.VotingClose.Equal(d.Deadline) {
		t.Fatalf("decision %+v, ballot %+v", d, e)
	}
	return d, e
}

// openBallot runs the key ceremony of e and opens its vote.
func (r *rtu) openBallot(t *testing.T, e *plenum.Election) (*plenum.Election, []*kit) {
	t.Helper()
	ks := r.kits(t, e)
	r.ceremony(t, e, ks)
	return r.advance(t, e, plenum.ElectionVoting), ks
}

// closeBallot has each voter cast their choice (0 yes, 1 no, 2 abstain)
// in e, closes the vote at its deadline and has two trustees decrypt.
func (r *rtu) closeBallot(t *testing.T, e *plenum.Election, ks []*kit, votes map[string]int) {
	t.Helper()
	for who, choice := range votes {
		if _, err := r.cast(t, r.v[who], e, false, choice); err != nil {
			t.Fatalf("%s casts: %v", who, err)
		}
	}
	r.clock.t = e.Timeline.VotingClose
	e = r.advance(t, e, plenum.ElectionTally)
	if len(votes) == 0 {
		return // nothing to decrypt: the result is in at once
	}
	for _, k := range ks[:2] {
		if err := r.decrypt(t, k, e); err != nil {
			t.Fatal(err)
		}
	}
}

// roll lists the names of the members on e's roll, sorted.
func (r *rtu) roll(t *testing.T, e *plenum.Election) []string {
	t.Helper()
	var names []string
	err := r.app.Store.View(ctx, func(tx plenum.Tx) error {
		vs, err := tx.Voters(ctx, e.ID)
		for _, v := range vs {
			m, err := tx.Member(ctx, v.Member)
			if err != nil {
				return err
			}
			first, _, _ := strings.Cut(m.Name, " ")
			names = append(names, strings.ToLower(first))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

// A secret decision of the Council by ballot: the roll is its seat holders
// less the recused; the body's own vote and close are refused; the clock
// leaves it alone; the commission's certification closes it from the
// certified totals, abstentions counting for the quorum and not the
// majority, or fails it for want of quorum.
func TestSecretDecisionByBallot(t *testing.T) {
	for _, tt := range []struct {
		name          string
		votes         map[string]int
		want          plenum.DecisionStatus
		yes, no, abst int
	}{
		{"adopted", map[string]int{"ana": 0, "grace": 0, "lena": 2, "marek": 1}, plenum.DecisionAdopted, 2, 1, 1},
		{"no quorum", map[string]int{"ana": 0, "grace": 0}, plenum.DecisionFailed, 2, 0, 0},
		{"no ballot", nil, plenum.DecisionFailed, 0, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRTU(t, 0)
			d, e := r.secretVote(t, "Dismiss the organiser")
			wantErr(t, r.app.VoteOnDecision(ctx, r.v["grace"], d.ID, plenum.VoteYes), plenum.Conflict,
				"secret ballot: vote in its booth, /elections/"+e.ID.String()+"/booth")
			_, err := r.app.CloseDecision(ctx, r.v["grace"], d.ID)
			wantErr(t, err, plenum.Conflict, "certifies the result")
			_, err = r.app.WithdrawDecision(ctx, r.v["ana"], d.ID)
			wantErr(t, err, plenum.Conflict, "runs to its end")

			e, ks := r.openBallot(t, e)
			// The Council's seat holders, Samir recused: Ines and David have no account here.
			if got := strings.Join(r.roll(t, e), " "); got != "ana david grace ines lena marek" {
				t.Fatalf("roll: %s", got)
			}
			for _, who := range []string{"samir", "olga"} {
				bo, err := r.app.Booth(ctx, r.v[who], e.ID)
				if err != nil || bo.OnRoll || bo.Credential != "" || bo.Decision == nil || bo.Decision.ID != d.ID {
					t.Fatalf("%s's booth: on roll %v, decision %v, %v", who, bo.OnRoll, bo.Decision, err)
				}
			}
			if p, err := r.app.DecisionPage(ctx, r.v["samir"], d.ID); err != nil || p.OnRoll || p.Ballot == nil || p.Turnout.Voters != 6 {
				t.Fatalf("samir's page: %+v, %v", p, err)
			}
			r.closeBallot(t, e, ks, tt.votes)
			// The clock does not close it at its deadline: the certification does.
			r.clock.t = r.clock.t.Add(time.Hour)
			if n, err := r.app.CloseDueDecisions(ctx); n != 0 || err != nil {
				t.Fatalf("the clock closed %d: %v", n, err)
			}
			p, err := r.app.DecisionPage(ctx, r.v["grace"], d.ID)
			if err != nil || p.Decision.Status != plenum.DecisionVoting || !p.OnRoll || p.Voted != (len(tt.votes) > 0) || p.CanVote || p.Turnout.Voted != len(tt.votes) {
				t.Fatalf("grace's page before certification: %+v, %v", p, err)
			}
			cd := r.certification(t, election(t, r.app, e.ID), plenum.DecisionVoting)
			if !strings.Contains(cd.Text, "Abstain:") && len(tt.votes) > 0 {
				t.Errorf("certification text: %s", cd.Text)
			}
			r.resolve(t, cd, map[*plenum.Viewer]string{ks[0].v: plenum.VoteYes, ks[1].v: plenum.VoteYes, ks[2].v: plenum.VoteYes})
			if e = election(t, r.app, e.ID); e.Status != plenum.ElectionCertified {
				t.Fatalf("ballot %s", e.Status)
			}
			p, err = r.app.DecisionPage(ctx, r.v["olga"], d.ID)
			got := p.Decision
			q := got.Quorum
			if err != nil || got.Status != tt.want || got.Yes != tt.yes || got.No != tt.no || got.Abstain != tt.abst ||
				q.Seats != 7 || q.Recused != 1 || q.Eligible != 6 || q.Needed != 3 || q.Voted != len(tt.votes) || len(got.Votes) != 0 {
				t.Fatalf("closed: %+v, %v", got, err)
			}
			if tt.want != plenum.DecisionAdopted {
				return
			}
			// Any member who voted may dissent; who did not vote may not.
			wantErr(t, r.app.AddDissent(ctx, r.v["samir"], d.ID, "x"), plenum.Forbidden, "")
			wantErr(t, r.app.AddDissent(ctx, r.v["olga"], d.ID, "x"), plenum.Forbidden, "")
			if err := r.app.AddDissent(ctx, r.v["marek"], d.ID, "I voted no."); err != nil {
				t.Fatal(err)
			}
			// The public record names the decision by number only, and no one's vote.
			for _, en := range verifyRecord(t, r.app) {
				var p struct{ Decision plenum.DecisionID }
				if json.Unmarshal(en.Payload, &p); en.Type == "decision.vote" && p.Decision == d.ID {
					t.Errorf("a vote is recorded: %s", en.Payload)
				}
			}
			b, _ := boardOf(t, r.app, e.ID)
			if q := b.Manifest.Questions[0]; q.Title != "Decision "+d.ID.String()+" of the Council, Riverside" ||
				strings.Join(q.Options, " ") != "yes no abstain" {
				t.Errorf("ballot question: %+v", q)
			}
		})
	}
}

// The constitution may have a body vote a kind of decision by secret
// ballot (a personnel matter: who chairs); in a meeting, the roll is the
// members present when the vote opens.
func TestSecretDecisionInMeeting(t *testing.T) {
	r := newRTUEdited(t, storetest.SQLite(t), func(src string) string {
		return src + "\nvoting: { secret_decisions: [chair] }\n"
	})
	council := r.body(t, r.root, "Council")
	m := r.meeting(t, "First sitting", "ana", "grace", "lena", "marek")
	d, err := r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: council.ID, Kind: "chair", Title: "Grace chairs",
		Payload: json.RawMessage(`{"member": ` + r.member(t, "grace").String() + `}`), Meeting: m.ID})
	if err != nil || !d.Secret || d.Election == 0 {
		t.Fatalf("chair: %+v, %v", d, err)
	}
	e, ks := r.openBallot(t, election(t, r.app, d.Election))
	if got := strings.Join(r.roll(t, e), " "); got != "ana grace lena marek" {
		t.Fatalf("roll: %s", got)
	}
	r.closeBallot(t, e, ks, map[string]int{"ana": 0, "grace": 2, "lena": 0, "marek": 1})
	r.resolve(t, r.certification(t, election(t, r.app, e.ID), plenum.DecisionVoting),
		map[*plenum.Viewer]string{ks[0].v: plenum.VoteYes, ks[1].v: plenum.VoteYes, ks[2].v: plenum.VoteYes})
	got, err := r.app.Decision(ctx, r.v["ana"], d.ID)
	if err != nil || got.Status != plenum.DecisionAdopted || got.Quorum.Present != 4 || got.Yes != 2 || got.Abstain != 1 {
		t.Fatalf("chair: %+v, %v", got, err)
	}
}

// A case the constitution has heard by secret vote (cases.vote: secret)
// is ruled by secret ballot; the public record names the ruling's
// decision by number only.
func TestSecretCaseRuling(t *testing.T) {
	r := newCases(t, storetest.SQLite(t), func(src string) string {
		return strings.Replace(src, "vote: roll-call", "vote: secret", 1)
	})
	c := r.file(t, "olga", "kofi")
	d, err := r.app.ProposeRuling(ctx, r.v["patrick"], c.ID, plenum.Verdict{Step: plenum.StepAdmission, Outcome: plenum.Admitted,
		Reasons: "The charges cite a rule."}, time.Time{}, 0)
	if err != nil || !d.Secret || !d.Internal || d.Election == 0 {
		t.Fatalf("ruling: %+v, %v", d, err)
	}
	wantErr(t, r.app.VoteOnDecision(ctx, r.v["amara"], d.ID, plenum.VoteYes), plenum.Conflict, "secret ballot")
	// The booth names an internal decision to the unit's members only.
	for v, sees := range map[*plenum.Viewer]bool{r.v["amara"]: true, plenum.Visitor(): false} {
		if bo, err := r.app.Booth(ctx, v, d.Election); err != nil || (bo.Decision != nil) != sees {
			t.Errorf("booth: %+v, %v", bo, err)
		}
	}
	for _, en := range verifyRecord(t, r.app) {
		if !en.Internal && strings.Contains(string(en.Payload), "Case 1") {
			t.Errorf("public entry %s names the case: %s", en.Type, en.Payload)
		}
	}
}
