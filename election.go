package plenum

import (
	"context"
	"strconv"
	"time"

	"plenum/i18n"
)

// ElectionID and NominationID identify elections and nominations.
type (
	ElectionID   int64
	NominationID int64
)

func (id ElectionID) String() string   { return strconv.FormatInt(int64(id), 10) }
func (id NominationID) String() string { return strconv.FormatInt(int64(id), 10) }

// ElectionStatus is where an election stands in its lifecycle. It moves one
// step at a time, in the order of electionSteps, and every step is a record
// entry; the one way back is from campaign to nominations, when withdrawals
// leave too few candidates (rule R2).
type ElectionStatus string

const (
	ElectionScheduled   ElectionStatus = "scheduled"
	ElectionNominations ElectionStatus = "nominations"
	ElectionCampaign    ElectionStatus = "campaign"
	ElectionVoting      ElectionStatus = "voting"
	ElectionTally       ElectionStatus = "tally"
	ElectionCertified   ElectionStatus = "certified"
	ElectionChallenge   ElectionStatus = "challenge"
	ElectionClosed      ElectionStatus = "closed"
)

var electionSteps = []ElectionStatus{ElectionScheduled, ElectionNominations, ElectionCampaign, ElectionVoting,
	ElectionTally, ElectionCertified, ElectionChallenge, ElectionClosed}

// Next returns the status that follows s, and false for closed.
func (s ElectionStatus) Next() (ElectionStatus, bool) {
	for i, st := range electionSteps[:len(electionSteps)-1] {
		if st == s {
			return electionSteps[i+1], true
		}
	}
	return "", false
}

// Election fills the seats of one office (a named post, or the seats of an
// elected body), or asks its electorate yes or no: a recall vote on a term
// (Recalls) or a referendum on a motion (Motion), with no office's seats
// to fill, no nominations and no terms. Its rules are taken from the constitution when it is
// scheduled and do not change while it runs.
type Election struct {
	ID         ElectionID
	Org        OrgID
	Office     OfficeID // zero for a referendum
	Unit       UnitID   // the office's unit, or the referendum's motion's
	Electorate UnitID   // the active members of this unit's subtree vote and may stand
	Seats      int
	Method     string // counting method, from the constitution
	Status     ElectionStatus
	Timeline   Timeline
	Rules      NominationRules
	Extensions int // how many times nominations were extended for want of candidates

	// TermEnd is when the terms elected end: the remainder of a vacated term
	// for a by-election; zero for a full term from certification.
	TermEnd    time.Time
	ByElection bool
	Vacated    TermID // the vacated term of a by-election
	// Recalls is the term a recall vote is on: a yes/no referendum of the
	// electorate, with no candidates (see Recall); zero for an election of holders.
	Recalls TermID
	// Motion is the motion a referendum puts to the electorate (see
	// Referendum); zero otherwise.
	Motion MotionID
	// Decides is the secret decision of a body this election is the
	// ballot of: its roll is the body's members who may vote on it, its
	// options yes, no and abstain (see secretDecision); zero otherwise.
	Decides  DecisionID
	Decision DecisionRef // the decision that called it; zero when plenum scheduled it
	Created  time.Time

	// Revote is whether a voter may cast again, the last ballot counting
	// (the constitution's voting.revote when the election was called).
	Revote bool
	// Certified is when the result was certified; the challenge period
	// runs from it.
	Certified time.Time
	// Hold says why the election does not move on at its date (the key
	// ceremony is not complete, too few trustees decrypted); "" when nothing holds it.
	Hold string
	// HoldPhrase says Hold in words a page translates, when it can (its
	// Key is "" for a hold said only in English).
	HoldPhrase Phrase
}

// Phrase is something said to the reader in their language: a catalog
// key and its arguments (strings, integers and times, as a notice's).
type Phrase struct {
	Key  string
	Args []any
}

// In says p in l's language; "" for no phrase.
func (p Phrase) In(l *i18n.Localizer) string {
	if p.Key == "" {
		return ""
	}
	return l.T(p.Key, localArgs(l, p.Args)...)
}

// Timeline holds an election's dates. The campaign runs from the close of
// nominations to the opening of the vote; the challenge period follows
// certification.
type Timeline struct {
	NominationsOpen  time.Time
	NominationsClose time.Time
	VotingOpen       time.Time
	VotingClose      time.Time
	ChallengeDays    int
}

// NominationRules are the constitution's nomination rules (R2), as they
// were when the election was scheduled.
type NominationRules struct {
	MinCandidates int // seats + the constitution's N
	ExtensionDays int
	Seconders     int
}

// DecisionRef names the decision of a body that called an election: the
// body and its own reference for the decision (minutes, resolution number).
type DecisionRef struct {
	Body BodyID
	Ref  string
}

// IsZero reports whether d names no decision.
func (d DecisionRef) IsZero() bool { return d.Body == 0 && d.Ref == "" }

// Calendar is how long the phases of an election plenum schedules itself
// (before a term ends, or after a vacancy) last.
type Calendar struct {
	Lead           time.Duration // how long before a term ends its election is scheduled
	NominationDays int
	CampaignDays   int
	VotingDays     int
	ChallengeDays  int
}

// DefaultCalendar gives four weeks from the opening of nominations to the
// close of the vote, scheduled ten weeks before terms end so that two
// extensions of nominations still fit.
var DefaultCalendar = Calendar{Lead: 70 * 24 * time.Hour, NominationDays: 14, CampaignDays: 7, VotingDays: 7, ChallengeDays: 7}

