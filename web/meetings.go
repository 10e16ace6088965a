package web

import (
	"net/http"
	"strings"
	"time"

	"plenum"
)

// meetingRef is a meeting in a list.
type meetingRef struct {
	ID     string    `json:"id"`
	Title  string    `json:"title"`
	Place  string    `json:"place"`
	Starts time.Time `json:"starts"`
	Status string    `json:"status"`
}

// meetingList is a body's meetings.
type meetingList struct {
	Organization orgRef       `json:"organization"`
	Unit         unitRef      `json:"unit"`
	Body         bodyRef      `json:"body"`
	Meetings     []meetingRef `json:"meetings"`
	CanCall      bool         `json:"-"`
	Error        string       `json:"-"`
}

// meetingView is a meeting's page.
type meetingView struct {
	Organization orgRef  `json:"organization"`
	Unit         unitRef `json:"unit"`
	Body         bodyRef `json:"body"`
	meetingRef
	Minutes    string           `json:"minutes"`
	Approved   string           `json:"minutes_approved_by,omitempty"`
	Chair      string           `json:"chair,omitempty"`
	Items      []itemView       `json:"agenda"`
	Attendance []attendanceView `json:"attendance"`
	Decisions  []decisionRef    `json:"decisions"`
	Present    int              `json:"present"`
	Needed     int              `json:"needed"`
	Quorum     bool             `json:"quorum"`
	Runs       bool             `json:"runs"`
	InBody     bool             `json:"in_body"`
	IsPresent  bool             `json:"is_present"`
	Self       string           `json:"-"`
	Error      string           `json:"-"`
}

type itemView struct {
	ID       string        `json:"id"`
	Position int           `json:"position"`
	Title    string        `json:"title"`
	Motion   string        `json:"motion,omitempty"`
	Speakers []speakerView `json:"speakers"`
}

type speakerView struct {
	Member memberRef  `json:"member"`
	Spoke  *time.Time `json:"spoke,omitempty"`
}

type attendanceView struct {
	Member  memberRef  `json:"member"`
	Arrived time.Time  `json:"arrived"`
	Left    *time.Time `json:"left,omitempty"`
}

func meetingRefOf(m *plenum.Meeting) meetingRef {
	return meetingRef{ID: m.ID.String(), Title: m.Title, Place: m.Place, Starts: m.Starts, Status: string(m.Status)}
}

func (s *Server) bodyMeetings(r *http.Request, v *plenum.Viewer) (*meetingList, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	l, err := s.deps.App.BodyMeetings(r.Context(), v, plenum.BodyID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), l.Unit.Org)
	if err != nil {
		return nil, err
	}
	out := &meetingList{Organization: orgRefOf(org), Unit: unitRefOf(l.Unit), Body: bodyRefOf(l.Body), Meetings: []meetingRef{}, CanCall: l.InBody}
	for _, m := range l.Meetings {
		out.Meetings = append(out.Meetings, meetingRefOf(m))
	}
	return out, nil
}

func meetingsFrame(l *meetingList) Layout {
	return Layout{Title: l.Body.Name + ", " + l.Unit.Name, Org: navFor(l.Organization), Nav: "units"}
}

func (s *Server) meetingPage(r *http.Request, v *plenum.Viewer) (*meetingView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	p, err := s.deps.App.MeetingPage(r.Context(), v, plenum.MeetingID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), p.Unit.Org)
	if err != nil {
		return nil, err
	}
	m := p.Meeting
	out := &meetingView{Organization: orgRefOf(org), Unit: unitRefOf(p.Unit), Body: bodyRefOf(p.Body), meetingRef: meetingRefOf(m),
		Minutes: m.Minutes, Chair: p.Chair, Items: []itemView{}, Attendance: []attendanceView{}, Decisions: []decisionRef{},
		Present: p.Present, Needed: p.Needed, Quorum: p.Quorum, Runs: p.Runs, InBody: p.InBody, IsPresent: p.IsPresent,
		Self: v.Member.ID.String()}
	if m.Approved != 0 {
		out.Approved = m.Approved.String()
	}
	for _, it := range p.Items {
		iv := itemView{ID: it.ID.String(), Position: it.Position, Title: it.Title, Speakers: []speakerView{}}
		if it.Motion != 0 {
			iv.Motion = it.Motion.String()
		}
		for _, sp := range p.Speakers {
			if sp.Item == it.ID {
				sv := speakerView{Member: memberRef{ID: sp.Member.String(), Name: sp.Name}}
				if !sp.Spoke.IsZero() {
					sv.Spoke = &sp.Spoke
				}
				iv.Speakers = append(iv.Speakers, sv)
			}
		}
		out.Items = append(out.Items, iv)
	}
	for _, at := range p.Attendance {
		av := attendanceView{Member: memberRef{ID: at.Member.String(), Name: at.Name}, Arrived: at.Arrived}
		if !at.Present() {
			av.Left = &at.Left
		}
		out.Attendance = append(out.Attendance, av)
	}
	for _, d := range p.Decisions {
		out.Decisions = append(out.Decisions, decisionRefOf(d))
	}
	return out, nil
}

