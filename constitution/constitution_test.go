package constitution

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func parseFile(t *testing.T, path string) *Constitution {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(filepath.Base(path), data)
	if err != nil {
		t.Fatalf("%s:\n%v", path, err)
	}
	return c
}

func TestExamplesParse(t *testing.T) {
	c := parseFile(t, "../examples/tenants-union/constitution.yaml")
	if c.Name != "Riverside Tenants' Union" || len(c.AllUnits()) != 3 || len(c.Leaves()) != 2 {
		t.Errorf("tenants' union: %q, %d units, %d leaves", c.Name, len(c.AllUnits()), len(c.Leaves()))
	}
	north := c.Unit("Riverside/North branch")
	bodies, offices := c.At(north)
	if len(bodies) != 2 || len(offices) != 1 || offices[0].Name != "Branch secretary" {
		t.Errorf("North branch has %d bodies and offices %v", len(bodies), offices)
	}
	sec := c.Offices[0]
	if sec.Pay == nil || sec.Pay.Minor != 120000 || sec.Pay.Currency != "EUR" || sec.Pay.Period != "month" {
		t.Errorf("secretary's pay = %+v", sec.Pay)
	}
	if c.Thresholds.RecallVote != (VoteRule{Majority: "majority", Turnout: 3000}) || c.Thresholds.MotionSupport != 500 {
		t.Errorf("thresholds = %+v", c.Thresholds)
	}
	if c.Recall != (Recall{PetitionDays: 60, CoolingOffDays: 180, CampaignDays: 7, VotingDays: 7}) || c.Supervision != (Supervision{ResignDays: 30}) {
		t.Errorf("recall = %+v, supervision = %+v", c.Recall, c.Supervision)
	}
	if !c.Incompatible("Control commission", "Secretary") || c.Incompatible("Secretary", "Council") {
		t.Error("incompatibilities not read both ways")
	}
	if len(c.FoundingMandates) != 23 || c.FoundingMandates[0].Ends.Format("2006-01-02") != "2027-06-30" {
		t.Errorf("%d founding mandates", len(c.FoundingMandates))
	}

	cs := c.Cases
	if c.ControlBody(north) != "" || c.ControlBody(c.Units[0]) != "Control commission" || cs.FinalAppeal != "Council" ||
		len(cs.Sanctions) != 5 || cs.Sanction("Suspension of rights").MaxMonths != 12 || cs.Secret || !cs.Interim ||
		cs.ReplyDays != 14 || cs.MembersSee != "decision" || cs.PublicSees != "nothing" {
		t.Errorf("cases = %+v", cs)
	}

	if ec := c.Commission(c.Units[0]); ec == nil || ec.Body != "Election commission" || len(ec.Trustees) != 0 || c.Commission(north) != nil {
		t.Errorf("commissions = %+v", c.ElectionCommissions)
	}

	n := parseFile(t, "../examples/national-union/constitution.yaml")
	if ec := n.Commission(n.Units[0]); ec == nil || ec.Body != "National election commission" || len(ec.Trustees) != 5 {
		t.Errorf("national union's commissions = %+v", n.ElectionCommissions)
	}
	if n.ControlBody(n.Unit("National/Western region")) != "Regional control commission" || n.Cases.Secret {
		t.Errorf("national union's cases = %+v", n.Cases)
	}
	if !n.SecretDecision("chair") || !n.SecretDecision("pay") || n.SecretDecision("resolution") || c.SecretDecision("chair") {
		t.Errorf("secret decisions: %v, %v", n.Voting, c.Voting)
	}
	if got := len(n.AllUnits()); got != 1+4+12+24 {
		t.Errorf("national union has %d units, want 41", got)
	}
	if got := len(n.Resolve("*branch")); got != 24 {
		t.Errorf("*branch names %d units", got)
	}
	if n.Thresholds.MotionSupport != 250 || n.Thresholds.MotionSupport.Of(240) != 6 {
		t.Errorf("motion support %d, of 240 members: %d", n.Thresholds.MotionSupport, n.Thresholds.MotionSupport.Of(240))
	}
}

