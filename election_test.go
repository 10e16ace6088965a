package plenum_test

import (
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/storetest"
)

const day = 24 * time.Hour

// rtu is the tenants' union with accounts for some of its members.
type rtu struct {
	app   *plenum.App
	clock *clock
	org   *plenum.Organization
	root  *plenum.Unit
	north *plenum.Unit
	v     map[string]*plenum.Viewer // by first name, lower case
}

func newRTU(t testing.TB, seconders int) *rtu {
	t.Helper()
	return newRTUWith(t, storetest.SQLite(t), seconders)
}

func newRTUOn(t testing.TB, s plenum.Store) *rtu {
	t.Helper()
	return newRTUWith(t, s, 0)
}

func newRTUWith(t testing.TB, s plenum.Store, seconders int) *rtu {
	t.Helper()
	return newRTUEdited(t, s, func(src string) string {
		if seconders > 0 {
			src = strings.Replace(src, "extension_days: 7", "extension_days: 7\n  seconders: "+string(rune('0'+seconders)), 1)
		}
		return src
	})
}

// newRTUEdited founds the tenants' union with its constitution edited:
// what plenum reads of it once founded, the rules, not its structure.
func newRTUEdited(t testing.TB, s plenum.Store, edit func(src string) string) *rtu {
	t.Helper()
	app, c := appOn(t, s)
	f := founding(t, example(t, "members.csv"))
	f.Source = []byte(edit(string(f.Source)))
	org, err := app.Found(ctx, plenum.CommandLine, f)
	if err != nil {
		t.Fatal(err)
	}
	r := &rtu{app: app, clock: c, org: org, root: unit(t, app, org, "Riverside"),
		north: unit(t, app, org, "Riverside/North branch"), v: map[string]*plenum.Viewer{}}
	for _, email := range []string{"ana.ribeiro", "grace.okafor", "lena.fischer", "marek.kowalski", "olga.petrova",
		"rahul.mehta", "tomas.novak", "samir.haddad", "kofi.mensah"} {
		name, _, _ := strings.Cut(email, ".")
		r.v[name] = login(t, app, org, email+"@riverside-tenants.example")
	}
	return r
}

func (r *rtu) office(t testing.TB, u *plenum.Unit, name string) *plenum.Office {
	t.Helper()
	var found *plenum.Office
	err := r.app.Store.View(ctx, func(tx plenum.Tx) error {
		offices, err := tx.Offices(ctx, u.ID)
		for _, o := range offices {
			if o.Name == name {
				found = o
			}
		}
		return err
	})
	if err != nil || found == nil {
		t.Fatalf("office %s: %v", name, err)
	}
	return found
}

func (r *rtu) council(t testing.TB) plenum.DecisionRef {
	t.Helper()
	return plenum.DecisionRef{Body: r.body(t, r.root, "Council").ID, Ref: "Council resolution 2026/4"}
}

// timeline opens nominations tomorrow for two weeks, then a week of
// campaign and a week of voting.
func (r *rtu) timeline() plenum.Timeline {
	now := r.clock.t
	return plenum.Timeline{NominationsOpen: now.Add(day), NominationsClose: now.Add(15 * day),
		VotingOpen: now.Add(22 * day), VotingClose: now.Add(29 * day), ChallengeDays: 7}
}

// open schedules the election of office in unit u by the council's
// decision, entered by Ana, and opens its nominations.
func (r *rtu) open(t testing.TB, u *plenum.Unit, office string) *plenum.Election {
	t.Helper()
	e, err := r.app.ScheduleElection(ctx, r.v["ana"], plenum.ScheduleElection{Office: r.office(t, u, office).ID,
		Decision: r.council(t), Timeline: r.timeline()})
	if err != nil {
		t.Fatal(err)
	}
	r.clock.t = e.Timeline.NominationsOpen
	if e, err = r.app.AdvanceElection(ctx, e.ID, plenum.ElectionNominations); err != nil || e.Status != plenum.ElectionNominations {
		t.Fatalf("open nominations: %+v, %v", e, err)
	}
	return e
}

func (r *rtu) member(t testing.TB, first string) plenum.MemberID { return r.v[first].Member.ID }

func (r *rtu) nominate(t testing.TB, by, nominee string, e *plenum.Election) *plenum.Nomination {
	t.Helper()
	n, err := r.app.Nominate(ctx, r.v[by], e.ID, r.member(t, nominee))
	if err != nil {
		t.Fatalf("%s nominates %s: %v", by, nominee, err)
	}
	return n
}

