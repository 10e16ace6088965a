package plenum_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/storetest"
)

// newCases is the tenants' union with more of its members logged in; edit,
// if not nil, changes the constitution's source before the founding.
func newCases(t *testing.T, s plenum.Store, edit func(string) string) *rtu {
	t.Helper()
	app, c := appOn(t, s)
	f := founding(t, example(t, "members.csv"))
	if edit != nil {
		f.Source = []byte(edit(string(f.Source)))
	}
	org, err := app.Found(ctx, plenum.CommandLine, f)
	if err != nil {
		t.Fatal(err)
	}
	r := &rtu{app: app, clock: c, org: org, root: unit(t, app, org, "Riverside"),
		north: unit(t, app, org, "Riverside/North branch"), v: map[string]*plenum.Viewer{}}
	for _, email := range []string{"ana.ribeiro", "grace.okafor", "lena.fischer", "olga.petrova", "rahul.mehta",
		"samir.haddad", "kofi.mensah", "patrick.oneill", "amara.diallo", "sofia.rossi", "hannah.weber", "marek.kowalski", "tomas.novak", "ines.moreno", "david.levi"} {
		name, _, _ := strings.Cut(email, ".")
		r.v[name] = login(t, app, org, email+"@riverside-tenants.example")
	}
	r.v["visitor"] = plenum.Visitor()
	return r
}

// branchCases has each branch's committee hear its members' cases, with
// appeal to the Control commission.
func branchCases(src string) string {
	return strings.Replace(src, "    - { unit: Riverside, body: Control commission }",
		"    - { unit: \"*branch\", body: Branch committee }\n    - { unit: Riverside, body: Control commission }", 1)
}

// file has by file charges against accused.
func (r *rtu) file(t *testing.T, by, accused string) *plenum.Case {
	t.Helper()
	c, err := r.app.FileCase(ctx, r.v[by], plenum.CaseFiling{Accused: r.member(t, accused),
		Provisions: []string{"Rule 4.2: members shall not misuse the union's funds"}, Charges: "Paid a private bill from the strike fund."})
	if err != nil {
		t.Fatalf("%s files against %s: %v", by, accused, err)
	}
	return c
}

