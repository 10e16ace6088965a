package plenum

import (
	"context"
	"strconv"
	"time"
)

// MotionID, CommentID and AmendmentID identify motions, their debate's
// comments and their amendments.
type (
	MotionID    int64
	CommentID   int64
	AmendmentID int64
)

func (id MotionID) String() string    { return strconv.FormatInt(int64(id), 10) }
func (id CommentID) String() string   { return strconv.FormatInt(int64(id), 10) }
func (id AmendmentID) String() string { return strconv.FormatInt(int64(id), 10) }

// MotionPhase is where a motion stands (R6).
type MotionPhase string

const (
	MotionDraft      MotionPhase = "draft"      // the author writes it; members may co-sponsor it
	MotionSupport    MotionPhase = "support"    // submitted: gathering the support of the unit's members
	MotionAdmitted   MotionPhase = "admitted"   // on the body's agenda: debate and amendments, then the vote
	MotionVoting     MotionPhase = "voting"     // the body votes on it
	MotionReferendum MotionPhase = "referendum" // the unit's members vote on it by secret ballot
	MotionAdopted    MotionPhase = "adopted"    // decided: adopted
	MotionRejected   MotionPhase = "rejected"   // decided: rejected
	MotionWithdrawn  MotionPhase = "withdrawn"  // by its author, before the vote
	MotionLapsed     MotionPhase = "lapsed"     // too little support within the constitution's period
)

// The kinds of motion.
const (
	MotionPlain           = "motion"          // a proposal for the body to decide
	MotionReconsideration = "reconsideration" // to reconsider a decision of the body (R8); members only
	MotionConstitution    = "constitution"    // a new version of the constitution (R7)
)

// Motion is a member's proposal to a body (R6): drafted, co-sponsored,
// supported by members of the body's unit up to the constitution's
// threshold, then on the body's agenda, debated, amended and decided.
// Motions, their debate and amendments are internal matters of the unit;
// what the body decides is public (R8).
type Motion struct {
	ID     MotionID
	Org    OrgID
	Unit   UnitID // the body's unit: its members support and debate
	Body   BodyID // the competent body
	Kind   string // MotionPlain, MotionReconsideration, MotionConstitution
	Title  string
	Text   string // Markdown; for a constitution change, the new YAML
	Reason string // Markdown: why
	// Original is the text as admitted, before amendments.
	Original string
	Author   MemberID
	Phase    MotionPhase
	Tabled   bool       // tabled by a member of the body: straight to the agenda
	Support  int        // supporters, the author and co-sponsors included
	Needed   int        // the support it needs, fixed when submitted
	Target   DecisionID // the decision a reconsideration is about
	Decision DecisionID // the body's vote on it, once put to the vote
	// Flagged is set when the body let DecideBy pass without deciding.
	Flagged      bool
	Created      time.Time
	Submitted    time.Time
	SupportUntil time.Time // it lapses then, unless admitted
	Admitted     time.Time
	DecideBy     time.Time // the body must decide by then
}

// Overdue reports whether the body has let the time to decide pass.
func (m *Motion) Overdue(now time.Time) bool {
	return (m.Phase == MotionAdmitted || m.Phase == MotionVoting) && !m.DecideBy.IsZero() && !now.Before(m.DecideBy)
}

// Open reports whether the motion is still before the body: debate and
// amendments are taken.
func (m *Motion) Open() bool {
	return m.Phase == MotionSupport || m.Phase == MotionAdmitted || m.Phase == MotionVoting || m.Phase == MotionReferendum
}

// Supporter is a member who supports a motion; sponsors signed it as
// co-sponsors while it was a draft.
type Supporter struct {
	Motion  MotionID
	Member  MemberID
	Name    string // filled when read
	Sponsor bool
	At      time.Time
}

// Comment is a post in a motion's debate: a reply to another (Parent), with
// an optional quote of the passage it answers. Comments are edited with
// their history kept and never deleted; a comment is hidden only by a
// decision of a body of the unit, with the reason shown.
type Comment struct {
	ID       CommentID
	Motion   MotionID
	Author   MemberID
	Name     string    // the author's name, filled when read
	Parent   CommentID // zero for a comment on the motion itself
	Quote    string
	Text     string // plain text
	Created  time.Time
	Edited   time.Time  // zero if never edited
	Hidden   DecisionID // the decision that hid it; zero when shown
	Reason   string     // why it was hidden
	Versions []CommentVersion
}

// CommentVersion is an earlier text of an edited comment.
type CommentVersion struct {
	Text  string
	Until time.Time // when it was replaced
}

// AmendmentStatus says where an amendment stands.
type AmendmentStatus string

const (
	AmendmentProposed  AmendmentStatus = "proposed"
	AmendmentVoting    AmendmentStatus = "voting"
	AmendmentAdopted   AmendmentStatus = "adopted"
	AmendmentRejected  AmendmentStatus = "rejected"
	AmendmentLapsed    AmendmentStatus = "lapsed" // its passage no longer occurs once in the text
	AmendmentWithdrawn AmendmentStatus = "withdrawn"
)

// Amendment replaces one passage of a motion's text. The body votes on
// amendments one at a time, in the order they were proposed, before it
// votes on the motion.
type Amendment struct {
	ID          AmendmentID
	Motion      MotionID
	Author      MemberID
	Passage     string // occurs exactly once in the motion's text
	Replacement string // "" deletes the passage
	Reason      string
	Status      AmendmentStatus
	Decision    DecisionID
	Created     time.Time
}

// MotionStore keeps motions, their supporters, debate and amendments.
type MotionStore interface {
	CreateMotion(ctx context.Context, m *Motion) error // sets m.ID
	Motion(ctx context.Context, id MotionID) (*Motion, error)
	// UpdateMotion stores every field of m but its ID, org, unit, body,
	// kind, author, target and creation time.
	UpdateMotion(ctx context.Context, m *Motion) error
	// BodyMotions lists the motions to a body, newest first, drafts left out.
	BodyMotions(ctx context.Context, body BodyID, limit int) ([]*Motion, error)
	// MemberMotions lists the motions a member wrote, newest first.
	MemberMotions(ctx context.Context, member MemberID, limit int) ([]*Motion, error)
	// DueMotions lists the motions to move on at time at: gathering support
	// past SupportUntil, or admitted or voting past DecideBy and not flagged.
	DueMotions(ctx context.Context, at time.Time, limit int) ([]*Motion, error)

	// AddSupporter stores a supporter; Conflict if the member is one.
	AddSupporter(ctx context.Context, s *Supporter) error
	// Supporters lists a motion's supporters in the order they signed, with names.
	Supporters(ctx context.Context, id MotionID) ([]Supporter, error)

	CreateComment(ctx context.Context, c *Comment) error // sets c.ID
	Comment(ctx context.Context, id CommentID) (*Comment, error)
	// UpdateComment stores c's text, edit time and hiding, and keeps the
	// text it replaces as a version when the text changed.
	UpdateComment(ctx context.Context, c *Comment, old string) error
	// Comments lists a motion's comments, oldest first, with names and versions.
	Comments(ctx context.Context, id MotionID) ([]*Comment, error)

	CreateAmendment(ctx context.Context, a *Amendment) error // sets a.ID
	Amendment(ctx context.Context, id AmendmentID) (*Amendment, error)
	UpdateAmendment(ctx context.Context, a *Amendment) error // status and decision
	// Amendments lists a motion's amendments, oldest first.
	Amendments(ctx context.Context, id MotionID) ([]*Amendment, error)
}
