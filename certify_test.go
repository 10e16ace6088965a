package plenum_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"plenum"
	"plenum/storetest"
)

// certification returns the newest certification decision of e, which
// must have status want.
func (r *rtu) certification(t *testing.T, e *plenum.Election, want plenum.DecisionStatus) *plenum.Decision {
	t.Helper()
	c, err := r.app.Certification(ctx, plenum.Visitor(), e.ID)
	if err != nil || len(c.Decisions) == 0 || c.Decisions[0].Status != want {
		t.Fatalf("certification of election %s: %+v, %v; want one %s", e.ID, c, err, want)
	}
	if d := c.Decisions[0]; d.Kind != "certify" || d.Subject != "election:"+e.ID.String() || d.Body != c.Commission.ID {
		t.Fatalf("certification: %+v", d)
	}
	return c.Decisions[0]
}

// decide has the commission's members vote on d, then closes it.
func (r *rtu) resolve(t *testing.T, d *plenum.Decision, votes map[*plenum.Viewer]string) *plenum.Decision {
	t.Helper()
	for v, choice := range votes {
		if err := r.app.VoteOnDecision(ctx, v, d.ID, choice); err != nil {
			t.Fatalf("%s votes %s: %v", v.Member.Name, choice, err)
		}
	}
	var closer *plenum.Viewer
	for v := range votes {
		closer = v
	}
	d, err := r.app.CloseDecision(ctx, closer, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// toResult runs an election of office in unit u, with candidates stood,
// to its verified result: the ceremony, a ballot from each voter (their
// first choice, by position on the ballot), the mixes and two of the
// three trustees' decryptions.
func (r *rtu) toResult(t *testing.T, u *plenum.Unit, office string, stood []string, ballots map[string]int) (*plenum.Election, []*kit) {
	t.Helper()
	e := r.open(t, u, office)
	for _, who := range stood {
		r.nominate(t, who, who, e)
	}
	r.clock.t = e.Timeline.NominationsClose
	e = r.advance(t, e, plenum.ElectionCampaign)
	ks := r.kits(t, e)
	r.ceremony(t, e, ks)
	r.clock.t = e.Timeline.VotingOpen
	e = r.advance(t, e, plenum.ElectionVoting)
	for who, choice := range ballots {
		if _, err := r.cast(t, r.v[who], e, false, choice); err != nil {
			t.Fatalf("%s casts: %v", who, err)
		}
	}
	r.clock.t = e.Timeline.VotingClose
	e = r.advance(t, e, plenum.ElectionTally)
	for _, k := range ks {
		r.mix(t, k, e)
	}
	for _, k := range ks[:2] {
		if err := r.decrypt(t, k, e); err != nil {
			t.Fatal(err)
		}
	}
	return election(t, r.app, e.ID), ks
}

// A certification the commission does not adopt holds the election in
// tally, saying why, until its members propose a new one: a vote that
// fails for want of quorum, then one rejected with its reasons, then one
// adopted.
func TestCertificationHeld(t *testing.T) {
	r := newRTU(t, 0)
	e, ks := r.toResult(t, r.root, "Secretary", []string{"grace", "lena", "marek"}, map[string]int{"ana": 0, "tomas": 1, "olga": 0})
	d := r.certification(t, e, plenum.DecisionVoting)
	_, err := r.app.ProposeCertification(ctx, ks[0].v, e.ID)
	wantErr(t, err, plenum.Conflict, "voting on the certification already")
	if c, _ := r.app.Certification(ctx, ks[0].v, e.ID); c.MayPropose {
		t.Error("a new certification may be proposed while one is voted on")
	}

	// Nobody votes: at its deadline the vote fails for want of quorum.
	r.clock.t = d.Deadline
	if n, err := r.app.CloseDueDecisions(ctx); n != 1 || err != nil {
		t.Fatalf("close due decisions: %d, %v", n, err)
	}
	r.certification(t, e, plenum.DecisionFailed)
	e = election(t, r.app, e.ID)
	if e.Status != plenum.ElectionTally || !strings.Contains(e.Hold, "did not certify the result (decision "+d.ID.String()+" failed: 0 votes of the 2 the quorum needs)") {
		t.Fatalf("after a failed certification: %s, %q", e.Status, e.Hold)
	}
	if es := r.app.I18n.Localizer(language.Spanish); !strings.Contains(e.HoldPhrase.In(es), "decisión "+d.ID.String()+" fallida: 0 votos de los 2 que necesita el quórum") {
		t.Fatalf("the hold in Spanish: %q", e.HoldPhrase.In(es))
	}
	_, err = r.app.AdvanceElection(ctx, e.ID, plenum.ElectionCertified)
	wantErr(t, err, plenum.Conflict, "waits for")

	// Only the commission's members propose again.
	_, err = r.app.ProposeCertification(ctx, r.v["ana"], e.ID)
	wantErr(t, err, plenum.Forbidden, "only members of the Election commission")
	if c, _ := r.app.Certification(ctx, ks[2].v, e.ID); !c.MayPropose {
		t.Error("a member of the commission may not propose a new certification")
	}
	d2, err := r.app.ProposeCertification(ctx, ks[2].v, e.ID)
	if err != nil || d2.Proposer != ks[2].v.Member.ID {
		t.Fatalf("propose again: %+v, %v", d2, err)
	}
	if e = election(t, r.app, e.ID); e.Hold != "" {
		t.Errorf("a new certification is proposed, yet the election says %q", e.Hold)
	}
	d2 = r.resolve(t, d2, map[*plenum.Viewer]string{ks[0].v: plenum.VoteYes, ks[1].v: plenum.VoteNo, ks[2].v: plenum.VoteNo})
	if d2.Status != plenum.DecisionRejected {
		t.Fatalf("second certification: %+v", d2)
	}
	e = election(t, r.app, e.ID)
	if e.Status != plenum.ElectionTally || !strings.Contains(e.Hold, "rejected: 1 yes, 2 no") {
		t.Fatalf("after a rejected certification: %s, %q", e.Status, e.Hold)
	}
	// Those who rejected it say why; so may the minority.
	for _, k := range ks {
		if err := r.app.AddDissent(ctx, k.v, d2.ID, "The count of the spoilt ballots is unexplained."); err != nil {
			t.Fatalf("trustee %d records why: %v", k.index, err)
		}
	}

	d3, err := r.app.ProposeCertification(ctx, plenum.CommandLine, e.ID)
	if err != nil || d3.Proposer != 0 {
		t.Fatalf("propose from the command line: %+v, %v", d3, err)
	}
	if d3 = r.resolve(t, d3, map[*plenum.Viewer]string{ks[0].v: plenum.VoteYes, ks[1].v: plenum.VoteYes, ks[2].v: plenum.VoteNo}); d3.Status != plenum.DecisionAdopted {
		t.Fatalf("third certification: %+v", d3)
	}
	if e = election(t, r.app, e.ID); e.Status != plenum.ElectionCertified || e.Hold != "" {
		t.Fatalf("after the adopted certification: %s, %q", e.Status, e.Hold)
	}
	_, err = r.app.ProposeCertification(ctx, ks[0].v, e.ID)
	wantErr(t, err, plenum.Conflict, "no result to certify")
	got := recorded(t, r.app)
	if got["election.certified"] != 1 || got["election.held"] != 2 || got["decision.dissent"] != 3 {
		t.Errorf("record: %v", got)
	}
}

// A member of the commission who stood in the election may not vote on
// its certification; the quorum is counted without them.
func TestCertificationRecusesCandidates(t *testing.T) {
	r := newRTU(t, 0)
	fatima := member(t, r.app, r.org, "fatima.zahra@riverside-tenants.example")
	r.v["fatima"] = login(t, r.app, r.org, fatima.Email)
	e, ks := r.toResult(t, r.north, "Branch secretary", []string{"fatima", "kofi", "olga"}, map[string]int{"ana": 1, "lena": 1, "marek": 0})
	d := r.certification(t, e, plenum.DecisionVoting)
	// Fatima is recused; Kofi and Olga, who stood too, are not of the commission.
	if !slices.Equal(d.Recused, []plenum.MemberID{fatima.ID}) {
		t.Fatalf("recused: %v", d.Recused)
	}
	wantErr(t, r.app.VoteOnDecision(ctx, r.v["fatima"], d.ID, plenum.VoteYes), plenum.Forbidden, "not recused")
	// Nor may anyone outside the commission.
	wantErr(t, r.app.VoteOnDecision(ctx, r.v["ana"], d.ID, plenum.VoteYes), plenum.Forbidden, "")
	var others []*plenum.Viewer
	for _, k := range ks {
		if k.v.Member.ID != fatima.ID {
			others = append(others, k.v)
		}
	}
	if err := r.app.VoteOnDecision(ctx, others[0], d.ID, plenum.VoteYes); err != nil {
		t.Fatal(err)
	}
	_, err := r.app.CloseDecision(ctx, others[0], d.ID)
	wantErr(t, err, plenum.Conflict, "1 of 2 members have voted")
	d = r.resolve(t, d, map[*plenum.Viewer]string{others[1]: plenum.VoteYes})
	if d.Status != plenum.DecisionAdopted || d.Quorum.Recused != 1 || d.Quorum.Needed != 1 || d.Quorum.Eligible != 2 {
		t.Fatalf("certification: %+v", d)
	}
	if e = election(t, r.app, e.ID); e.Status != plenum.ElectionCertified {
		t.Fatalf("election: %s", e.Status)
	}
}

// TestOnlyTheCommissionCertifies holds rules R1 and R7 in the code: an
// election is certified only by the adoption of a decision of its
// election commission. The functions that certify are called from
// certify.go alone, and the status certified is set nowhere else.
func TestOnlyTheCommissionCertifies(t *testing.T) {
	guarded := []string{"certify", "certifyRecallVote", "certified", "recallCertified"}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || path == "certify.go" {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && slices.Contains(guarded, sel.Sel.Name) {
				t.Errorf("%s calls %s: only an adopted certification decision certifies (certify.go)", path, sel.Sel.Name)
			}
			for _, arg := range call.Args {
				if id, ok := arg.(*ast.Ident); ok && id.Name == "ElectionCertified" {
					t.Errorf("%s passes ElectionCertified to a call: only certify.go sets an election certified", path)
				}
			}
			return true
		})
	}
}

