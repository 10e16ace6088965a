package plenum

import (
	"context"
	"time"
)

// RecordVotes is how many roll-call votes, meetings and motions a record
// page shows.
const RecordVotes = 100

// RepresentativeRecord is what a representative's record page shows (rule
// R4): every term they held or hold and how each ended, their roll-call
// votes, the meetings they attended, the motions they moved, the pay and allowances of those offices over time, and the recall
// petitions against them.
type RepresentativeRecord struct {
	Member  *Member // name and ID only are shown
	Org     *Organization
	Terms   []*Term // newest first
	Offices map[OfficeID]*Office
	Units   map[UnitID]*Unit
	// Pay is the pay history of each office held, oldest change first.
	Pay     map[OfficeID][]*PayChange
	Recalls []*Recall // newest first
	// Votes are a page of the roll-call votes the viewer may see, newest
	// first: the latest RecordVotes, or those cast before the time asked
	// for. OlderVotes, when set, is the time to ask for the older page.
	Votes      []MemberVote
	OlderVotes time.Time
	// Attended are the latest RecordVotes meetings they attended that the
	// viewer may see, newest first.
	Attended []MemberAttendance
	// Motions are the latest RecordVotes motions they moved that the
	// viewer may see (motions are internal to their unit), newest first.
	Motions []*Motion
	// Incompatible are the member's open flags for holding incompatible
	// offices (R9): they must resign one of each pair by its deadline.
	Incompatible []*Incompatibility
	// MayPetition holds the running terms against which the viewer, a
	// member of the electorate, may open a recall petition.
	MayPetition map[TermID]bool
}

// Representative returns the record of member id, who holds or has held
// an office, with their roll-call votes cast before votesBefore (zero: the
// latest). It is public unless the constitution keeps records to members
// (supervision.records: members), and then for the organization's active
// members only. Errors: NotFound (no such member, or one who never held an
// office: members' names are not public); Forbidden.
func (a *App) Representative(ctx context.Context, v *Viewer, id MemberID, votesBefore time.Time) (*RepresentativeRecord, error) {
	const op = "representative"
	p := &RepresentativeRecord{Offices: map[OfficeID]*Office{}, Units: map[UnitID]*Unit{}, Pay: map[OfficeID][]*PayChange{},
		MayPetition: map[TermID]bool{}}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if p.Member, err = tx.Member(ctx, id); err != nil {
			return err
		}
		if p.Terms, err = tx.MemberTerms(ctx, id); err != nil {
			return err
		}
		if len(p.Terms) == 0 {
			return Errorf(NotFound, op, "no representative has that number")
		}
		if p.Org, err = tx.Org(ctx, p.Member.Org); err != nil {
			return err
		}
		c, err := a.charter(ctx, tx, p.Org.ID)
		if err != nil {
			return err
		}
		if c.Supervision.MembersOnly && !v.SeesOrgInternal(p.Org.ID) {
			return Errorf(Forbidden, op, "the constitution keeps representatives' records to members")
		}
		now := a.now()
		for _, t := range p.Terms {
			if err := a.recordOffice(ctx, tx, p, t.Office); err != nil {
				return err
			}
			// SeesInternal: an active membership in the office's unit or below it.
			if t.Current(now) && v.Member != nil && v.Member.ID != id && v.SeesInternal(p.Offices[t.Office].Unit) {
				p.MayPetition[t.ID] = true
			}
		}
		if p.Recalls, err = tx.HolderRecalls(ctx, id); err != nil {
			return err
		}
		flags, err := tx.MemberIncompatibilities(ctx, id)
		if err != nil {
			return err
		}
		for _, f := range flags {
			if f.Resolved.IsZero() {
				p.Incompatible = append(p.Incompatible, f)
			}
		}
		if p.Votes, err = a.memberVotes(ctx, tx, v, id, votesBefore, RecordVotes); err != nil {
			return err
		}
		// The page holds the RecordVotes votes cast before votesBefore, less
		// those the viewer may not see: one vote past them means an older page.
		raw, err := tx.MemberDecisionVotes(ctx, id, votesBefore, RecordVotes+1)
		if err != nil {
			return err
		}
		if len(raw) > RecordVotes {
			p.OlderVotes = raw[RecordVotes-1].Cast
		}
		if p.Attended, err = a.memberAttendance(ctx, tx, v, id, RecordVotes); err != nil {
			return err
		}
		p.Motions, err = a.memberMotions(ctx, tx, v, id, RecordVotes)
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return p, nil
}

// recordOffice adds office id, its unit and its pay history to p once.
func (a *App) recordOffice(ctx context.Context, tx Tx, p *RepresentativeRecord, id OfficeID) error {
	if p.Offices[id] != nil {
		return nil
	}
	off, err := tx.Office(ctx, id)
	if err != nil {
		return err
	}
	p.Offices[id] = off
	if p.Units[off.Unit] == nil {
		if p.Units[off.Unit], err = tx.Unit(ctx, off.Unit); err != nil {
			return err
		}
	}
	p.Pay[id], err = tx.PayHistory(ctx, id)
	return err
}