// wantErr fails unless err is of kind k and its message holds want.
func wantErr(t *testing.T, err error, k plenum.Kind, want string) {
	t.Helper()
	if !plenum.IsKind(err, k) || !strings.Contains(plenum.ErrorMessage(err), want) {
		t.Fatalf("err = %v (%v), want %v holding %q", err, plenum.ErrorKind(err), k, want)
	}
}

// recorded counts the record's entries by type and checks the chain.
func recorded(t *testing.T, app *plenum.App) map[string]int {
	t.Helper()
	count := map[string]int{}
	for _, e := range verifyRecord(t, app) {
		count[e.Type]++
	}
	return count
}

func TestScheduleElection(t *testing.T) {
	r := newRTU(t, 0)
	sec := r.office(t, r.root, "Secretary")
	s := plenum.ScheduleElection{Office: sec.ID, Decision: r.council(t), Timeline: r.timeline()}

	noDecision := s
	noDecision.Decision.Ref = " "
	_, err := r.app.ScheduleElection(ctx, r.v["ana"], noDecision)
	wantErr(t, err, plenum.Invalid, "decision: an election is called by a decision of a body")
	_, err = r.app.ScheduleElection(ctx, r.v["olga"], s)
	wantErr(t, err, plenum.Forbidden, "only members of Council may enter its decisions")
	bad := s
	bad.Timeline.VotingOpen = bad.Timeline.NominationsClose.Add(-day)
	_, err = r.app.ScheduleElection(ctx, r.v["ana"], bad)
	wantErr(t, err, plenum.Invalid, "timeline.voting_open")

	e, err := r.app.ScheduleElection(ctx, r.v["ana"], s)
	if err != nil {
		t.Fatal(err)
	}
	want := plenum.NominationRules{MinCandidates: 2, ExtensionDays: 7}
	if e.Status != plenum.ElectionScheduled || e.Seats != 1 || e.Method != "irv" || e.Electorate != r.root.ID || e.Rules != want {
		t.Errorf("election = %+v", e)
	}
	_, err = r.app.ScheduleElection(ctx, r.v["ana"], s)
	wantErr(t, err, plenum.Conflict, "Secretary already has an election under way")
	if got := recorded(t, r.app)["election.scheduled"]; got != 1 {
		t.Errorf("%d election.scheduled entries", got)
	}
	page, err := r.app.ElectionPage(ctx, e.ID)
	if err != nil || page.Office.Name != "Secretary" || page.Election.Decision != s.Decision {
		t.Errorf("page = %+v, %v", page, err)
	}
}

