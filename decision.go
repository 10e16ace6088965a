package plenum

import (
	"context"
	"encoding/json"
	"strconv"
	"time"
)

// DecisionID identifies a decision of a body.
type DecisionID int64

func (id DecisionID) String() string { return strconv.FormatInt(int64(id), 10) }

// DecisionStatus is where a decision stands: it is voted on, then closed
// with one of the other statuses, for good.
type DecisionStatus string

const (
	DecisionVoting    DecisionStatus = "voting"
	DecisionAdopted   DecisionStatus = "adopted"
	DecisionRejected  DecisionStatus = "rejected"
	DecisionFailed    DecisionStatus = "failed" // too few votes for the quorum
	DecisionWithdrawn DecisionStatus = "withdrawn"
)

// The choices of a vote on a decision.
const (
	VoteYes     = "yes"
	VoteNo      = "no"
	VoteAbstain = "abstain"
)

// Decision is a vote of a body's members on a proposal (R7). Adopting it
// may have an effect, applied in the transaction that closes the vote and
// chosen by its Kind (see decisionKinds).
type Decision struct {
	ID      DecisionID
	Org     OrgID
	Body    BodyID
	Unit    UnitID          // the body's unit
	Kind    string          // what adopting it does: "resolution", "motion", "pay", "case", ...
	Subject string          // what it is about: "office:12", "case:3", "motion:7"; may be empty
	Title   string          // one line
	Text    string          // Markdown
	Payload json.RawMessage // what the Kind's effect needs; nil for none
	// Meeting is the meeting the vote is taken in, zero for a vote by
	// correspondence: in a meeting, only members present vote, and the
	// quorum is counted from the attendance.
	Meeting MeetingID
	// Secret decisions have no roll call. They are voted by secret
	// ballot in Election, whose certified totals close them; one opened
	// before there was a ballot for them (Election zero) kept who voted
	// and the tally, not how each voted.
	Secret   bool
	Election ElectionID // the secret ballot of a secret decision; zero otherwise
	// Internal decisions (a disciplinary case, say) are seen by the
	// members of the unit only, and their record entries are internal.
	Internal bool
	Status   DecisionStatus
	Recused  []MemberID // body members excluded from this decision; the quorum is computed without them
	Yes      int
	No       int
	Abstain  int
	Votes    []DecisionVote // the roll call, in the order cast; empty when Secret
	Quorum   QuorumFigures  // set when the decision closes
	Dissents []Dissent      // filled for viewers who see the unit's internal matters (R8)
	Proposer MemberID       // zero when plenum or the command line proposed it
	Opened   time.Time
	Deadline time.Time // the vote closes then, or earlier once every voter has voted
	Closed   time.Time // zero while voting
}

// Voted is how many votes were cast, abstentions included.
func (d *Decision) Voted() int { return d.Yes + d.No + d.Abstain }

// IsClosed reports whether the vote is over.
func (d *Decision) IsClosed() bool { return d.Status != DecisionVoting }

// DecisionVote is one member's vote on a decision. Choice is empty for a
// secret decision: the store keeps that the member voted, not how.
type DecisionVote struct {
	Decision DecisionID
	Member   MemberID
	Choice   string // VoteYes, VoteNo, VoteAbstain; "" when secret
	Cast     time.Time
}

// QuorumFigures are the numbers a decision's quorum was checked with, kept
// with the decision so that anyone can see why it stood or failed.
type QuorumFigures struct {
	Seats    int // who could vote: the body's seats, or the active members of an assembly's unit
	Recused  int // of those, excluded from this decision
	Eligible int // members who may vote now: seats held, less the recused
	Percent  int // the constitution's quorum, in hundredths of a percent
	Needed   int // votes (or members present) needed: Percent of Seats - Recused
	Voted    int // votes cast, abstentions included
	Present  int // in a meeting: members present who may vote; the quorum is checked on them
	Met      bool
}

// Dissent is a note a member of the minority attaches to a decision (R8):
// seen by the members of the unit only, never on public pages.
type Dissent struct {
	Decision DecisionID
	Member   MemberID
	Name     string // the member's name, filled when read
	Text     string // plain text
	Created  time.Time
}

// DecisionQuery selects one page of a body's decisions, newest first.
type DecisionQuery struct {
	Body     BodyID
	Before   DecisionID // keyset: decisions with an ID below it; 0 for the newest
	Limit    int
	Internal bool // include internal decisions
}

// DecisionStore keeps decisions, their votes and dissent notes.
type DecisionStore interface {
	CreateDecision(ctx context.Context, d *Decision) error // sets d.ID; stores every field but the votes and dissents
	// Decision returns a decision without its votes and dissents.
	Decision(ctx context.Context, id DecisionID) (*Decision, error)
	// UpdateDecision stores d's status, tally, quorum figures, closing
	// time, deadline and election.
	UpdateDecision(ctx context.Context, d *Decision) error
	// AddDecisionVote stores a vote; Conflict if the member has voted.
	AddDecisionVote(ctx context.Context, v *DecisionVote) error
	// DecisionVotes lists a decision's votes in the order cast.
	DecisionVotes(ctx context.Context, id DecisionID) ([]DecisionVote, error)
	// BodyDecisions lists one page of a body's decisions, newest first.
	BodyDecisions(ctx context.Context, q DecisionQuery) ([]*Decision, error)
	// SubjectDecisions lists the decisions about subject, newest first.
	SubjectDecisions(ctx context.Context, subject string) ([]*Decision, error)
	// MemberDecisionVotes lists up to limit roll-call votes of a member
	// (secret decisions left out), newest first, with votes cast before
	// before (zero: the newest).
	MemberDecisionVotes(ctx context.Context, member MemberID, before time.Time, limit int) ([]DecisionVote, error)
	// DueDecisions lists the decisions still voting whose deadline is at or
	// before at, oldest deadline first; not those voted by secret ballot
	// (Election set), which their certification closes.
	DueDecisions(ctx context.Context, at time.Time, limit int) ([]*Decision, error)
	// AddDissent stores a dissent note; Conflict if the member has one on
	// that decision.
	AddDissent(ctx context.Context, d *Dissent) error
	// Dissents lists a decision's dissent notes, oldest first, with names.
	Dissents(ctx context.Context, id DecisionID) ([]Dissent, error)
	// ActiveMembers counts the members with an active membership in unit's
	// subtree (the voters of an assembly).
	ActiveMembers(ctx context.Context, unit UnitID) (int, error)
}
