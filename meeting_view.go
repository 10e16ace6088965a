package plenum

import (
	"context"

	"plenum/constitution"
)

// MeetingPage is a meeting with its agenda, attendance, speakers, the
// quorum as it stands and the viewer's standing.
type MeetingPage struct {
	Meeting    *Meeting
	Body       *Body
	Unit       *Unit
	Items      []*AgendaItem
	Attendance []Attendance
	Speakers   []Speaker
	Decisions  []*Decision // the votes taken in it
	Chair      string      // the body's chair, "" when it has none
	// The quorum now: members present of the body, and how many it needs.
	Present, Needed int
	Quorum          bool
	// The viewer's standing.
	Runs, InBody, IsPresent bool
}

// MeetingPage returns a meeting for a member of its unit. Errors: NotFound.
func (a *App) MeetingPage(ctx context.Context, v *Viewer, id MeetingID) (*MeetingPage, error) {
	p := &MeetingPage{}
	err := a.Store.View(ctx, func(tx Tx) error {
		m, err := tx.Meeting(ctx, id)
		if err != nil {
			return err
		}
		if !v.SeesInternal(m.Unit) || v.Member == nil {
			return Errorf(NotFound, "meeting", "no such meeting")
		}
		p.Meeting = m
		if p.Body, err = tx.Body(ctx, m.Body); err != nil {
			return err
		}
		if p.Unit, err = tx.Unit(ctx, m.Unit); err != nil {
			return err
		}
		if p.Items, err = tx.AgendaItems(ctx, m.ID); err != nil {
			return err
		}
		if p.Attendance, err = tx.MeetingAttendance(ctx, m.ID); err != nil {
			return err
		}
		if p.Speakers, err = tx.Speakers(ctx, m.ID); err != nil {
			return err
		}
		if err := a.meetingDecisions(ctx, tx, p); err != nil {
			return err
		}
		if err := a.meetingQuorum(ctx, tx, p); err != nil {
			return err
		}
		return a.meetingStanding(ctx, tx, v, p)
	})
	if err != nil {
		return nil, wrap("meeting", err)
	}
	return p, nil
}

// meetingDecisions fills the votes taken in p's meeting.
func (a *App) meetingDecisions(ctx context.Context, tx Tx, p *MeetingPage) error {
	ds, err := tx.BodyDecisions(ctx, DecisionQuery{Body: p.Body.ID, Limit: 200, Internal: true})
	for _, d := range ds {
		if d.Meeting == p.Meeting.ID {
			p.Decisions = append([]*Decision{d}, p.Decisions...)
		}
	}
	return err
}

// meetingQuorum fills how many members of the body are present and how
// many the constitution's quorum needs.
func (a *App) meetingQuorum(ctx context.Context, tx Tx, p *MeetingPage) error {
	o, err := tx.Org(ctx, p.Meeting.Org)
	if err != nil {
		return err
	}
	c, err := constitution.Parse("constitution.yaml", []byte(o.Constitution))
	if err != nil {
		return internalError("read constitution", err)
	}
	seats := p.Body.Seats
	if p.Body.AllMembers {
		if seats, err = tx.ActiveMembers(ctx, p.Body.Unit); err != nil {
			return err
		}
	}
	p.Present, err = a.presentVoters(ctx, tx, p.Body, &Decision{Meeting: p.Meeting.ID})
	p.Needed = c.Thresholds.Quorum.Of(seats)
	p.Quorum = p.Present >= p.Needed && p.Present > 0
	return err
}

func (a *App) meetingStanding(ctx context.Context, tx Tx, v *Viewer, p *MeetingPage) error {
	chair, err := tx.Chair(ctx, p.Body.ID)
	if err != nil {
		return err
	}
	if chair != 0 {
		m, err := tx.Member(ctx, chair)
		if err != nil {
			return err
		}
		p.Chair = m.Name
	}
	if p.Runs, err = a.runs(ctx, tx, v, p.Body); err != nil {
		return err
	}
	if p.InBody, err = a.inBody(ctx, tx, v, p.Body); err != nil {
		return err
	}
	p.IsPresent, err = a.present(ctx, tx, p.Meeting.ID, v.Member.ID)
	return err
}

// MeetingList is a body's meetings, latest first.
type MeetingList struct {
	Body     *Body
	Unit     *Unit
	Meetings []*Meeting
	InBody   bool // the viewer may call meetings
}

// BodyMeetings lists a body's meetings for a member of its unit.
// Errors: NotFound; Forbidden.
func (a *App) BodyMeetings(ctx context.Context, v *Viewer, body BodyID) (*MeetingList, error) {
	l := &MeetingList{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if l.Body, err = tx.Body(ctx, body); err != nil {
			return err
		}
		if !v.SeesInternal(l.Body.Unit) {
			return Errorf(Forbidden, "meetings", "meetings are seen by members of the unit")
		}
		if l.Unit, err = tx.Unit(ctx, l.Body.Unit); err != nil {
			return err
		}
		if l.Meetings, err = tx.BodyMeetings(ctx, body, 100); err != nil {
			return err
		}
		l.InBody, err = a.inBody(ctx, tx, v, l.Body)
		return err
	})
	if err != nil {
		return nil, wrap("meetings", err)
	}
	return l, nil
}

// MemberAttendance is a meeting a member attended, for their record page.
type MemberAttendance struct {
	Attendance
	Meeting  *Meeting
	BodyName string
}

// MemberAttendance lists up to limit meetings member attended, newest
// first: those of elected bodies for anyone (R4), those of assemblies only
// for members of the unit.
func (a *App) MemberAttendance(ctx context.Context, v *Viewer, member MemberID, limit int) ([]MemberAttendance, error) {
	var out []MemberAttendance
	err := a.Store.View(ctx, func(tx Tx) error {
		att, err := tx.MemberAttendance(ctx, member, limit)
		if err != nil {
			return err
		}
		for _, at := range att {
			m, err := tx.Meeting(ctx, at.Meeting)
			if err != nil {
				return err
			}
			b, err := tx.Body(ctx, m.Body)
			if err != nil {
				return err
			}
			if b.AllMembers && !v.SeesInternal(m.Unit) {
				continue
			}
			out = append(out, MemberAttendance{Attendance: at, Meeting: m, BodyName: b.Name})
		}
		return nil
	})
	return out, wrap("member attendance", err)
}
