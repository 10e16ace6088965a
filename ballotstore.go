package plenum

import (
	"context"
	"time"
)

// BallotEvent is one event of an election's secret-ballot record (see
// docs/election-record.md): its file, header and items, and the file's
// SHA-256, which the next event names as its parent.
type BallotEvent struct {
	Height int
	Type   string
	File   []byte
	Hash   [32]byte
}

// Voter is a member's line on an election's roll of voters: the public
// credential their ballots are signed with and, when plenum issued it, the
// secret one. Whether and when they voted is shown to them alone.
type Voter struct {
	Election   ElectionID
	Member     MemberID
	Credential [32]byte
	Secret     []byte // nil when the member registered their own credential
	Voted      time.Time
	Ballots    int
}

// BallotTracker is the tracker of a ballot cast or audited in an election,
// and the height of the event that holds it.
type BallotTracker struct {
	Election ElectionID
	Tracker  [32]byte
	Audit    bool
	Height   int
	At       time.Time
}

// TrusteeMessage is what a trustee sent for one step of the key ceremony
// or the tally, kept until it goes into the record in its turn.
type TrusteeMessage struct {
	Election ElectionID
	Trustee  int
	Step     string
	Data     []byte
	Sent     time.Time
}

// BallotStore keeps the secret ballot of elections: their records, trustees,
// voters and trackers.
type BallotStore interface {
	// AppendBallotEvent stores ev; Conflict if its height is taken.
	AppendBallotEvent(ctx context.Context, election ElectionID, ev *BallotEvent) error
	// BallotEvents lists the events of heights [from, to), to < 0 for all, by height.
	BallotEvents(ctx context.Context, election ElectionID, from, to int) ([]*BallotEvent, error)
	// BallotHead returns the number of events and the hash of the last one
	// (zero for an empty record).
	BallotHead(ctx context.Context, election ElectionID) (int, [32]byte, error)
	// DeleteBallotRecord removes an election's record, trustees' messages and
	// voters, for a key ceremony that starts again before the vote.
	DeleteBallotRecord(ctx context.Context, election ElectionID) error

	// SetTrustees stores an election's trustees: trustee i is members[i-1].
	SetTrustees(ctx context.Context, election ElectionID, members []MemberID) error
	Trustees(ctx context.Context, election ElectionID) ([]MemberID, error)
	// AddTrusteeMessage stores m; Conflict if the trustee sent that step.
	AddTrusteeMessage(ctx context.Context, m *TrusteeMessage) error
	// TrusteeMessages lists an election's messages by trustee and step.
	TrusteeMessages(ctx context.Context, election ElectionID) ([]*TrusteeMessage, error)

	// CreateVoter stores v; Conflict if the member or the credential is on the roll.
	CreateVoter(ctx context.Context, v *Voter) error
	Voter(ctx context.Context, election ElectionID, member MemberID) (*Voter, error)
	// Voters lists an election's roll in increasing order of credential.
	Voters(ctx context.Context, election ElectionID) ([]*Voter, error)
	DeleteVoter(ctx context.Context, election ElectionID, member MemberID) error
	// MarkVoted counts a ballot of a voter cast at time at.
	MarkVoted(ctx context.Context, election ElectionID, member MemberID, at time.Time) error
	// Turnout counts the roll and the voters who cast a ballot.
	Turnout(ctx context.Context, election ElectionID) (voters, voted int, err error)

	// AddTracker stores t; Conflict if the tracker is taken.
	AddTracker(ctx context.Context, t *BallotTracker) error
	Tracker(ctx context.Context, election ElectionID, tracker [32]byte) (*BallotTracker, error)
}
