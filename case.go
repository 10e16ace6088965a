package plenum

import (
	"context"
	"strconv"
	"time"
)

// CaseID identifies a disciplinary case.
type CaseID int64

func (id CaseID) String() string { return strconv.FormatInt(int64(id), 10) }

// CaseStatus is where a case stands (rule R10).
type CaseStatus string

const (
	CaseFiled     CaseStatus = "filed"     // charges filed; the control body admits or dismisses them
	CaseDismissed CaseStatus = "dismissed" // not admitted, with reasons; final
	CaseAdmitted  CaseStatus = "admitted"  // the accused has the reply period; then the hearing and the decision
	CaseDecided   CaseStatus = "decided"   // the hearing body decided; the appeal period runs
	CaseAppealed  CaseStatus = "appealed"  // the appeal body hears the case again
	CaseClosed    CaseStatus = "closed"    // final: the appeal period passed or the appeal was decided
)

// Outcomes of a case's decision.
const (
	NotProven = "not_proven"
	Proven    = "proven"
)

// Outcomes of an appeal, set by comparing the appeal's verdict with the first.
const (
	AppealUpheld     = "upheld"     // the same outcome and sanction
	AppealVaried     = "varied"     // proven still, another sanction
	AppealOverturned = "overturned" // the other outcome
)

// Case is a disciplinary case against one member: no collective cases.
type Case struct {
	ID         CaseID
	Org        OrgID
	Unit       UnitID // the unit whose control body hears the case
	Body       BodyID // that control body
	AppealBody BodyID // the next level's body; zero when the decision is final
	Accused    MemberID
	// MemberUnit is the accused's unit when the case was filed: the unit
	// whose statistics count the case.
	MemberUnit UnitID
	Accusers   []MemberID // the first filed the charges; none is anonymous
	Provisions []string   // the constitution's provisions the charges cite
	Charges    string     // Markdown
	Related    CaseID     // a case about false charges refers to the original; zero for none
	Status     CaseStatus
	Opened     time.Time

	Admission *Verdict  // the control body's admission or dismissal
	ReplyDue  time.Time // end of the reply period, set on admission
	Reply     string    // the accused's written reply
	Replied   time.Time
	Assistant MemberID // a member the accused named to assist them; zero for none
	Minutes   string   // minutes of the hearing
	Heard     time.Time

	Verdict   *Verdict  // the hearing body's decision
	AppealDue time.Time // end of the appeal period
	Appellant MemberID
	Grounds   string // of the appeal
	Appealed  time.Time
	Appeal    *Verdict // the appeal body's decision
	Interim   *Verdict // the interim measure in force, if any
	// Proposals are the rulings put to a body's vote, in order; a decision
	// of kind "case" names its proposal by number (1 for the first).
	Proposals []*Verdict

	// Due is when the case's next step by the clock comes: the sanction
	// taking effect at the end of the appeal period, a suspension or an
	// interim measure ending. Zero when nothing waits.
	Due time.Time
	// Effective is when the sanction took effect; zero before or without one.
	Effective time.Time
}

// Verdict is one decision of a body on a case, adopted by its vote.
type Verdict struct {
	Step     string     `json:"step"`               // one of the Step constants
	Decision int64      `json:"decision"`           // the body's decision (C1) that adopted it
	Outcome  string     `json:"outcome"`            // admitted/dismissed; not_proven/proven; interim
	Sanction string     `json:"sanction,omitempty"` // the name of a sanction of the constitution's list
	Months   int        `json:"months,omitempty"`   // of a suspension
	Term     TermID     `json:"term,omitempty"`     // the term a sanction of effect "office" ends
	Until    time.Time  `json:"until,omitzero"`     // the end of an interim measure
	Reasons  string     `json:"reasons"`
	Recused  []MemberID `json:"recused,omitempty"`
	At       time.Time  `json:"at"`
}

// Steps of a case that bodies decide.
const (
	StepAdmission = "admission" // admit or dismiss the charges
	StepVerdict   = "verdict"   // not proven, or proven with a sanction
	StepInterim   = "interim"   // a suspension until the decision, where allowed
	StepAppeal    = "appeal"    // the appeal body's verdict
)

// Final returns the verdict that stands: the appeal's when there is one.
func (c *Case) Final() *Verdict {
	if c.Appeal != nil {
		return c.Appeal
	}
	return c.Verdict
}

// AppealOutcome is how the appeal ended: upheld, varied or overturned; ""
// without an appeal verdict.
func (c *Case) AppealOutcome() string {
	switch {
	case c.Appeal == nil || c.Verdict == nil:
		return ""
	case c.Appeal.Outcome != c.Verdict.Outcome:
		return AppealOverturned
	case c.Appeal.Sanction != c.Verdict.Sanction || c.Appeal.Months != c.Verdict.Months:
		return AppealVaried
	}
	return AppealUpheld
}

// Party reports whether m is the accused, an accuser or the accused's assistant.
func (c *Case) Party(m MemberID) bool {
	return m == c.Accused || (c.Assistant != 0 && m == c.Assistant) || c.isAccuser(m)
}

// Evidence is a file a party attached to a case.
type Evidence struct {
	ID     int64
	Case   CaseID
	By     MemberID
	Name   string // the file name as given, for download
	Type   string // one of EvidenceTypes
	Size   int64
	SHA256 []byte
	Added  time.Time
	Data   []byte // nil in lists
}

// CaseStats counts the cases of the members of a unit's subtree.
type CaseStats struct {
	Opened, Dismissed, Proven, NotProven, Overturned int
}

// CaseStore keeps cases, their accusers and evidence.
type CaseStore interface {
	CreateCase(ctx context.Context, c *Case) error // sets c.ID; stores c.Accusers
	Case(ctx context.Context, id CaseID) (*Case, error)
	// UpdateCase stores everything of c but its accusers.
	UpdateCase(ctx context.Context, c *Case) error
	// AddAccuser adds a member to the accusers; Conflict if they are one.
	AddAccuser(ctx context.Context, id CaseID, m MemberID) error
	// UnitCases lists one page of the cases of the members of a unit's
	// subtree, newest first, with IDs below before (0: from the newest).
	UnitCases(ctx context.Context, unit UnitID, before CaseID, limit int) ([]*Case, error)
	// AccuserCases lists the cases a member brought, newest first.
	AccuserCases(ctx context.Context, m MemberID, before CaseID, limit int) ([]*Case, error)
	// DueCases lists cases whose Due has come by now, oldest due first.
	DueCases(ctx context.Context, now time.Time, limit int) ([]*Case, error)
	UnitCaseStats(ctx context.Context, unit UnitID) (CaseStats, error)

	AddEvidence(ctx context.Context, e *Evidence) error // sets e.ID
	// CaseEvidence lists a case's files without their data, oldest first.
	CaseEvidence(ctx context.Context, id CaseID) ([]*Evidence, error)
	// EvidenceFile returns one file with its data.
	EvidenceFile(ctx context.Context, id CaseID, file int64) (*Evidence, error)

	// SetMemberStatus sets the status of every membership of m. Only a
	// decided case calls it (rule R10): see cases.go.
	SetMemberStatus(ctx context.Context, m MemberID, s Status, since time.Time) error
}
