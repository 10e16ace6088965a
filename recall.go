package plenum

import (
	"context"
	"strconv"
	"time"
)

// RecallID identifies a recall petition.
type RecallID int64

func (id RecallID) String() string { return strconv.FormatInt(int64(id), 10) }

// RecallStatus is where a recall stands.
type RecallStatus string

const (
	RecallOpen     RecallStatus = "open"      // gathering signatures until its deadline
	RecallVoting   RecallStatus = "vote"      // the threshold was reached: the recall vote is scheduled or runs
	RecallLapsed   RecallStatus = "lapsed"    // the deadline passed short of the threshold
	RecallPassed   RecallStatus = "passed"    // the vote recalled the holder
	RecallFailed   RecallStatus = "failed"    // the vote did not recall the holder
	RecallOvertake RecallStatus = "overtaken" // the term ended otherwise (resignation, expiry) first
)

// Recall is a petition to recall the holder of a term (rule R5) and, once
// it has its signatures, the recall vote it leads to.
//
// The threshold is fixed when the petition opens: the constitution's
// recall_petition share of the active members of the electorate at that
// moment, at least one signature. Counting the electorate once keeps the
// target from moving while members sign, and makes it the same for every
// signer; members who join later may still sign.
type Recall struct {
	ID         RecallID
	Org        OrgID
	Term       TermID
	Office     OfficeID
	Unit       UnitID // the office's unit
	Holder     MemberID
	Electorate UnitID // the unit whose active members elected the holder: they sign and vote
	Opener     MemberID
	Reason     string // plain text, public
	Eligible   int    // active members of the electorate when the petition opened
	Needed     int    // signatures the threshold asks
	Signatures int
	Status     RecallStatus
	Opened     time.Time
	Deadline   time.Time  // signatures are taken until then
	Closed     time.Time  // when it lapsed, or the vote's result was applied; zero before
	Election   ElectionID // the recall vote, once scheduled
	Rule       VoteRule   // the vote's rule, from the constitution when the vote was scheduled
	Yes, No    int
	// CoolingOff is when a new petition against the holder of the same term
	// may open again after a failed recall; zero when none is barred.
	CoolingOff time.Time
}

// Signature is a member's signature on a recall petition. Receipt is a
// random code the signer sees and the record lists, so that each signer can
// check that their signature is counted without the record naming them.
type Signature struct {
	Recall  RecallID
	Member  MemberID
	Receipt string
	Signed  time.Time
}

// RecallStore keeps recall petitions and their signatures.
type RecallStore interface {
	CreateRecall(ctx context.Context, r *Recall) error // sets r.ID
	Recall(ctx context.Context, id RecallID) (*Recall, error)
	// UpdateRecall stores r's status, closing time, election, vote and cooling-off.
	UpdateRecall(ctx context.Context, r *Recall) error
	// TermRecalls lists the recalls of a term, newest first.
	TermRecalls(ctx context.Context, term TermID) ([]*Recall, error)
	// HolderRecalls lists the recalls against a member, newest first.
	HolderRecalls(ctx context.Context, holder MemberID) ([]*Recall, error)
	// UnitRecalls lists the recalls of the offices of a unit, newest first.
	UnitRecalls(ctx context.Context, unit UnitID) ([]*Recall, error)
	// ElectionRecall returns the recall whose vote election is.
	ElectionRecall(ctx context.Context, election ElectionID) (*Recall, error)
	// LapsingRecalls lists open petitions whose deadline is before at, oldest first.
	LapsingRecalls(ctx context.Context, at time.Time, limit int) ([]*Recall, error)
	// AddSignature stores s and adds one to the recall's count; Conflict
	// if the member has signed.
	AddSignature(ctx context.Context, s *Signature) error
	// RemoveSignature deletes a member's signature and takes one from the
	// count; NotFound if they have not signed.
	RemoveSignature(ctx context.Context, recall RecallID, member MemberID) (*Signature, error)
	// MemberSignature returns a member's signature on a recall.
	MemberSignature(ctx context.Context, recall RecallID, member MemberID) (*Signature, error)
	// Signatures lists one page of a recall's signatures, in member order after member after.
	Signatures(ctx context.Context, recall RecallID, after MemberID, limit int) ([]*Signature, error)
}