// The constitution may name an election commission's trustees: they hold
// the key instead of its seat holders, and must be active members of its
// unit; the commission still certifies.
func TestNamedTrustees(t *testing.T) {
	named := func(emails string) func(string) string {
		return func(src string) string {
			return strings.Replace(src, "body: Election commission }", "body: Election commission, trustees: ["+emails+"] }", 1)
		}
	}
	r := newRTUEdited(t, storetest.SQLite(t), named("olga.petrova@riverside-tenants.example, rahul.mehta@riverside-tenants.example, kofi.mensah@riverside-tenants.example"))
	e := r.toCampaign(t)
	c, err := r.app.Ceremony(ctx, e.ID)
	if err != nil || len(c.Trustees) != 3 || c.Commission == nil || c.Commission.Name != "Election commission" {
		t.Fatalf("ceremony: %+v, %v", c, err)
	}
	for i, who := range []string{"olga", "rahul", "kofi"} {
		if c.Trustees[i].Member != r.member(t, who) {
			t.Errorf("trustee %d is %v, not %s", i+1, c.Trustees[i].Member, who)
		}
	}

	r = newRTUEdited(t, storetest.SQLite(t), named("olga.petrova@riverside-tenants.example, nobody@riverside-tenants.example"))
	if e = r.toCampaign(t); !strings.Contains(e.Hold, "names nobody@riverside-tenants.example a trustee, who is not an active member of Riverside") {
		t.Fatalf("a trustee who is not a member: %q", e.Hold)
	}
}