func TestUncontestedElectionNeverVotes(t *testing.T) {
	r := newRTU(t, 0)
	e := r.open(t, r.root, "Secretary")
	_, err := r.app.AdvanceElection(ctx, e.ID, plenum.ElectionVoting)
	wantErr(t, err, plenum.Conflict, "an election in nominations cannot move to voting")
	_, err = r.app.AdvanceElection(ctx, e.ID, plenum.ElectionCampaign)
	wantErr(t, err, plenum.Conflict, "not before")

	r.nominate(t, "grace", "grace", e) // one candidate for one seat
	for i := 1; i <= 2; i++ {
		close := e.Timeline.NominationsClose
		r.clock.t = close
		if n, err := r.app.AdvanceElections(ctx); n != 1 || err != nil {
			t.Fatalf("advance: %d, %v", n, err)
		}
		e = election(t, r.app, e.ID)
		if e.Status != plenum.ElectionNominations || e.Extensions != i || !e.Timeline.NominationsClose.Equal(close.Add(7*day)) {
			t.Fatalf("after extension %d: %+v", i, e)
		}
	}
	lena := r.nominate(t, "grace", "lena", e) // pending: not yet a candidate
	r.clock.t = e.Timeline.NominationsClose
	if e, err = r.app.AdvanceElection(ctx, e.ID, plenum.ElectionCampaign); err != nil || e.Extensions != 3 {
		t.Fatalf("a pending nomination counted: %+v, %v", e, err)
	}
	if _, err := r.app.AnswerNomination(ctx, r.v["lena"], lena.ID, true); err != nil {
		t.Fatal(err)
	}
	r.clock.t = e.Timeline.NominationsClose
	if e, err = r.app.AdvanceElection(ctx, e.ID, plenum.ElectionCampaign); err != nil || e.Status != plenum.ElectionCampaign {
		t.Fatalf("two candidates: %+v, %v", e, err)
	}

	// A withdrawal in the campaign leaves one candidate: the vote does not open.
	if _, err := r.app.Withdraw(ctx, r.v["lena"], lena.ID); err != nil {
		t.Fatal(err)
	}
	r.clock.t = e.Timeline.VotingOpen
	if e, err = r.app.AdvanceElection(ctx, e.ID, plenum.ElectionVoting); err != nil || e.Status != plenum.ElectionNominations || e.Extensions != 4 {
		t.Fatalf("uncontested vote: %+v, %v", e, err)
	}
	r.nominate(t, "marek", "marek", e)
	r.clock.t = r.clock.t.Add(8 * day)
	e = r.advance(t, e, plenum.ElectionCampaign)
	r.ceremony(t, e, r.kits(t, e))
	for _, to := range []plenum.ElectionStatus{plenum.ElectionVoting, plenum.ElectionTally} {
		r.clock.t = r.clock.t.Add(8 * day)
		if e, err = r.app.AdvanceElection(ctx, e.ID, to); err != nil || e.Status != to {
			t.Fatalf("to %s: %+v, %v", to, e, err)
		}
	}
	_, err = r.app.AdvanceElection(ctx, e.ID, plenum.ElectionCertified)
	wantErr(t, err, plenum.Conflict, "waits for the trustees' decryption and its certification")
	_, err = r.app.Withdraw(ctx, r.v["marek"], r.nominationOf(t, e, "marek").ID)
	wantErr(t, err, plenum.Conflict, "the vote has opened")

	got := recorded(t, r.app)
	// scheduled->nominations, ->campaign, ->campaign, ->voting, ->tally
	if got["election.status"] != 5 || got["election.nominations_extended"] != 4 || got["nomination.withdrawn"] != 1 {
		t.Errorf("record: %v", got)
	}
}

func election(t *testing.T, app *plenum.App, id plenum.ElectionID) *plenum.Election {
	t.Helper()
	p, err := app.ElectionPage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return p.Election
}

func (r *rtu) nominationOf(t *testing.T, e *plenum.Election, first string) *plenum.Nomination {
	t.Helper()
	p, err := r.app.ElectionPage(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range p.Nominations {
		if n.Nominee == r.member(t, first) {
			return n.Nomination
		}
	}
	t.Fatalf("%s is not nominated", first)
	return nil
}

// TestConcurrentAdvance moves an election on while another transaction
// (another node) moves it and has not committed yet: the move waits, sees
// the other's change, and is refused, so the record says it once; on SQLite
// and on PostgreSQL.
func TestConcurrentAdvance(t *testing.T) {
	for _, db := range []struct {
		name string
		open func(t *testing.T) plenum.Store
	}{
		{"sqlite", func(t *testing.T) plenum.Store { return storetest.SQLite(t) }},
		{"postgres", func(t *testing.T) plenum.Store { return storetest.Postgres(t) }},
	} {
		t.Run(db.name, func(t *testing.T) {
			r := newRTUOn(t, db.open(t))
			e := r.open(t, r.root, "Secretary")
			r.nominate(t, "grace", "grace", e)
			r.nominate(t, "lena", "lena", e)
			r.clock.t = e.Timeline.NominationsClose
			done := make(chan error, 1)
			err := r.app.Store.Update(ctx, func(tx plenum.Tx) error {
				if _, _, err := tx.RecordHead(ctx); err != nil {
					return err
				}
				other := *e
				other.Status = plenum.ElectionCampaign
				if err := tx.UpdateElection(ctx, &other, other.Timeline.VotingOpen); err != nil {
					return err
				}
				go func() {
					_, err := r.app.AdvanceElection(ctx, e.ID, plenum.ElectionCampaign)
					done <- err
				}()
				// Long enough for the move to read the election, were it not held back.
				time.Sleep(200 * time.Millisecond)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			wantErr(t, <-done, plenum.Conflict, "an election in campaign cannot move to campaign")
			if got := recorded(t, r.app)["election.status"]; got != 1 {
				t.Errorf("%d election.status entries; want 1 (the opening of nominations)", got)
			}
		})
	}
}
