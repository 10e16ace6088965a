package constitution

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The defaults of what a constitution may leave out.
const (
	defaultTermMonths    = 24
	defaultExtensionDays = 7
	defaultReplyDays     = 14
	defaultAppealDays    = 30
)

type handlers = map[string]func(v *yaml.Node, field string)

func (d *decoder) constitution(n *yaml.Node) *Constitution {
	c := &Constitution{
		Thresholds: Thresholds{
			RecallPetition: 2000, MotionSupport: 500, Quorum: 5000,
			RecallVote: VoteRule{Majority: "majority"},
		},
		Nominations: Nominations{MinCandidatesOverSeats: 1, ExtensionDays: defaultExtensionDays},
		Motions:     Motions{SupportDays: 90, DecideDays: 30, ReconsiderationSupport: 1000},
		Trustees:    Trustees{Count: 3, Threshold: 2, DeadlineHours: 72},
		Cases:       Cases{ReplyDays: defaultReplyDays, AppealDays: defaultAppealDays, MembersSee: "decision", PublicSees: "nothing"},
		Recall:      Recall{PetitionDays: 60, CampaignDays: 7, VotingDays: 7},
		Referendums: Referendums{Demand: 1000, DemandDays: 30, CampaignDays: 7, VotingDays: 7, Vote: VoteRule{Majority: "majority"}},
		Supervision: Supervision{ResignDays: 30},
	}
	d.fields(n, "", handlers{
		"name!": func(v *yaml.Node, f string) { d.str(v, f, &c.Name) },
		"units!": func(v *yaml.Node, f string) {
			d.list(v, f, func(v *yaml.Node, f string) { c.Units = append(c.Units, d.unit(v, f, nil)) })
		},
		"bodies": func(v *yaml.Node, f string) {
			d.list(v, f, func(v *yaml.Node, f string) { c.Bodies = append(c.Bodies, d.body(v, f)) })
		},
		"offices": func(v *yaml.Node, f string) {
			d.list(v, f, func(v *yaml.Node, f string) { c.Offices = append(c.Offices, d.office(v, f)) })
		},
		"thresholds":  func(v *yaml.Node, f string) { d.thresholds(v, f, &c.Thresholds) },
		"nominations": func(v *yaml.Node, f string) { d.nominations(v, f, &c.Nominations) },
		"motions": func(v *yaml.Node, f string) {
			m := &c.Motions
			d.fields(v, f, handlers{
				"support_days":            func(v *yaml.Node, f string) { d.whole(v, f, 1, &m.SupportDays) },
				"decide_days":             func(v *yaml.Node, f string) { d.whole(v, f, 1, &m.DecideDays) },
				"reconsideration_support": func(v *yaml.Node, f string) { d.percent(v, f, &m.ReconsiderationSupport) },
			})
		},
		"recall":      func(v *yaml.Node, f string) { d.recall(v, f, &c.Recall) },
		"referendums": func(v *yaml.Node, f string) { d.referendums(v, f, &c.Referendums) },
		"supervision": func(v *yaml.Node, f string) { d.supervision(v, f, &c.Supervision) },
		"trustees": func(v *yaml.Node, f string) {
			t := &c.Trustees
			d.fields(v, f, handlers{
				"count!":         func(v *yaml.Node, f string) { d.whole(v, f, 1, &t.Count) },
				"threshold!":     func(v *yaml.Node, f string) { d.whole(v, f, 1, &t.Threshold) },
				"deadline_hours": func(v *yaml.Node, f string) { d.whole(v, f, 1, &t.DeadlineHours) },
			})
			if t.Threshold > t.Count {
				d.fail(v.Line, f+".threshold", "is %d, more than the %d trustees", t.Threshold, t.Count)
			}
		},
		"voting": func(v *yaml.Node, f string) {
			d.fields(v, f, handlers{
				"revote": func(v *yaml.Node, f string) { d.boolean(v, f, &c.Voting.Revote) },
				"secret_decisions": func(v *yaml.Node, f string) {
					d.list(v, f, func(v *yaml.Node, f string) {
						var kind string
						if d.oneOf(v, f, SecretKinds, &kind); kind != "" {
							c.Voting.SecretDecisions = append(c.Voting.SecretDecisions, kind)
						}
					})
				},
			})
		},
		"election_commissions": func(v *yaml.Node, f string) {
			d.commissionsGiven = true
			d.list(v, f, func(v *yaml.Node, f string) {
				c.ElectionCommissions = append(c.ElectionCommissions, d.commission(v, f))
			})
		},
		"cases": func(v *yaml.Node, f string) { d.cases(v, f, &c.Cases) },
		"founding_mandates": func(v *yaml.Node, f string) {
			d.list(v, f, func(v *yaml.Node, f string) { c.FoundingMandates = append(c.FoundingMandates, d.mandate(v, f)) })
		},
	})
	return c
}