func TestNominations(t *testing.T) {
	for _, tt := range []struct {
		yaml string
		want Nominations
	}{
		{"", Nominations{MinCandidatesOverSeats: 1, ExtensionDays: 7}},
		{"nominations: { min_candidates: seats+2, extension_days: 3, seconders: 2 }\n", Nominations{MinCandidatesOverSeats: 2, ExtensionDays: 3, Seconders: 2}},
	} {
		c, err := Parse("c.yaml", []byte(minimal+tt.yaml))
		if err != nil {
			t.Fatal(err)
		}
		if c.Nominations != tt.want {
			t.Errorf("%q: nominations = %+v, want %+v", tt.yaml, c.Nominations, tt.want)
		}
	}
}

func TestMotions(t *testing.T) {
	for _, tt := range []struct {
		yaml string
		want Motions
	}{
		{"", Motions{SupportDays: 90, DecideDays: 30, ReconsiderationSupport: 1000}},
		{"motions: { support_days: 30, decide_days: 14, reconsideration_support: 2.5% }\n", Motions{SupportDays: 30, DecideDays: 14, ReconsiderationSupport: 250}},
	} {
		c, err := Parse("c.yaml", []byte(minimal+tt.yaml))
		if err != nil {
			t.Fatal(err)
		}
		if c.Motions != tt.want {
			t.Errorf("%q: motions = %+v, want %+v", tt.yaml, c.Motions, tt.want)
		}
	}
}