// timeline returns the timeline of an election whose nominations open at start.
func (c Calendar) timeline(start time.Time) Timeline {
	close := start.Add(days(c.NominationDays))
	open := close.Add(days(c.CampaignDays))
	return Timeline{NominationsOpen: start, NominationsClose: close, VotingOpen: open,
		VotingClose: open.Add(days(c.VotingDays)), ChallengeDays: c.ChallengeDays}
}

// check reports what is wrong with a timeline, or "".
func (t Timeline) check() (field, msg string) {
	switch {
	case t.NominationsOpen.IsZero() || t.NominationsClose.IsZero() || t.VotingOpen.IsZero() || t.VotingClose.IsZero():
		return "timeline", "every date of the timeline is required"
	case !t.NominationsClose.After(t.NominationsOpen):
		return "timeline.nominations_close", "nominations must close after they open"
	case t.VotingOpen.Before(t.NominationsClose):
		return "timeline.voting_open", "the vote may not open before nominations close"
	case !t.VotingClose.After(t.VotingOpen):
		return "timeline.voting_close", "the vote must close after it opens"
	case t.ChallengeDays < 0:
		return "timeline.challenge_days", "may not be negative"
	}
	return "", ""
}

// due returns when an election in status s next moves on by the clock, and
// false when it waits for something else (the trustees' decryption and
// the certification).
func (e *Election) due() (time.Time, bool) {
	switch e.Status {
	case ElectionScheduled:
		return e.Timeline.NominationsOpen, true
	case ElectionNominations:
		return e.Timeline.NominationsClose, true
	case ElectionCampaign:
		return e.Timeline.VotingOpen, true
	case ElectionVoting:
		return e.Timeline.VotingClose, true
	case ElectionCertified:
		return e.Certified, true
	case ElectionChallenge:
		return e.Certified.Add(time.Duration(e.Timeline.ChallengeDays) * 24 * time.Hour), true
	}
	return time.Time{}, false
}

// regular reports whether e is a regular election of an office's holders,
// neither a by-election nor a recall vote.
func (e *Election) regular() bool { return !e.ByElection && !e.YesNo() }

// YesNo reports whether e asks yes or no of its electorate, a recall vote,
// a referendum or a body's secret decision (which may also abstain): no
// candidates, no terms.
func (e *Election) YesNo() bool { return e.Recalls != 0 || e.Motion != 0 || e.Decides != 0 }

// acceptsNominations reports whether nominations and seconds are taken.
func (e *Election) acceptsNominations() bool {
	return e.Status == ElectionNominations && !e.YesNo()
}

// beforeVote reports whether candidates may still withdraw or change their
// statements.
func (e *Election) beforeVote() bool {
	return e.Status == ElectionNominations || e.Status == ElectionCampaign || e.Status == ElectionScheduled
}

// ElectionStore keeps elections and their nominations.
type ElectionStore interface {
	CreateElection(ctx context.Context, e *Election) error // sets e.ID
	Election(ctx context.Context, id ElectionID) (*Election, error)
	// UpdateElection stores e's status, timeline and extensions, and due,
	// when it next moves on by the clock (zero: not by the clock).
	UpdateElection(ctx context.Context, e *Election, due time.Time) error
	// Elections lists the elections of a unit's offices, newest first.
	Elections(ctx context.Context, unit UnitID) ([]*Election, error)
	// OfficeElections lists the elections of an office, newest first.
	OfficeElections(ctx context.Context, office OfficeID) ([]*Election, error)
	// DueElections lists the elections due to move on at time at, oldest due first.
	DueElections(ctx context.Context, at time.Time, limit int) ([]*Election, error)
	// ElectionsIn lists up to limit elections in status s with an ID above
	// after, by ID.
	ElectionsIn(ctx context.Context, s ElectionStatus, after ElectionID, limit int) ([]*Election, error)

	// CreateNomination sets n.ID; Conflict if the nominee is already
	// nominated in that election.
	CreateNomination(ctx context.Context, n *Nomination) error
	Nomination(ctx context.Context, id NominationID) (*Nomination, error)
	// UpdateNomination stores n's status, statement and when it was decided.
	UpdateNomination(ctx context.Context, n *Nomination) error
	// Nominations lists an election's nominations, oldest first, with seconders.
	Nominations(ctx context.Context, election ElectionID) ([]*Nomination, error)
	// MemberNominations lists the nominations of a member as nominee, newest first.
	MemberNominations(ctx context.Context, member MemberID) ([]*Nomination, error)
	// AddSeconder records that member seconds a nomination; Conflict if
	// they already do.
	AddSeconder(ctx context.Context, n NominationID, member MemberID, at time.Time) error

	// TermsEnding lists the running terms whose scheduled end falls in [from, to).
	TermsEnding(ctx context.Context, from, to time.Time) ([]*Term, error)
	// EndTerm ends a running term early; Conflict if it has ended.
	EndTerm(ctx context.Context, id TermID, at time.Time, reason EndReason) error
	Term(ctx context.Context, id TermID) (*Term, error)
}

// serialized runs fn in a read-write transaction that first takes the
// record's append lock (see RecordStore.RecordHead), so that what fn reads
// of elections and nominations cannot change before it commits: two nodes
// moving the same election on at once, or a double click on "accept",
// change it once and record it once. Every change to an election goes
// through it.
func (a *App) serialized(ctx context.Context, fn func(Tx) error) error {
	return a.Store.Update(ctx, func(tx Tx) error {
		if _, _, err := tx.RecordHead(ctx); err != nil {
			return err
		}
		return fn(tx)
	})
}