func (d *decoder) unit(n *yaml.Node, field string, parent *Unit) *Unit {
	u := &Unit{Parent: parent, Line: n.Line}
	var children *yaml.Node
	d.fields(n, field, handlers{
		"name!":    func(v *yaml.Node, f string) { d.str(v, f, &u.Name) },
		"children": func(v *yaml.Node, f string) { children = v },
	})
	u.Path = u.Name
	if parent != nil {
		u.Path = parent.Path + "/" + u.Name
	}
	if children != nil {
		d.list(children, join(field, "children"), func(v *yaml.Node, f string) {
			u.Children = append(u.Children, d.unit(v, f, u))
		})
	}
	return u
}

func (d *decoder) body(n *yaml.Node, field string) *Body {
	b := &Body{TermMonths: defaultTermMonths, Line: n.Line}
	d.fields(n, field, handlers{
		"unit!":       func(v *yaml.Node, f string) { d.str(v, f, &b.Unit) },
		"name!":       func(v *yaml.Node, f string) { d.str(v, f, &b.Name) },
		"seats":       func(v *yaml.Node, f string) { d.whole(v, f, 1, &b.Seats) },
		"all_members": func(v *yaml.Node, f string) { d.boolean(v, f, &b.AllMembers) },
		"method":      func(v *yaml.Node, f string) { d.oneOf(v, f, Methods, &b.Method) },
		"term_months": func(v *yaml.Node, f string) { d.whole(v, f, 1, &b.TermMonths) },
		"term_limit":  func(v *yaml.Node, f string) { d.whole(v, f, 0, &b.TermLimit) },
	})
	if b.Method == "" && !b.AllMembers {
		b.Method = defaultMethod(b.Seats)
	}
	return b
}

func (d *decoder) office(n *yaml.Node, field string) *Office {
	o := &Office{Seats: 1, TermMonths: defaultTermMonths, Line: n.Line}
	d.fields(n, field, handlers{
		"unit!":             func(v *yaml.Node, f string) { d.str(v, f, &o.Unit) },
		"name!":             func(v *yaml.Node, f string) { d.str(v, f, &o.Name) },
		"seats":             func(v *yaml.Node, f string) { d.whole(v, f, 1, &o.Seats) },
		"method":            func(v *yaml.Node, f string) { d.oneOf(v, f, Methods, &o.Method) },
		"term_months":       func(v *yaml.Node, f string) { d.whole(v, f, 1, &o.TermMonths) },
		"term_limit":        func(v *yaml.Node, f string) { d.whole(v, f, 0, &o.TermLimit) },
		"pay":               func(v *yaml.Node, f string) { o.Pay = d.pay(v, f) },
		"incompatible_with": func(v *yaml.Node, f string) { d.texts(v, f, &o.IncompatibleWith) },
	})
	if o.Method == "" {
		o.Method = defaultMethod(o.Seats)
	}
	return o
}

func defaultMethod(seats int) string {
	if seats > 1 {
		return "stv-meek"
	}
	return "irv"
}

var (
	amountSyntax   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{1,12}(\.[0-9]{1,2})?$`) })
	currencySyntax = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z]{3}$`) })
)

func (d *decoder) pay(n *yaml.Node, field string) *Pay {
	p := &Pay{}
	d.fields(n, field, handlers{
		"amount!": func(v *yaml.Node, f string) {
			whole, frac, _ := strings.Cut(v.Value, ".")
			if v.Kind != yaml.ScalarNode || !amountSyntax().MatchString(v.Value) {
				d.fail(v.Line, f, "must be an amount such as 1200 or 1200.50, not %q", v.Value)
				return
			}
			units, _ := strconv.ParseInt(whole, 10, 64)
			cents, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
			p.Minor = units*100 + cents
		},
		"currency!": func(v *yaml.Node, f string) {
			d.str(v, f, &p.Currency)
			if p.Currency != "" && !currencySyntax().MatchString(p.Currency) {
				d.fail(v.Line, f, "must be a three-letter currency code such as EUR, not %q", p.Currency)
			}
		},
		"period!": func(v *yaml.Node, f string) { d.oneOf(v, f, Periods, &p.Period) },
	})
	return p
}