// rule has by propose ruling v, every member of the body who may vote for
// it, and by close the vote; it returns the case after the adopted ruling.
func (r *rtu) rule(t *testing.T, by string, c *plenum.Case, v plenum.Verdict) *plenum.Case {
	t.Helper()
	r.decide(t, by, c, v)
	var got *plenum.Case
	err := r.app.Store.View(ctx, func(tx plenum.Tx) (err error) {
		got, err = tx.Case(ctx, c.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// decide is rule, returning the decision.
func (r *rtu) decide(t *testing.T, by string, c *plenum.Case, v plenum.Verdict) *plenum.Decision {
	t.Helper()
	d, err := r.app.ProposeRuling(ctx, r.v[by], c.ID, v, time.Time{}, 0)
	if err != nil {
		t.Fatalf("%s proposes the %s: %v", by, v.Step, err)
	}
	names := slices.Sorted(maps.Keys(r.v))
	for _, name := range names {
		if err := r.app.VoteOnDecision(ctx, r.v[name], d.ID, plenum.VoteYes); err != nil && !plenum.IsKind(err, plenum.Forbidden) {
			t.Fatalf("%s votes: %v", name, err)
		}
	}
	if d, err = r.app.CloseDecision(ctx, r.v[by], d.ID); err != nil || d.Status != plenum.DecisionAdopted {
		t.Fatalf("close the vote on the %s: %+v, %v", v.Step, d, err)
	}
	return d
}

func (r *rtu) reply(t *testing.T, c *plenum.Case, by string) {
	t.Helper()
	if _, err := r.app.ReplyToCase(ctx, r.v[by], c.ID, "The bill was the union's own, and here is the receipt.", 0); err != nil {
		t.Fatal(err)
	}
}

func (r *rtu) status(t *testing.T, who string) plenum.Status {
	t.Helper()
	var m *plenum.Member
	err := r.app.Store.View(ctx, func(tx plenum.Tx) (err error) {
		m, err = tx.Member(ctx, r.member(t, who))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m.Memberships[0].Status
}

// seat gives who a current term of office o, as an election would.
func (r *rtu) seat(t *testing.T, o *plenum.Office, who string) {
	t.Helper()
	err := r.app.Store.Update(ctx, func(tx plenum.Tx) error {
		return tx.CreateTerm(ctx, &plenum.Term{Office: o.ID, Holder: r.member(t, who), Start: r.clock.t.Add(-day), End: r.clock.t.Add(300 * day)})
	})
	if err != nil {
		t.Fatal(err)
	}
}

var (
	admit   = plenum.Verdict{Step: plenum.StepAdmission, Outcome: plenum.Admitted, Reasons: "The charges cite a rule and come with a bank statement."}
	suspend = plenum.Verdict{Step: plenum.StepVerdict, Outcome: plenum.Proven, Sanction: "Suspension of rights", Months: 3,
		Reasons: "The payment is proven and was not authorised."}
)

func TestCaseRecusal(t *testing.T) {
	r := newCases(t, storetest.SQLite(t), nil)
	// Sofia, of the Control commission, also holds an office of Riverside
	// (a second seat of Secretary), directly over Kofi's office in the North
	// branch. Seats of the Council, the appeal body, do not count: they judge.
	r.seat(t, r.office(t, r.root, "Secretary"), "sofia")
	c := r.file(t, "patrick", "kofi") // Patrick sits on the Control commission too

	view, err := r.app.Case(ctx, r.v["amara"], c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []plenum.MemberID{r.member(t, "patrick"), r.member(t, "sofia")}
	slices.Sort(want)
	if !slices.Equal(view.Recused, want) || !view.CanDecide {
		t.Errorf("recused %v (want %v), Amara may decide: %v", view.Recused, want, view.CanDecide)
	}
	_, err = r.app.ProposeRuling(ctx, r.v["patrick"], c.ID, admit, time.Time{}, 0)
	wantErr(t, err, plenum.Forbidden, "recused")
	_, err = r.app.ProposeRuling(ctx, r.v["sofia"], c.ID, admit, time.Time{}, 0)
	wantErr(t, err, plenum.Forbidden, "recused")
	_, err = r.app.ProposeRuling(ctx, r.v["lena"], c.ID, admit, time.Time{}, 0)
	wantErr(t, err, plenum.Forbidden, "only members of")
	// The quorum (50% of the seats) is computed without the two recused:
	// Amara's vote alone is enough.
	d := r.decide(t, "amara", c, admit)
	if q := d.Quorum; q.Seats != 3 || q.Recused != 2 || q.Needed != 1 || q.Voted != 1 || !q.Met || !slices.Equal(d.Recused, want) || d.Secret || !d.Internal {
		t.Errorf("decision %+v", d)
	}
	// The decision, which members of the unit see, names the step only; the
	// ruling it proposed is kept with the case.
	if d.Title != "Case "+c.ID.String()+": admission" || d.Text != "" || strings.Contains(string(d.Payload), "bank statement") {
		t.Errorf("the decision tells the proposal: %q %q %s", d.Title, d.Text, d.Payload)
	}
	view, err = r.app.Case(ctx, r.v["amara"], c.ID)
	if err != nil || view.Case.Status != plenum.CaseAdmitted || len(view.Case.Admission.Recused) != 2 || view.Case.Admission.Decision != int64(d.ID) ||
		len(view.Decisions) != 1 || view.Case.ProposalOf(view.Decisions[0]).Reasons != admit.Reasons {
		t.Errorf("admitted case %+v, %v", view.Case, err)
	}
}

func TestCaseRecusalUnder(t *testing.T) {
	r := newCases(t, storetest.SQLite(t), nil)
	// Amara sits on the South branch committee, directly under Tomas's
	// office of Treasurer of Riverside.
	south := unit(t, r.app, r.org, "Riverside/South branch")
	r.seat(t, r.office(t, south, "Branch committee"), "amara")
	c := r.file(t, "lena", "tomas")
	view, err := r.app.Case(ctx, r.v["patrick"], c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(view.Recused, []plenum.MemberID{r.member(t, "amara")}) {
		t.Errorf("recused %v, want Amara only", view.Recused)
	}
}

func TestCaseReplyDeadline(t *testing.T) {
	r := newCases(t, storetest.SQLite(t), nil)
	c := r.file(t, "lena", "rahul")
	// The accused is notified, and may not turn the notice off; so is the
	// Control commission, which admits or dismisses the charges.
	for who, subject := range map[string]string{"rahul": "case.notice.filed", "amara": "case.notice.to_admit"} {
		p, err := r.app.Notifications(ctx, r.v[who], 0, 10)
		if err != nil || len(p.Notices) == 0 || p.Notices[0].Subject != subject || p.Notices[0].Link != "/cases/"+c.ID.String() ||
			p.Notices[0].Required != (who == "rahul") {
			t.Fatalf("%s's notices: %+v, %v", who, p, err)
		}
	}
	_, err := r.app.ReplyToCase(ctx, r.v["rahul"], c.ID, "too early", 0)
	wantErr(t, err, plenum.Conflict, "not admitted")
	c = r.rule(t, "amara", c, admit)
	if want := r.clock.t.AddDate(0, 0, 14); !c.ReplyDue.Equal(want) {
		t.Errorf("reply due %v, want %v", c.ReplyDue, want)
	}
	_, err = r.app.ProposeRuling(ctx, r.v["amara"], c.ID, suspend, time.Time{}, 0)
	wantErr(t, err, plenum.Conflict, "the body decides after the reply")
	_, err = r.app.ReplyToCase(ctx, r.v["lena"], c.ID, "not mine to answer", 0)
	wantErr(t, err, plenum.Forbidden, "only the accused")

	r.clock.t = c.ReplyDue
	_, err = r.app.ReplyToCase(ctx, r.v["rahul"], c.ID, "late", 0)
	wantErr(t, err, plenum.Conflict, "the reply period ended")
	r.rule(t, "amara", c, suspend) // silence does not stop the case once the period is over
}

func TestCaseSanctions(t *testing.T) {
	r := newCases(t, storetest.SQLite(t), nil)
	c := r.file(t, "lena", "rahul")
	r.rule(t, "amara", c, admit)
	r.reply(t, c, "rahul")
	for _, tc := range []struct {
		v    plenum.Verdict
		want string
	}{
		{plenum.Verdict{Outcome: plenum.Proven, Sanction: "Fine of 500 EUR"}, `sanction: "Fine of 500 EUR" is not a sanction of the constitution's list`},
		{plenum.Verdict{Outcome: plenum.Proven, Sanction: "Suspension of rights", Months: 13}, "months: a Suspension of rights lasts 1 to 12 months"},
		{plenum.Verdict{Outcome: plenum.Proven, Sanction: "Reprimand", Months: 2}, "months: only a suspension"},
		{plenum.Verdict{Outcome: plenum.Proven, Sanction: "Suspension from an office"}, "term: name a current term of the accused"},
		{plenum.Verdict{Outcome: plenum.NotProven, Sanction: "Reprimand"}, "not proven carry no sanction"},
		{plenum.Verdict{Outcome: "guilty"}, "outcome"},
		{plenum.Verdict{Outcome: plenum.Proven, Sanction: "Reprimand", Reasons: " "}, "reasons must not be empty"},
	} {
		tc.v.Step = plenum.StepVerdict
		if tc.v.Reasons == "" {
			tc.v.Reasons = "Because."
		}
		_, err := r.app.ProposeRuling(ctx, r.v["amara"], c.ID, tc.v, time.Time{}, 0)
		wantErr(t, err, plenum.Invalid, tc.want)
	}
	if s := r.status(t, "rahul"); s != plenum.Active {
		t.Errorf("after refused decisions Rahul is %s", s)
	}
}

// TestCaseSuspensionDeferred: a suspension waits for the appeal period, then
// lasts its months, moved on by the clock.
func TestCaseSuspensionDeferred(t *testing.T) {
	r := newCases(t, storetest.SQLite(t), nil)
	c := r.file(t, "lena", "rahul")
	r.rule(t, "amara", c, admit)
	r.reply(t, c, "rahul")
	c = r.rule(t, "amara", c, suspend)
	if c.Status != plenum.CaseDecided || r.status(t, "rahul") != plenum.Active || !c.Due.Equal(c.AppealDue) {
		t.Fatalf("decided: %s, Rahul %s, due %v", c.Status, r.status(t, "rahul"), c.Due)
	}
	r.clock.t = c.AppealDue.Add(-time.Minute)
	if n, err := r.app.AdvanceCases(ctx); n != 0 || err != nil || r.status(t, "rahul") != plenum.Active {
		t.Fatalf("before the appeal period ends: %d due, %v, Rahul %s", n, err, r.status(t, "rahul"))
	}
	r.clock.t = c.AppealDue
	if n, err := r.app.AdvanceCases(ctx); n != 1 || err != nil || r.status(t, "rahul") != plenum.Suspended {
		t.Fatalf("after the appeal period: %d due, %v, Rahul %s", n, err, r.status(t, "rahul"))
	}
	_, err := r.app.AppealCase(ctx, r.v["rahul"], c.ID, "too late")
	wantErr(t, err, plenum.Conflict, "only a decided case")
	// A suspended member sees no internal matters and exercises no office.
	token, _, err := r.app.Login(ctx, "rahul.mehta@riverside-tenants.example", "correct horse battery", "")
	if err != nil {
		t.Fatal(err)
	}
	if suspended, err := r.app.Authenticate(ctx, token); err != nil || suspended.SeesInternal(r.north.ID) {
		t.Error("a suspended member sees the branch's internal matters")
	}
	r.clock.t = r.clock.t.AddDate(0, 3, 0)
	if n, err := r.app.AdvanceCases(ctx); n != 1 || err != nil || r.status(t, "rahul") != plenum.Active {
		t.Fatalf("after three months: %d due, %v, Rahul %s", n, err, r.status(t, "rahul"))
	}
	if n, _ := r.app.AdvanceCases(ctx); n != 0 {
		t.Errorf("%d cases still due", n)
	}
}

func TestCaseAppealOverturns(t *testing.T) {
	r := newCases(t, storetest.SQLite(t), nil)
	c := r.file(t, "lena", "rahul")
	r.rule(t, "amara", c, admit)
	r.reply(t, c, "rahul")
	c = r.rule(t, "amara", c, plenum.Verdict{Step: plenum.StepVerdict, Outcome: plenum.Proven, Sanction: "Expulsion",
		Reasons: "Proven beyond doubt."})
	_, err := r.app.AppealCase(ctx, r.v["olga"], c.ID, "I was not a party")
	wantErr(t, err, plenum.Forbidden, "only the accused or an accuser")
	r.clock.t = r.clock.t.Add(10 * day)
	if c, err = r.app.AppealCase(ctx, r.v["rahul"], c.ID, "The receipt shows the bill was the union's."); err != nil || c.Status != plenum.CaseAppealed || !c.Due.IsZero() {
		t.Fatalf("appeal: %+v, %v", c, err)
	}
	r.clock.t = r.clock.t.Add(30 * day) // past the appeal period: the appeal holds the sanction back
	if n, _ := r.app.AdvanceCases(ctx); n != 0 || r.status(t, "rahul") != plenum.Active {
		t.Fatalf("%d due during the appeal, Rahul %s", n, r.status(t, "rahul"))
	}
	// The Control commission cannot decide the appeal: the Council does.
	_, err = r.app.ProposeRuling(ctx, r.v["amara"], c.ID, plenum.Verdict{Step: plenum.StepAppeal, Outcome: plenum.NotProven, Reasons: "x"}, time.Time{}, 0)
	wantErr(t, err, plenum.Forbidden, "only members of")
	if _, err := r.app.RecordHearing(ctx, r.v["marek"], c.ID, "Heard Rahul and Lena; read the receipt."); err != nil {
		t.Fatal(err)
	}
	c = r.rule(t, "marek", c, plenum.Verdict{Step: plenum.StepAppeal, Outcome: plenum.NotProven, Reasons: "The receipt is genuine."})
	if c.Status != plenum.CaseClosed || c.AppealOutcome() != plenum.AppealOverturned || r.status(t, "rahul") != plenum.Active {
		t.Fatalf("after the appeal: %s, %s, Rahul %s", c.Status, c.AppealOutcome(), r.status(t, "rahul"))
	}
	page, err := r.app.UnitCases(ctx, r.v["olga"], r.root.ID, 0, 10)
	if err != nil || page.Stats == nil || *page.Stats != (plenum.CaseStats{Opened: 1, NotProven: 1, Overturned: 1}) {
		t.Fatalf("stats %+v, %v", page.Stats, err)
	}
	// Charges found false can be the subject of a case against the accuser.
	bad, err := r.app.FileCase(ctx, r.v["rahul"], plenum.CaseFiling{Accused: r.member(t, "lena"), Related: c.ID,
		Provisions: []string{"Rule 9: false accusations"}, Charges: "Lena knew the bill was the union's."})
	if err != nil || bad.Related != c.ID {
		t.Fatalf("case of false charges: %+v, %v", bad, err)
	}
	_, err = r.app.FileCase(ctx, r.v["rahul"], plenum.CaseFiling{Accused: r.member(t, "olga"), Related: c.ID,
		Provisions: []string{"Rule 9"}, Charges: "x"})
	wantErr(t, err, plenum.Invalid, "the accused did not bring case")
	mine, err := r.app.MemberCases(ctx, r.v["olga"], r.member(t, "lena"), 0, 10)
	if err != nil || len(mine.Cases) != 1 || mine.Cases[0].Case.Final().Outcome != plenum.NotProven {
		t.Fatalf("Lena's cases: %+v, %v", mine, err)
	}
}

func TestCaseInterimMeasure(t *testing.T) {
	r := newCases(t, storetest.SQLite(t), nil)
	c := r.file(t, "lena", "rahul")
	r.rule(t, "amara", c, admit)
	interim := plenum.Verdict{Step: plenum.StepInterim, Until: r.clock.t.AddDate(0, 0, 61), Reasons: "He holds the keys to the fund."}
	_, err := r.app.ProposeRuling(ctx, r.v["amara"], c.ID, interim, time.Time{}, 0)
	wantErr(t, err, plenum.Invalid, "at most 60 days")
	interim.Until = r.clock.t.AddDate(0, 0, 30)
	c = r.rule(t, "amara", c, interim)
	if r.status(t, "rahul") != plenum.Suspended || !c.Due.Equal(interim.Until) {
		t.Fatalf("interim: Rahul %s, due %v", r.status(t, "rahul"), c.Due)
	}
	// The suspended accused still answers the charges.
	r.reply(t, c, "rahul")
	r.clock.t = interim.Until
	if n, err := r.app.AdvanceCases(ctx); n != 1 || err != nil || r.status(t, "rahul") != plenum.Active {
		t.Fatalf("the interim measure ends: %d, %v, Rahul %s", n, err, r.status(t, "rahul"))
	}

	// Charges found not proven end an interim measure at once.
	c = r.file(t, "lena", "olga")
	r.rule(t, "amara", c, admit)
	interim.Until = r.clock.t.AddDate(0, 0, 30)
	r.rule(t, "amara", c, interim)
	r.reply(t, c, "olga")
	c = r.rule(t, "amara", c, plenum.Verdict{Step: plenum.StepVerdict, Outcome: plenum.NotProven, Reasons: "No evidence."})
	if r.status(t, "olga") != plenum.Active || !c.Due.Equal(c.AppealDue) {
		t.Fatalf("after not proven: Olga %s, due %v", r.status(t, "olga"), c.Due)
	}
}

func TestCasePrivacy(t *testing.T) {
	r := newCases(t, storetest.SQLite(t), branchCases)
	c := r.file(t, "lena", "rahul") // heard by the North branch committee
	if c.Unit != r.north.ID {
		t.Fatalf("heard in unit %d, want the North branch", c.Unit)
	}
	for _, who := range []string{"lena", "rahul", "grace", "patrick"} { // accuser, accused, committee, appeal body
		if v, err := r.app.Case(ctx, r.v[who], c.ID); err != nil || v.Access != plenum.AccessDetails || v.Case.Charges == "" {
			t.Fatalf("%s: %+v, %v", who, v, err)
		}
	}
	for _, who := range []string{"olga", "samir", "visitor"} { // nothing is decided yet
		_, err := r.app.Case(ctx, r.v[who], c.ID)
		wantErr(t, err, plenum.NotFound, "no such case")
	}
	r.rule(t, "kofi", c, admit) // Grace, the branch secretary, is over Rahul: recused
	r.reply(t, c, "rahul")
	r.rule(t, "kofi", c, plenum.Verdict{Step: plenum.StepVerdict, Outcome: plenum.Proven, Sanction: "Reprimand", Reasons: "Careless, not dishonest."})

	v, err := r.app.Case(ctx, r.v["olga"], c.ID) // a member of the North branch
	if err != nil || v.Access != plenum.AccessDecision || v.Case.Charges != "" || v.Case.Verdict.Reasons == "" || v.Case.Accused == 0 || v.Evidence != nil {
		t.Fatalf("a member of the unit sees %+v, %v", v, err)
	}
	for _, who := range []string{"samir", "visitor"} { // another unit, the public
		_, err := r.app.Case(ctx, r.v[who], c.ID)
		wantErr(t, err, plenum.NotFound, "no such case")
		page, err := r.app.UnitCases(ctx, r.v[who], r.north.ID, 0, 10)
		if err != nil || len(page.Cases) != 0 || page.Stats != nil {
			t.Fatalf("%s lists %+v, %v", who, page, err)
		}
	}
	_, err = r.app.MemberCases(ctx, r.v["visitor"], r.member(t, "lena"), 0, 10)
	wantErr(t, err, plenum.Forbidden, "only members")

	// A constitution that publishes outcomes shows them without names.
	pub := newCases(t, storetest.SQLite(t), func(s string) string {
		return strings.Replace(branchCases(s), "public_sees: nothing", "public_sees: outcome", 1)
	})
	c = pub.file(t, "lena", "rahul")
	pub.rule(t, "kofi", c, plenum.Verdict{Step: plenum.StepAdmission, Outcome: plenum.Dismissed, Reasons: "No evidence."})
	v, err = pub.app.Case(ctx, pub.v["visitor"], c.ID)
	if err != nil || v.Access != plenum.AccessPublic || v.Case.Accused != 0 || len(v.Names) != 0 || v.Case.Admission.Reasons != "" {
		t.Fatalf("the public sees %+v, %v", v, err)
	}
}

func TestCaseEvidence(t *testing.T) {
	r := newCases(t, storetest.SQLite(t), nil)
	c := r.file(t, "lena", "rahul")
	pdf := []byte("%PDF-1.4\n1 0 obj\n")
	e, err := r.app.AddEvidence(ctx, r.v["lena"], c.ID, `C:\scans\statement.pdf`, pdf)
	if err != nil || e.Type != "application/pdf" || e.Name != "statement.pdf" || e.Size != int64(len(pdf)) || len(e.SHA256) != 32 {
		t.Fatalf("evidence %+v, %v", e, err)
	}
	_, err = r.app.AddEvidence(ctx, r.v["lena"], c.ID, "x.exe", []byte("MZ\x90\x00\x03"))
	wantErr(t, err, plenum.Invalid, "PDF, PNG, JPEG or plain text")
	_, err = r.app.AddEvidence(ctx, r.v["lena"], c.ID, "big.txt", make([]byte, plenum.MaxEvidenceSize+1))
	wantErr(t, err, plenum.Invalid, "larger than")
	_, err = r.app.AddEvidence(ctx, r.v["rahul"], c.ID, "reply.txt", []byte("not yet"))
	wantErr(t, err, plenum.Conflict, "takes no evidence")
	_, err = r.app.AddEvidence(ctx, r.v["olga"], c.ID, "gossip.txt", []byte("hearsay"))
	wantErr(t, err, plenum.Forbidden, "only the parties")
	if f, err := r.app.EvidenceFile(ctx, r.v["amara"], c.ID, e.ID); err != nil || string(f.Data) != string(pdf) {
		t.Fatalf("the commission reads %v, %v", f, err)
	}
	_, err = r.app.EvidenceFile(ctx, r.v["olga"], c.ID, e.ID)
	wantErr(t, err, plenum.NotFound, "no such file")
}

// TestOnlyCasesChangeStatus holds rule R10 in the code: no path changes a
// member's status but the decision of a case. SetMemberStatus is called
// from setMemberStatus in case_rulings.go and nowhere else, but for the
// storage conformance suite, which tests it.
func TestOnlyCasesChangeStatus(t *testing.T) {
	var callers []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "SetMemberStatus" && !slices.Contains(callers, path) {
				callers = append(callers, path)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(callers, []string{"case_rulings.go", "storetest/cases.go"}) {
		t.Errorf("SetMemberStatus is called from %v; only case_rulings.go may change a member's status (R10)", callers)
	}
	// Nor does an import: a members file has no status column, and a member
	// already there is refused, not updated.
	_, bad := plenum.ReadMembersCSV("members.csv", strings.NewReader("name,email,unit,status\nRahul Mehta,rahul@x.example,Riverside/North branch,expelled\n"))
	if len(bad) == 0 || !strings.Contains(bad.Error(), "header") {
		t.Errorf("a status column is not refused: %v", bad)
	}
}