func TestSupervision(t *testing.T) {
	c, err := Parse("c.yaml", []byte(minimal+"recall: { show_signers: true, cooling_off_days: 0 }\nsupervision: { records: members }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Recall.ShowSigners || c.Recall.PetitionDays != 60 || !c.Supervision.MembersOnly || c.Supervision.ResignDays != 30 {
		t.Errorf("recall = %+v, supervision = %+v", c.Recall, c.Supervision)
	}
}

func TestReferendums(t *testing.T) {
	c, err := Parse("c.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	want := Referendums{Demand: 1000, DemandDays: 30, CampaignDays: 7, VotingDays: 7, Vote: VoteRule{Majority: "majority"}}
	if c.Referendums != want {
		t.Errorf("defaults = %+v, want %+v", c.Referendums, want)
	}
	c, err = Parse("c.yaml", []byte(minimal+"referendums:\n  demand: 12.5%\n  demand_days: 21\n  constitution: true\n"+
		"  campaign_days: 3\n  voting_days: 14\n  vote: { majority: two-thirds, turnout: 40% }\n"))
	if err != nil {
		t.Fatal(err)
	}
	want = Referendums{Demand: 1250, DemandDays: 21, Constitution: true, CampaignDays: 3, VotingDays: 14,
		Vote: VoteRule{Majority: "two-thirds", Turnout: 4000}}
	if c.Referendums != want {
		t.Errorf("referendums = %+v, want %+v", c.Referendums, want)
	}
}

func TestResolve(t *testing.T) {
	c := parseFile(t, "../examples/tenants-union/constitution.yaml")
	for ref, want := range map[string]int{
		"Riverside": 1, "North branch": 1, "Riverside/North branch": 1,
		"*branch": 2, "Riverside/*": 2, "*": 3, "Nowhere": 0, "North": 0,
	} {
		if got := len(c.Resolve(ref)); got != want {
			t.Errorf("Resolve(%q) names %d units, want %d", ref, got, want)
		}
	}
}

const minimal = `name: Test union
units:
  - name: Town
    children:
      - name: East
      - name: West
`

const commission = "bodies:\n  - { unit: Town, name: Control, seats: 3 }\n"

// cases is a cases section with one control body and sanction list.
func cases(body, sanctions string) string {
	return "cases:\n  control_bodies:\n    - " + body + "\n  sanctions:\n    - " + sanctions + "\n"
}

// TestErrors checks that each mistake is reported at its line and field.
func TestErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"empty", ``, "c.yaml:1: the file is empty"},
		{"syntax", "name: [x\n", "c.yaml:1: did not find expected ',' or ']'"},
		{"no name", "units:\n  - name: A\n", "c.yaml:1: name: is required"},
		{"unknown field", minimal + "colour: red\n", "c.yaml:7: colour: unknown field (known fields: bodies,"},
		{"units not a list", "name: x\nunits: A\n", "c.yaml:2: units: must be a list"},
		{"seats not a number", minimal + "bodies:\n  - { unit: Town, name: Council, seats: seven }\n",
			`c.yaml:8: bodies[0].seats: must be a whole number of at least 1, not "seven"`},
		{"seats missing", minimal + "bodies:\n  - { unit: Town, name: Council }\n", "c.yaml:8: bodies[0].seats: is required unless all_members is true"},
		{"unknown unit", minimal + "bodies:\n  - { unit: Village, name: Council, seats: 3 }\n", `c.yaml:8: bodies[0].unit: no unit is named "Village"`},
		{"unknown method", minimal + "bodies:\n  - { unit: Town, name: Council, seats: 3, method: dice }\n",
			`c.yaml:8: bodies[0].method: must be one of plurality, block, approval, irv`},
		{"irv for many seats", minimal + "bodies:\n  - { unit: Town, name: Council, seats: 3, method: irv }\n",
			"c.yaml:8: bodies[0].method: irv fills one seat"},
		{"duplicate name", minimal + "bodies:\n  - { unit: Town, name: Council, seats: 3 }\noffices:\n  - { unit: Town, name: Council }\n",
			`c.yaml:10: offices[0].name: "Council" is already a body or office of Town`},
		{"bad pay", minimal + "offices:\n  - { unit: Town, name: Secretary, pay: { amount: 12.345, currency: eur, period: fortnight } }\n",
			`c.yaml:8: offices[0].pay.amount: must be an amount such as 1200 or 1200.50, not "12.345"`},
		{"incompatible with nothing", minimal + "offices:\n  - { unit: Town, name: Secretary, incompatible_with: [Treasurer] }\n",
			`c.yaml:8: offices[0].incompatible_with[0]: no office or body is named "Treasurer"`},
		{"uncontested elections", minimal + "nominations: { min_candidates: seats }\n",
			"c.yaml:7: nominations.min_candidates: must be seats+N with N at least 1"},
		{"seconders", minimal + "nominations: { seconders: -1 }\n",
			`c.yaml:7: nominations.seconders: must be a whole number of at least 0, not "-1"`},
		{"decide days", minimal + "motions: { decide_days: 0 }\n",
			`c.yaml:7: motions.decide_days: must be a whole number of at least 1, not "0"`},
		{"unknown motions field", minimal + "motions:\n  support: 5%\n", "c.yaml:8: motions.support:"},
		{"percent", minimal + "thresholds: { quorum: 150% }\n", `c.yaml:7: thresholds.quorum: must be a percentage from 0% to 100%`},
		{"petition days", minimal + "recall: { petition_days: 0 }\n", `c.yaml:7: recall.petition_days: must be a whole number of at least 1, not "0"`},
		{"demand", minimal + "referendums: { demand: 0% }\n", `c.yaml:7: referendums.demand: must be more than 0%`},
		{"referendum vote", minimal + "referendums: { vote: unanimity }\n", `c.yaml:7: referendums.vote: must be one of`},
		{"referendum days", minimal + "referendums: { voting_days: 0 }\n", `c.yaml:7: referendums.voting_days: must be a whole number of at least 1`},
		{"records", minimal + "supervision: { records: secret }\n", `c.yaml:7: supervision.records: must be one of`},
		{"trustees", minimal + "trustees: { count: 3, threshold: 4 }\n", "c.yaml:7: trustees.threshold: is 4, more than the 3 trustees"},
		{"duplicate unit", "name: x\nunits:\n  - name: A\n  - name: A\n", `c.yaml:4: units: two units are named "A"`},
		{"mandate office", minimal + "founding_mandates:\n  - { office: Mayor, unit: East, member: a@b.example, ends: 2027-01-01 }\n",
			`c.yaml:8: founding_mandates[0].office: Town/East has no office or body named "Mayor"`},
		{"mandate date", minimal + "offices:\n  - { unit: Town, name: Secretary }\nfounding_mandates:\n  - { office: Secretary, unit: Town, member: a@b.example, ends: 30/06/2027 }\n",
			`c.yaml:10: founding_mandates[0].ends: must be a date written YYYY-MM-DD, not "30/06/2027"`},
		{"mandate email", minimal + "offices:\n  - { unit: Town, name: Secretary }\nfounding_mandates:\n  - { office: Secretary, unit: Town, member: Ana, ends: 2027-06-30 }\n",
			`c.yaml:10: founding_mandates[0].member: must be the holder's email address, not "Ana"`},
		{"too many mandates", minimal + "offices:\n  - { unit: Town, name: Secretary }\nfounding_mandates:\n" +
			"  - { office: Secretary, unit: Town, member: a@b.example, ends: 2027-06-30 }\n" +
			"  - { office: Secretary, unit: Town, member: c@b.example, ends: 2027-06-30 }\n",
			"c.yaml:11: founding_mandates[1]: more founding mandates for Secretary of Town than its 1 seats"},
		{"incompatible mandates", minimal + "offices:\n  - { unit: Town, name: Secretary, incompatible_with: [Treasurer] }\n" +
			"  - { unit: Town, name: Treasurer }\nfounding_mandates:\n" +
			"  - { office: Secretary, unit: Town, member: a@b.example, ends: 2027-06-30 }\n" +
			"  - { office: Treasurer, unit: Town, member: a@b.example, ends: 2027-06-30 }\n",
			"c.yaml:12: founding_mandates[1]: a@b.example would hold Secretary and Treasurer, which are incompatible (rule R9)"},
		{"control body missing", minimal + cases("{ unit: East, body: Control }", "{ name: Reprimand, effect: none }"),
			`c.yaml:9: cases.control_bodies[0].body: Town/East has no body named "Control"`},
		{"two control bodies", minimal + commission + cases("{ unit: Town, body: Control }\n    - { unit: Town, body: Control }", "{ name: R, effect: none }"),
			`c.yaml:12: cases.control_bodies[1].unit: Town already has a control body (control_bodies[0])`},
		{"sanction effect", minimal + commission + cases("{ unit: Town, body: Control }", "{ name: Fine, effect: fine }"),
			`c.yaml:13: cases.sanctions[0].effect: must be one of none, office, suspension, expulsion`},
		{"suspension without months", minimal + commission + cases("{ unit: Town, body: Control }", "{ name: Suspension, effect: suspension }"),
			`c.yaml:13: cases.sanctions[0].max_months: a suspension needs the longest it may last`},
		{"duplicate sanction", minimal + commission + cases("{ unit: Town, body: Control }", "{ name: R, effect: none }\n    - { name: R, effect: none }"),
			`c.yaml:14: cases.sanctions[1].name: two sanctions are named "R"`},
		{"final appeal", minimal + commission + cases("{ unit: Town, body: Control }", "{ name: R, effect: none }") + "  final_appeal: Control\n",
			`c.yaml:10: cases.final_appeal: "Control" already hears the cases of Town`},
		{"no sanctions", minimal + commission + "cases:\n  control_bodies: []\n", `c.yaml:10: cases.sanctions: is required`},
		{"commission missing", minimal + commission + "election_commissions:\n  - { unit: East, body: Control }\n",
			`c.yaml:10: election_commissions[0].body: Town/East has no body named "Control"`},
		{"commission an assembly", minimal + "bodies:\n  - { unit: Town, name: Assembly, all_members: true }\nelection_commissions:\n  - { unit: Town, body: Assembly }\n",
			`c.yaml:10: election_commissions[0].body: "Assembly" is an assembly of all members`},
		{"two commissions", minimal + commission + "election_commissions:\n  - { unit: Town, body: Control }\n  - { unit: Town, body: Control }\n",
			`c.yaml:11: election_commissions[1].unit: Town already has an election commission (election_commissions[0])`},
		{"too few trustees", minimal + commission + "election_commissions:\n  - { unit: Town, body: Control, trustees: [a@b.example] }\n",
			`c.yaml:10: election_commissions[0].trustees: names 1 trustees; trustees.threshold is 2 and trustees.count 3`},
		{"trustee email", minimal + commission + "election_commissions:\n  - { unit: Town, body: Control, trustees: [a@b.example, Ana] }\n",
			`c.yaml:10: election_commissions[0].trustees[1]: must be the trustee's email address, not "Ana"`},
		{"secret decision kind", minimal + "voting: { secret_decisions: [chair, certify] }\n",
			`c.yaml:7: voting.secret_decisions[1]: must be one of resolution, motion`},
		{"trustee twice", minimal + commission + "election_commissions:\n  - { unit: Town, body: Control, trustees: [a@b.example, a@b.example] }\n",
			`c.yaml:10: election_commissions[0].trustees[1]: a@b.example is named twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("c.yaml", []byte(tt.yaml))
			var list ErrorList
			if !errors.As(err, &list) || c != nil {
				t.Fatalf("Parse = %v, %v; want an ErrorList", c, err)
			}
			if !strings.HasPrefix(list[0].Error(), tt.want) {
				t.Errorf("first error:\n  %v\nwant it to start with:\n  %s", list[0], tt.want)
			}
		})
	}
}

// A constitution without election_commissions gives each unit its body
// named "Election commission", as constitutions did before the section.
func TestDefaultCommissions(t *testing.T) {
	c, err := Parse("c.yaml", []byte(minimal+"bodies:\n  - { unit: Town, name: Election Commission, seats: 3 }\n  - { unit: \"*\", name: Council, seats: 3 }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.ElectionCommissions) != 1 || c.Commission(c.Units[0]).Body != "Election Commission" || c.Commission(c.Unit("Town/East")) != nil {
		t.Errorf("commissions = %+v", c.ElectionCommissions)
	}
	if c, err = Parse("c.yaml", []byte(minimal+"bodies:\n  - { unit: Town, name: Council, seats: 3 }\n")); err != nil || len(c.ElectionCommissions) != 0 {
		t.Errorf("no commission body: %+v, %v", c, err)
	}
}

func TestEveryErrorIsReported(t *testing.T) {
	_, err := Parse("c.yaml", []byte(minimal+"bodies:\n  - { unit: X, name: A, seats: 1 }\n  - { unit: Y, name: B, seats: 2, method: irv }\n"))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 3 {
		t.Fatalf("want 3 errors (unit X, unit Y and its method), got:\n%v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"../examples/tenants-union/constitution.yaml", "../examples/national-union/constitution.yaml"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(minimal + "bodies:\n  - { unit: \"*\", name: A, seats: 2 }\n"))
	f.Add([]byte("name: &a x\nunits: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.yaml", data)
		if (c == nil) == (err == nil) {
			t.Fatalf("Parse returned %v and %v", c, err)
		}
		if err != nil {
			for _, e := range err.(ErrorList) {
				if e.File != "f.yaml" || e.Msg == "" {
					t.Fatalf("error without place or message: %#v", e)
				}
			}
		}
	})
}