func (d *decoder) thresholds(n *yaml.Node, field string, t *Thresholds) {
	d.fields(n, field, handlers{
		"recall_petition": func(v *yaml.Node, f string) { d.percent(v, f, &t.RecallPetition) },
		"motion_support":  func(v *yaml.Node, f string) { d.percent(v, f, &t.MotionSupport) },
		"quorum":          func(v *yaml.Node, f string) { d.percent(v, f, &t.Quorum) },
		"recall_vote":     func(v *yaml.Node, f string) { d.voteRule(v, f, &t.RecallVote) },
	})
}

var majorities = []string{"majority", "two-thirds"}

// voteRule reads "majority", or {majority: two-thirds, turnout: 30%}.
func (d *decoder) voteRule(n *yaml.Node, field string, r *VoteRule) {
	if n.Kind == yaml.ScalarNode {
		d.oneOf(n, field, majorities, &r.Majority)
		return
	}
	d.fields(n, field, handlers{
		"majority!": func(v *yaml.Node, f string) { d.oneOf(v, f, majorities, &r.Majority) },
		"turnout":   func(v *yaml.Node, f string) { d.percent(v, f, &r.Turnout) },
	})
}

var minCandidatesSyntax = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^seats\s*\+\s*([0-9]+)$`) })

func (d *decoder) nominations(n *yaml.Node, field string, nom *Nominations) {
	d.fields(n, field, handlers{
		"min_candidates": func(v *yaml.Node, f string) {
			m := minCandidatesSyntax().FindStringSubmatch(strings.TrimSpace(v.Value))
			extra := 0
			if m != nil {
				extra, _ = strconv.Atoi(m[1])
			}
			if v.Kind != yaml.ScalarNode || extra < 1 || extra > 100 {
				d.fail(v.Line, f, "must be seats+N with N at least 1: an election needs more candidates than seats (rule R2), not %q", v.Value)
				return
			}
			nom.MinCandidatesOverSeats = extra
		},
		"extension_days": func(v *yaml.Node, f string) { d.whole(v, f, 1, &nom.ExtensionDays) },
		"seconders":      func(v *yaml.Node, f string) { d.whole(v, f, 0, &nom.Seconders) },
	})
}

func (d *decoder) mandate(n *yaml.Node, field string) *Mandate {
	m := &Mandate{Line: n.Line}
	d.fields(n, field, handlers{
		"office!": func(v *yaml.Node, f string) { d.str(v, f, &m.Office) },
		"unit!":   func(v *yaml.Node, f string) { d.str(v, f, &m.Unit) },
		"member!": func(v *yaml.Node, f string) { d.str(v, f, &m.Member) },
		"ends!":   func(v *yaml.Node, f string) { d.date(v, f, &m.Ends) },
	})
	return m
}

func (d *decoder) recall(n *yaml.Node, field string, r *Recall) {
	d.fields(n, field, handlers{
		"petition_days":    func(v *yaml.Node, f string) { d.whole(v, f, 1, &r.PetitionDays) },
		"cooling_off_days": func(v *yaml.Node, f string) { d.whole(v, f, 0, &r.CoolingOffDays) },
		"show_signers":     func(v *yaml.Node, f string) { d.boolean(v, f, &r.ShowSigners) },
		"campaign_days":    func(v *yaml.Node, f string) { d.whole(v, f, 1, &r.CampaignDays) },
		"voting_days":      func(v *yaml.Node, f string) { d.whole(v, f, 1, &r.VotingDays) },
	})
}

func (d *decoder) referendums(n *yaml.Node, field string, r *Referendums) {
	d.fields(n, field, handlers{
		"demand": func(v *yaml.Node, f string) {
			if d.percent(v, f, &r.Demand); r.Demand == 0 {
				d.fail(v.Line, f, "must be more than 0%%: a referendum on demand needs signatures")
			}
		},
		"demand_days":   func(v *yaml.Node, f string) { d.whole(v, f, 1, &r.DemandDays) },
		"constitution":  func(v *yaml.Node, f string) { d.boolean(v, f, &r.Constitution) },
		"campaign_days": func(v *yaml.Node, f string) { d.whole(v, f, 1, &r.CampaignDays) },
		"voting_days":   func(v *yaml.Node, f string) { d.whole(v, f, 1, &r.VotingDays) },
		"vote":          func(v *yaml.Node, f string) { d.voteRule(v, f, &r.Vote) },
	})
}

var recordAudiences = []string{"public", "members"}

func (d *decoder) supervision(n *yaml.Node, field string, s *Supervision) {
	d.fields(n, field, handlers{
		"records": func(v *yaml.Node, f string) {
			var who string
			d.oneOf(v, f, recordAudiences, &who)
			s.MembersOnly = who == "members"
		},
		"resign_days": func(v *yaml.Node, f string) { d.whole(v, f, 1, &s.ResignDays) },
	})
}
