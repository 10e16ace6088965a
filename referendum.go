package plenum

import (
	"context"
	"strconv"
	"time"

	"plenum/constitution"
)

// ReferendumID identifies a referendum.
type ReferendumID int64

func (id ReferendumID) String() string { return strconv.FormatInt(int64(id), 10) }

// YesNoMethod is the counting method of the elections that ask yes or no:
// recall votes and referendums.
const YesNoMethod = "referendum"

// ReferendumStatus is where a referendum stands.
type ReferendumStatus string

const (
	ReferendumDemand    ReferendumStatus = "demand"    // members sign the demand until its deadline
	ReferendumVoting    ReferendumStatus = "voting"    // called: its election runs
	ReferendumAdopted   ReferendumStatus = "adopted"   // the members adopted the motion
	ReferendumRejected  ReferendumStatus = "rejected"  // the members rejected it, or too few voted
	ReferendumLapsed    ReferendumStatus = "lapsed"    // the demand's deadline passed short of its signatures
	ReferendumOvertaken ReferendumStatus = "overtaken" // the motion left the agenda before the demand succeeded
)

// How a referendum came to be called.
const (
	ViaDemand       = "demand"       // signatures of the constitution's share of the unit's members
	ViaReferral     = "referral"     // a decision of the competent body (kind "referendum")
	ViaConstitution = "constitution" // the constitution puts its own changes to the members
)

// Referendum puts a motion to the vote of all the active members of its
// unit by secret ballot, in an election that asks yes or no (rule R3: the
// same booth, trustees, tally and verifiable record as elections). The
// members decide instead of the body: on the certified result the motion is
// adopted or rejected.
//
// A referendum on demand starts as a demand that members sign. Its
// threshold is fixed when it opens, as a recall petition's is: the
// constitution's referendums.demand share of the unit's active members then,
// at least one signature.
type Referendum struct {
	ID         ReferendumID
	Org        OrgID
	Motion     MotionID
	Unit       UnitID // the motion's unit: its active members sign and vote
	Body       BodyID // the body the motion was before
	Via        string // ViaDemand, ViaReferral, ViaConstitution
	Opener     MemberID
	Referral   DecisionID // the body's decision to refer it, for ViaReferral
	Eligible   int        // active members of the unit when the demand opened
	Needed     int        // signatures the demand needs
	Signatures int
	Status     ReferendumStatus
	Opened     time.Time
	Deadline   time.Time // a demand takes signatures until then
	Closed     time.Time // when the result was applied, or the demand lapsed
	Election   ElectionID
	Rule       VoteRule // fixed when the referendum is called
	Yes, No    int
	Voters     int // the electorate of the vote, for the turnout
}

// Open reports whether r is a demand gathering signatures or a vote under way.
func (r *Referendum) Open() bool {
	return r.Status == ReferendumDemand || r.Status == ReferendumVoting
}

// VoteRule is what a yes/no vote needs to pass: a majority of the votes
// cast ("majority": more than half; "two-thirds": at least two thirds) and
// a turnout, a share of the electorate (0 for none).
type VoteRule struct {
	Majority string
	Turnout  constitution.Percent
}

func voteRule(r constitution.VoteRule) VoteRule {
	return VoteRule{Majority: r.Majority, Turnout: r.Turnout}
}

// passes reports whether yes and no votes of an electorate of voters pass
// under rule r.
func (r VoteRule) passes(yes, no, voters int) bool {
	cast := yes + no
	if cast == 0 || cast < r.Turnout.Of(voters) {
		return false
	}
	if r.Majority == "two-thirds" {
		return 3*yes >= 2*cast
	}
	return 2*yes > cast
}

// ReferendumStore keeps referendums and the signatures of their demands.
type ReferendumStore interface {
	CreateReferendum(ctx context.Context, r *Referendum) error // sets r.ID
	Referendum(ctx context.Context, id ReferendumID) (*Referendum, error)
	// UpdateReferendum stores r's status, closing time, election, rule and result.
	UpdateReferendum(ctx context.Context, r *Referendum) error
	// MotionReferendums lists a motion's referendums and demands, newest first.
	MotionReferendums(ctx context.Context, motion MotionID) ([]*Referendum, error)
	// ElectionReferendum returns the referendum an election holds; NotFound if none.
	ElectionReferendum(ctx context.Context, election ElectionID) (*Referendum, error)
	// LapsingDemands lists the demands still open whose deadline is at or
	// before at, oldest deadline first.
	LapsingDemands(ctx context.Context, at time.Time, limit int) ([]*Referendum, error)
	// SignDemand records member's signature on a demand and counts it;
	// Conflict if they signed it.
	SignDemand(ctx context.Context, id ReferendumID, member MemberID, at time.Time) error
	// DemandSigned returns when member signed the demand; zero if they did not.
	DemandSigned(ctx context.Context, id ReferendumID, member MemberID) (time.Time, error)
}
