package plenum

import (
	"context"
	"strconv"
	"time"
)

// MeetingID and ItemID identify meetings and their agenda items.
type (
	MeetingID int64
	ItemID    int64
)

func (id MeetingID) String() string { return strconv.FormatInt(int64(id), 10) }
func (id ItemID) String() string    { return strconv.FormatInt(int64(id), 10) }

// MeetingStatus is where a meeting stands.
type MeetingStatus string

const (
	MeetingScheduled MeetingStatus = "scheduled"
	MeetingOpen      MeetingStatus = "open"
	MeetingClosed    MeetingStatus = "closed"
)

// Meeting is a sitting of a body: its agenda, who attended (which drives
// the quorum of the decisions taken in it), a speakers' list per item and
// minutes, approved by the body at a later meeting. The body's chair runs
// it, and decides nothing alone (R7). Meetings are internal matters of the
// unit; each member's attendance is on their record page.
type Meeting struct {
	ID       MeetingID
	Org      OrgID
	Body     BodyID
	Unit     UnitID
	Title    string
	Place    string
	Starts   time.Time
	Status   MeetingStatus
	Opened   time.Time
	Closed   time.Time
	Minutes  string     // Markdown, written during the meeting
	Approved DecisionID // the decision that approved the minutes; zero until then
}

// AgendaItem is one item of a meeting's agenda: a motion on the body's
// agenda, or another matter.
type AgendaItem struct {
	ID       ItemID
	Meeting  MeetingID
	Position int
	Title    string
	Motion   MotionID // zero for another matter
}

// Attendance is one member's presence at a meeting: registered by the
// member or by the chair, ended when they leave.
type Attendance struct {
	Meeting MeetingID
	Member  MemberID
	Name    string // filled when read
	Arrived time.Time
	Left    time.Time // zero while present
	By      MemberID  // who registered it
}

// Present reports whether the member is in the meeting.
func (at Attendance) Present() bool { return at.Left.IsZero() }

// Speaker is a member on an item's speakers' list.
type Speaker struct {
	Item   ItemID
	Member MemberID
	Name   string // filled when read
	Added  time.Time
	Spoke  time.Time // zero until the chair gives them the floor
}

// MeetingStore keeps meetings, agendas, attendance, speakers and chairs.
type MeetingStore interface {
	CreateMeeting(ctx context.Context, m *Meeting) error // sets m.ID
	Meeting(ctx context.Context, id MeetingID) (*Meeting, error)
	// UpdateMeeting stores m's status, times, minutes and approval.
	UpdateMeeting(ctx context.Context, m *Meeting) error
	// BodyMeetings lists a body's meetings, latest start first.
	BodyMeetings(ctx context.Context, body BodyID, limit int) ([]*Meeting, error)

	AddAgendaItem(ctx context.Context, it *AgendaItem) error                   // sets it.ID
	AgendaItems(ctx context.Context, meeting MeetingID) ([]*AgendaItem, error) // by position

	// SetAttendance stores a member's attendance, replacing any earlier
	// row of that member at that meeting.
	SetAttendance(ctx context.Context, at *Attendance) error
	// MeetingAttendance lists a meeting's attendance by arrival, with names.
	MeetingAttendance(ctx context.Context, meeting MeetingID) ([]Attendance, error)
	// MemberAttendance lists up to limit meetings a member attended, newest first.
	MemberAttendance(ctx context.Context, member MemberID, limit int) ([]Attendance, error)

	// AddSpeaker puts a member on an item's list; Conflict if they are
	// on it and have not spoken.
	AddSpeaker(ctx context.Context, s *Speaker) error
	// MarkSpoken records that the member had the floor.
	MarkSpoken(ctx context.Context, item ItemID, member MemberID, at time.Time) error
	// Speakers lists a meeting's speakers, by item and order added, with names.
	Speakers(ctx context.Context, meeting MeetingID) ([]Speaker, error)

	// SetChair records the body's chair, elected by decision d.
	SetChair(ctx context.Context, body BodyID, member MemberID, d DecisionID, since time.Time) error
	// Chair returns the body's chair, zero when it has none.
	Chair(ctx context.Context, body BodyID) (MemberID, error)
}