func meetingFrame(m *meetingView) Layout {
	return Layout{Title: m.Title, Org: navFor(m.Organization), Nav: "units"}
}

// meetingRequest calls a meeting.
type meetingRequest struct {
	Title  string    `json:"title"`
	Place  string    `json:"place"`
	Starts time.Time `json:"starts"`
	Items  []string  `json:"items"` // after the motions on the body's agenda
}

// attendanceRequest registers a member arriving or leaving.
type attendanceRequest struct {
	Member  string `json:"member"` // the viewer's own ID, or any for the chair
	Present bool   `json:"present"`
}

// floorRequest asks for the floor on an item, or (with member) gives it.
type floorRequest struct {
	Item   string `json:"item"`
	Member string `json:"member"`
}

// minutesRequest sets the minutes; itemRequest adds an agenda item.
type minutesRequest struct {
	Minutes string `json:"minutes"`
}

type itemRequest struct {
	Title string `json:"title"`
}

func (s *Server) callMeeting(r *http.Request, v *plenum.Viewer, in func(any) error) (plenum.MeetingID, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return 0, err
	}
	var req meetingRequest
	if err := in(&req); err != nil {
		return 0, err
	}
	m, err := s.deps.App.ScheduleMeeting(r.Context(), v, plenum.ScheduleMeeting{Body: plenum.BodyID(id), Title: req.Title,
		Place: req.Place, Starts: req.Starts, Items: req.Items})
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

func (s *Server) openMeeting(r *http.Request, v *plenum.Viewer, id plenum.MeetingID, _ func(any) error) error {
	return s.deps.App.OpenMeeting(r.Context(), v, id)
}

func (s *Server) closeMeeting(r *http.Request, v *plenum.Viewer, id plenum.MeetingID, _ func(any) error) error {
	return s.deps.App.CloseMeeting(r.Context(), v, id)
}

func (s *Server) attend(r *http.Request, v *plenum.Viewer, id plenum.MeetingID, in func(any) error) error {
	var req attendanceRequest
	if err := in(&req); err != nil {
		return err
	}
	member, err := optionalID("member", req.Member)
	if err != nil || member == 0 {
		return invalid("member", "Give the member ID.")
	}
	return s.deps.App.Attend(r.Context(), v, id, plenum.MemberID(member), req.Present)
}

func (s *Server) addItem(r *http.Request, v *plenum.Viewer, id plenum.MeetingID, in func(any) error) error {
	var req itemRequest
	if err := in(&req); err != nil {
		return err
	}
	return s.deps.App.AddAgendaItem(r.Context(), v, id, req.Title)
}

func (s *Server) floor(r *http.Request, v *plenum.Viewer, id plenum.MeetingID, in func(any) error) error {
	var req floorRequest
	if err := in(&req); err != nil {
		return err
	}
	item, err := optionalID("item", req.Item)
	if err != nil || item == 0 {
		return invalid("item", "Give the agenda item.")
	}
	member, err := optionalID("member", req.Member)
	if err != nil {
		return err
	}
	if member == 0 {
		return s.deps.App.RequestFloor(r.Context(), v, id, plenum.ItemID(item))
	}
	return s.deps.App.GiveFloor(r.Context(), v, id, plenum.ItemID(item), plenum.MemberID(member))
}

func (s *Server) minutes(r *http.Request, v *plenum.Viewer, id plenum.MeetingID, in func(any) error) error {
	var req minutesRequest
	if err := in(&req); err != nil {
		return err
	}
	return s.deps.App.WriteMinutes(r.Context(), v, id, req.Minutes)
}

// meetingForm reads the meetings' requests from a form.
func meetingForm(r *http.Request, dst any) error {
	switch d := dst.(type) {
	case *meetingRequest:
		d.Title, d.Place = r.PostFormValue("title"), r.PostFormValue("place")
		if st := strings.TrimSpace(r.PostFormValue("starts")); st != "" {
			t, err := time.Parse("2006-01-02T15:04", st)
			if err != nil {
				return invalid("starts", "Give the date and time the meeting starts.")
			}
			d.Starts = t
		}
		for _, line := range strings.Split(r.PostFormValue("items"), "\n") {
			d.Items = append(d.Items, strings.TrimSpace(line))
		}
	case *attendanceRequest:
		d.Member, d.Present = r.PostFormValue("member"), r.PostFormValue("present") == "yes"
	case *floorRequest:
		d.Item, d.Member = r.PostFormValue("item"), r.PostFormValue("member")
	case *minutesRequest:
		d.Minutes = r.PostFormValue("minutes")
	case *itemRequest:
		d.Title = r.PostFormValue("title")
	}
	return nil
}

// meetingAgain shows a meeting's page again with a refusal.
func (s *Server) meetingAgain(w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, msg string) {
	showAgain(s, w, r, v, status, "meeting", s.meetingPage, meetingFrame, func(page *meetingView) {
		page.Error = msg
	})
}

// callAgain shows a body's meetings again with a refusal.
func (s *Server) callAgain(w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, msg string) {
	showAgain(s, w, r, v, status, "meetings", s.bodyMeetings, meetingsFrame, func(page *meetingList) {
		page.Error = msg
	})
}
