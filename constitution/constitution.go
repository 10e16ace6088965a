// Package constitution reads and checks an organization's constitution: the one
// declarative YAML file that holds its units, bodies, offices, thresholds and
// the rules the software enforces (DESIGN.md, section 2).
//
// Parse reports every problem it finds, each with the file, line and field, so
// that a secretary can fix a file in one pass. It does no I/O.
package constitution

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Constitution is a parsed and checked constitution.
type Constitution struct {
	Name        string
	Units       []*Unit // roots of the tree
	Bodies      []*Body
	Offices     []*Office
	Thresholds  Thresholds
	Nominations Nominations
	Motions     Motions
	Trustees    Trustees
	// ElectionCommissions name the body that holds and certifies the
	// elections of each unit (see Commission); parents before children.
	ElectionCommissions []*Commission
	Voting              Voting
	Recall              Recall
	Referendums         Referendums
	Supervision         Supervision
	FoundingMandates    []*Mandate
	Cases               Cases
}

// Unit is a node of the organization's tree.
type Unit struct {
	Name     string
	Path     string // names from the root, joined by "/": "Riverside/North branch"
	Parent   *Unit
	Children []*Unit
	Line     int
}

// Body is a collective organ, instantiated at every unit that Unit names.
type Body struct {
	Unit       string // a unit reference (see Resolve)
	Name       string
	Seats      int  // elected seats; 0 for a body of all the unit's members
	AllMembers bool // an assembly of all members of the unit
	Method     string
	TermMonths int
	TermLimit  int // consecutive terms; 0 for no limit
	Line       int
}

// Office is a named post (secretary, treasurer), at every unit that Unit names.
type Office struct {
	Unit             string
	Name             string
	Seats            int
	Method           string
	TermMonths       int
	TermLimit        int
	Pay              *Pay     // nil when the office is unpaid
	IncompatibleWith []string // names of offices and bodies it may not be held with
	Line             int
}

// Pay is what an office pays, published (rule R9).
type Pay struct {
	Minor    int64  // amount in hundredths of the currency unit
	Currency string // ISO 4217 code, e.g. EUR
	Period   string // one of Periods
}

// Periods are the periods pay may be given for.
var Periods = []string{"hour", "meeting", "week", "month", "year"}

// Percent is a share in hundredths of a percent: 20% is 2000.
type Percent int

// Of returns the smallest whole number that is at least p of n.
func (p Percent) Of(n int) int { return (n*int(p) + 9999) / 10000 }

// String writes p as the constitution does: "20%", "12.5%".
func (p Percent) String() string { return strconv.FormatFloat(float64(p)/100, 'f', -1, 64) + "%" }

// Thresholds are the shares the constitution sets for its procedures.
type Thresholds struct {
	RecallPetition Percent // signatures, of the electorate that elected the holder
	MotionSupport  Percent // supporters, of the unit's members
	Quorum         Percent // of a body's seats
	RecallVote     VoteRule
}

// VoteRule is the majority a yes/no vote needs, and the turnout without which
// it fails.
type VoteRule struct {
	Majority string  // "majority" (more than half of votes cast) or "two-thirds"
	Turnout  Percent // of the electorate; 0 for none
}

// Recall is how recall petitions and recall votes run (rule R5); the
// thresholds are in Thresholds.
type Recall struct {
	PetitionDays   int  // how long a petition gathers signatures
	CoolingOffDays int  // after a failed recall, no new petition against the same holder; 0 for none
	ShowSigners    bool // the holder's electorate sees who signed; else only the count is shown
	CampaignDays   int  // from the petition's success to the opening of the recall vote
	VotingDays     int
}

// Referendums are when and how a motion is put to all the active members
// of its unit by secret ballot, and what it needs to pass.
type Referendums struct {
	// Demand is the share of the unit's active members whose signatures
	// put a motion on a body's agenda to a referendum, counted when the
	// demand opens; DemandDays how long the demand gathers them.
	Demand     Percent
	DemandDays int
	// Constitution: every change of the constitution is decided by
	// referendum, not by the body's vote.
	Constitution bool
	CampaignDays int // from the call to the opening of the vote
	VotingDays   int
	Vote         VoteRule // the majority of votes cast and the turnout a motion needs
}

