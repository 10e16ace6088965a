package plenum

import (
	"context"
	"crypto/ed25519"
	"time"

	"plenum/record"
)

// Store is the persistence the domain needs; package sqlstore implements it
// on SQLite and PostgreSQL. The web layer goes through App, which checks
// authorization and appends the record; only the command line reads the
// store directly, to verify and export the whole record.
type Store interface {
	// Update runs fn in a read-write transaction, committed when fn returns
	// nil and rolled back otherwise. Transactions that append to the record
	// are serialized (see RecordStore.RecordHead).
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Tx) error) error
}

// Tx is one transaction. Methods return *Error values of kind NotFound when
// a thing does not exist and Conflict when a uniqueness rule is broken; any
// other failure is Internal.
type Tx interface {
	OrgStore
	MemberStore
	AccountStore
	RecordStore
	OutboxStore
	ArticleStore
	LanguageStore
	ElectionStore
	BallotStore
	CaseStore
	PayStore
	RecallStore
	IncompatibilityStore
	NoticeStore
	DecisionStore
	MotionStore
	ReferendumStore
	ConstitutionStore
	MeetingStore
}

// OrgStore keeps organizations, their unit trees, bodies, offices and terms.
type OrgStore interface {
	CreateOrg(ctx context.Context, o *Organization) error // sets o.ID; Conflict on a taken slug
	Org(ctx context.Context, id OrgID) (*Organization, error)
	OrgBySlug(ctx context.Context, slug string) (*Organization, error)
	Orgs(ctx context.Context) ([]*Organization, error) // by name

	// CreateUnit sets u.ID and u.Depth and keeps the ancestor index; the
	// parent, if any, must exist and is no longer a leaf.
	CreateUnit(ctx context.Context, u *Unit) error
	Unit(ctx context.Context, id UnitID) (*Unit, error)
	UnitByPath(ctx context.Context, org OrgID, path string) (*Unit, error)
	Units(ctx context.Context, org OrgID) ([]*Unit, error)      // ordered by path
	ChildUnits(ctx context.Context, id UnitID) ([]*Unit, error) // ordered by name
	Ancestors(ctx context.Context, id UnitID) ([]*Unit, error)  // root first, without the unit itself

	CreateBody(ctx context.Context, b *Body) error // sets b.ID
	Body(ctx context.Context, id BodyID) (*Body, error)
	Bodies(ctx context.Context, unit UnitID) ([]*Body, error) // ordered by name

	CreateOffice(ctx context.Context, o *Office) error // sets o.ID
	Office(ctx context.Context, id OfficeID) (*Office, error)
	Offices(ctx context.Context, unit UnitID) ([]*Office, error) // ordered by name

	CreateTerm(ctx context.Context, t *Term) error // sets t.ID
	// CurrentTerms lists the terms of an office that run at time at, by start.
	CurrentTerms(ctx context.Context, office OfficeID, at time.Time) ([]*Term, error)
	// MemberTerms lists every term a member held or holds, newest first.
	MemberTerms(ctx context.Context, member MemberID) ([]*Term, error)
}

// MemberStore keeps members and their memberships, and the directory index:
// one row per member and unit of the member's leaf units and their
// ancestors, so that listing the members of any unit's subtree is one index
// range however large the organization.
type MemberStore interface {
	// CreateMembers inserts members with their memberships and sets their
	// IDs; Conflict names the first email or member number already taken.
	CreateMembers(ctx context.Context, ms []*Member) error
	Member(ctx context.Context, id MemberID) (*Member, error)
	MemberByEmail(ctx context.Context, org OrgID, email string) (*Member, error)
	// TakenEmails returns those of emails that members of org already use.
	TakenEmails(ctx context.Context, org OrgID, emails []string) ([]string, error)
	// TakenNumbers returns those of numbers that members of org already use.
	TakenNumbers(ctx context.Context, org OrgID, numbers []string) ([]string, error)
	// Directory lists the members of a unit's subtree in SortKey order.
	Directory(ctx context.Context, q DirectoryQuery) ([]*Member, error)
}

// DirectoryQuery selects one page of a unit's member directory.
type DirectoryQuery struct {
	Unit   UnitID
	Prefix string // only members whose SortKey starts with it
	After  Cursor // keyset: members after this one
	Limit  int
}

// Cursor is a position in the member directory.
type Cursor struct {
	Key    string
	Member MemberID
}

// AccountStore keeps accounts, invitations and sessions.
type AccountStore interface {
	CreateAccount(ctx context.Context, a *Account) error // sets a.ID; Conflict on a taken email or member
	Account(ctx context.Context, id AccountID) (*Account, error)
	AccountByEmail(ctx context.Context, email string) (*Account, error)
	AccountOfMember(ctx context.Context, m MemberID) (*Account, error)
	SetPassword(ctx context.Context, id AccountID, hash string) error

	CreateInvitation(ctx context.Context, inv *Invitation) error // sets inv.ID
	InvitationByToken(ctx context.Context, tokenHash []byte) (*Invitation, error)
	// UseInvitation marks an invitation used; Conflict if it already was.
	UseInvitation(ctx context.Context, id int64, at time.Time) error

	CreateSession(ctx context.Context, s *Session) error
	Session(ctx context.Context, tokenHash []byte) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash []byte) error
	// DeleteSessions removes every session of an account (password change).
	DeleteSessions(ctx context.Context, account AccountID) error
	// DeleteExpiredSessions removes the sessions that expired before t.
	DeleteExpiredSessions(ctx context.Context, t time.Time) error
}

// RecordStore keeps the record (R12). Entries are only ever appended.
type RecordStore interface {
	// RecordHead returns the last entry (ok false when the record is empty)
	// and holds the record's append lock until the transaction ends, so that
	// two transactions can never append the same seq: the chain cannot fork.
	RecordHead(ctx context.Context) (e *record.Entry, ok bool, err error)
	// AppendEntry stores e; Conflict if its seq is taken.
	AppendEntry(ctx context.Context, e *record.Entry) error
	// Entries lists one page of the record, newest first: the Limit
	// newest below Before, or, when After is set, the Limit oldest above
	// After (listed newest first all the same).
	Entries(ctx context.Context, q RecordQuery) ([]*record.Entry, error)
	// EachEntry calls fn for every entry in seq order, stopping at its first error.
	EachEntry(ctx context.Context, fn func(*record.Entry) error) error
	// RecordKey returns the public key the record is signed with, ok false
	// before the first append; SetRecordKey sets it once.
	RecordKey(ctx context.Context) (key ed25519.PublicKey, ok bool, err error)
	SetRecordKey(ctx context.Context, key ed25519.PublicKey) error
}

// RecordQuery selects one page of the record.
type RecordQuery struct {
	Org    OrgID  // zero: entries of the whole instance
	Unit   UnitID // zero: any unit
	Type   string // "": any type
	Before int64  // keyset: entries with seq below it; 0 for the newest
	After  int64  // keyset: entries with seq above it, the oldest of them; 0 for none
	Limit  int
	// Internal entries are left out except those of the units listed and,
	// when OrgInternal is set, those of organization Org with no unit.
	OrgInternal   bool
	InternalUnits []UnitID
}