// Supervision is who sees representatives' records and how long a member
// who holds incompatible offices has to resign one (rules R4 and R9).
type Supervision struct {
	MembersOnly bool // record pages for members of the organization only; else public
	ResignDays  int
}

// Nominations are the rules that keep elections contested (rule R2).
type Nominations struct {
	MinCandidatesOverSeats int // at least seats + this many candidates; 1 or more
	ExtensionDays          int // nominations reopen for this long when too few stand
	Seconders              int // members besides the nominator who must second a nomination; 0 for none
}

// Motions are the rules of members' motions (rule R6).
type Motions struct {
	SupportDays int // a motion that does not gather its support within this many days lapses
	DecideDays  int // the body must decide an admitted motion within this many days
	// ReconsiderationSupport is the support a motion to reconsider a
	// decision needs, of the unit's members (R8).
	ReconsiderationSupport Percent
}

// Trustees are the election key's holders: the first Count seat holders
// of the election commission, or the members it names; Threshold of them
// are needed to decrypt. A step of the key ceremony, or the mix-net of
// ranked ballots, waits DeadlineHours for every trustee; then it goes on
// with those who took it, if they are at least Threshold.
type Trustees struct {
	Count, Threshold int
	DeadlineHours    int
}

// Voting are the rules of casting a secret ballot.
type Voting struct {
	// Revote lets a voter cast again while the vote is open, the last
	// ballot counting; by default a second ballot is refused.
	Revote bool
	// SecretDecisions are the kinds of decision of bodies (personnel
	// matters: who chairs, what an office pays) always voted by secret
	// ballot instead of roll call; a case's are set by Cases.Secret.
	SecretDecisions []string
}

// SecretKinds are the kinds of decision Voting.SecretDecisions may name.
var SecretKinds = []string{"resolution", "motion", "amendment", "chair", "minutes", "pay", "hide_comment", "statement", "referendum"}

// SecretDecision reports whether the constitution has bodies vote
// decisions of kind by secret ballot.
func (c *Constitution) SecretDecision(kind string) bool {
	return slices.Contains(c.Voting.SecretDecisions, kind)
}

// Mandate is an office held when the organization moved onto plenum (rule R1).
type Mandate struct {
	Office string
	Unit   string // a unit reference naming exactly one unit
	Member string // the holder's email address
	Ends   time.Time
	Line   int
}

// Methods are the counting methods a body or office may be elected by.
var Methods = []string{"plurality", "block", "approval", "irv", "stv-scottish", "stv-wigm", "stv-meek", "schulze", "ranked-pairs"}

// AllUnits returns every unit, parents before children.
func (c *Constitution) AllUnits() []*Unit {
	var all []*Unit
	var walk func([]*Unit)
	walk = func(us []*Unit) {
		for _, u := range us {
			all = append(all, u)
			walk(u.Children)
		}
	}
	walk(c.Units)
	return all
}

// Leaves returns the units without children, where members belong.
func (c *Constitution) Leaves() []*Unit {
	var leaves []*Unit
	for _, u := range c.AllUnits() {
		if len(u.Children) == 0 {
			leaves = append(leaves, u)
		}
	}
	return leaves
}

// Resolve returns the units a unit reference names: a full path
// ("Riverside/North branch"), a unit name, or a glob on names ("*branch") or
// on paths ("Riverside/*").
// Parse has checked that every reference in the file names at least one unit,
// and that a plain name names only one.
func (c *Constitution) Resolve(ref string) []*Unit {
	var found []*Unit
	for _, u := range c.AllUnits() {
		target := u.Name
		if strings.Contains(ref, "/") {
			target = u.Path
		}
		if ok, _ := path.Match(ref, target); ok && (isGlob(ref) || ref == target) {
			found = append(found, u)
		}
	}
	return found
}

// Unit returns the unit with the given path, or nil.
func (c *Constitution) Unit(path string) *Unit {
	for _, u := range c.AllUnits() {
		if u.Path == path {
			return u
		}
	}
	return nil
}

func isGlob(ref string) bool { return strings.ContainsAny(ref, "*?[") }
