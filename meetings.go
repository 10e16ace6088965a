package plenum

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// ScheduleMeeting is what calling a meeting takes. The agenda starts with
// the motions on the body's agenda, then Items.
type ScheduleMeeting struct {
	Body   BodyID
	Title  string
	Place  string
	Starts time.Time
	Items  []string
}

// ScheduleMeeting calls a meeting of a body. Who may call: a member of
// the body. Errors: NotFound; Forbidden; Invalid (title, start).
func (a *App) ScheduleMeeting(ctx context.Context, v *Viewer, s ScheduleMeeting) (*Meeting, error) {
	const op = "schedule meeting"
	s.Title = strings.TrimSpace(s.Title)
	if s.Title == "" || len(s.Title) > MaxDecisionTitle {
		return nil, FieldErrorf(Invalid, op, "title", "give a title of at most %d characters", MaxDecisionTitle)
	}
	if s.Starts.IsZero() {
		return nil, FieldErrorf(Invalid, op, "starts", "give the date and time the meeting starts")
	}
	var m *Meeting
	err := a.serialized(ctx, func(tx Tx) error {
		body, err := tx.Body(ctx, s.Body)
		if err != nil {
			return err
		}
		if in, err := a.inBody(ctx, tx, v, body); err != nil || !in {
			return orForbidden(err, op, "only members of %s may call its meetings", body.Name)
		}
		unit, err := tx.Unit(ctx, body.Unit)
		if err != nil {
			return err
		}
		m = &Meeting{Org: unit.Org, Body: body.ID, Unit: body.Unit, Title: s.Title, Place: strings.TrimSpace(s.Place),
			Starts: s.Starts.UTC().Truncate(time.Microsecond), Status: MeetingScheduled}
		if err := tx.CreateMeeting(ctx, m); err != nil {
			return err
		}
		motions, err := tx.BodyMotions(ctx, body.ID, 200)
		if err != nil {
			return err
		}
		var items []*AgendaItem
		for _, mo := range slices.Backward(motions) { // oldest first
			if mo.Phase == MotionAdmitted || mo.Phase == MotionVoting {
				items = append(items, &AgendaItem{Title: mo.Title, Motion: mo.ID})
			}
		}
		for _, t := range s.Items {
			if t = strings.TrimSpace(t); t != "" {
				items = append(items, &AgendaItem{Title: t})
			}
		}
		var agenda []map[string]any
		for i, it := range items {
			it.Meeting, it.Position = m.ID, i+1
			if err := tx.AddAgendaItem(ctx, it); err != nil {
				return err
			}
			agenda = append(agenda, map[string]any{"item": it.ID, "title": it.Title, "motion": it.Motion})
		}
		return a.recordMeeting(ctx, tx, v.Actor(), m, "meeting.scheduled", map[string]any{"body": m.Body, "title": m.Title,
			"place": m.Place, "starts": m.Starts, "agenda": agenda})
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return m, nil
}

func (a *App) recordMeeting(ctx context.Context, tx Tx, actor Actor, m *Meeting, typ string, payload map[string]any) error {
	payload["meeting"] = m.ID
	_, err := a.appendRecord(ctx, tx, change{Type: typ, Actor: actor, Org: m.Org, Unit: m.Unit, Internal: true, Payload: payload})
	return err
}

// onMeeting runs fn on meeting id and its body in a serialized
// transaction; runner says whether v must run the meeting: its body's
// chair or, while the body has none, any member of the body.
func (a *App) onMeeting(ctx context.Context, v *Viewer, id MeetingID, op string, runner bool, fn func(Tx, *Meeting, *Body) error) error {
	return wrap(op, a.serialized(ctx, func(tx Tx) error {
		m, err := tx.Meeting(ctx, id)
		if err != nil {
			return err
		}
		if !v.SeesInternal(m.Unit) || v.Member == nil {
			return Errorf(NotFound, op, "no such meeting")
		}
		body, err := tx.Body(ctx, m.Body)
		if err != nil {
			return err
		}
		if runner {
			if ok, err := a.runs(ctx, tx, v, body); err != nil || !ok {
				return orForbidden(err, op, "the chair of %s runs its meetings", body.Name)
			}
		}
		return fn(tx, m, body)
	}))
}

// runs reports whether v runs the meetings of body: its chair, or any
// member of a body that has not elected one.
func (a *App) runs(ctx context.Context, tx Tx, v *Viewer, body *Body) (bool, error) {
	chair, err := tx.Chair(ctx, body.ID)
	if err != nil {
		return false, err
	}
	if chair != 0 {
		return v.Member != nil && v.Member.ID == chair, nil
	}
	return a.inBody(ctx, tx, v, body)
}

// OpenMeeting opens a scheduled meeting; CloseMeeting closes an open one,
// ending the attendance of those still present. Who may call: who runs it.
// Errors: NotFound; Forbidden; Conflict.
func (a *App) OpenMeeting(ctx context.Context, v *Viewer, id MeetingID) error {
	return a.moveMeeting(ctx, v, id, MeetingScheduled, MeetingOpen)
}

// CloseMeeting: see OpenMeeting.
func (a *App) CloseMeeting(ctx context.Context, v *Viewer, id MeetingID) error {
	return a.moveMeeting(ctx, v, id, MeetingOpen, MeetingClosed)
}

func (a *App) moveMeeting(ctx context.Context, v *Viewer, id MeetingID, from, to MeetingStatus) error {
	op := "open meeting"
	if to == MeetingClosed {
		op = "close meeting"
	}
	return a.onMeeting(ctx, v, id, op, true, func(tx Tx, m *Meeting, _ *Body) error {
		if m.Status != from {
			return Errorf(Conflict, op, "the meeting is %s", m.Status)
		}
		now := a.now()
		m.Status = to
		if to == MeetingOpen {
			m.Opened = now
		} else {
			m.Closed = now
			att, err := tx.MeetingAttendance(ctx, m.ID)
			if err != nil {
				return err
			}
			for _, at := range att {
				if at.Present() {
					at.Left = now
					if err := tx.SetAttendance(ctx, &at); err != nil {
						return err
					}
				}
			}
		}
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		return a.recordMeeting(ctx, tx, v.Actor(), m, "meeting."+string(to), map[string]any{})
	})
}

// Attend registers that member arrives at (present) or leaves a meeting
// that is not closed. Who may call: the member, for themself, and who runs
// the meeting, for any member of the body.
// Errors: NotFound; Forbidden; Invalid (not a member of the body); Conflict.
func (a *App) Attend(ctx context.Context, v *Viewer, id MeetingID, member MemberID, present bool) error {
	const op = "register attendance"
	return a.onMeeting(ctx, v, id, op, false, func(tx Tx, m *Meeting, body *Body) error {
		if m.Status == MeetingClosed {
			return Errorf(Conflict, op, "the meeting is closed")
		}
		if member != v.Member.ID {
			if ok, err := a.runs(ctx, tx, v, body); err != nil || !ok {
				return orForbidden(err, op, "members register themselves; the chair registers others")
			}
		}
		if in, err := a.bodyMember(ctx, tx, body, member); err != nil || !in {
			return orInvalid(err, op, "member", "only members of %s attend as members", body.Name)
		}
		att, err := tx.MeetingAttendance(ctx, m.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(att, func(at Attendance) bool { return at.Member == member })
		if (i >= 0 && att[i].Present()) == present {
			return Errorf(Conflict, op, "already registered so")
		}
		now := a.now()
		at := Attendance{Meeting: m.ID, Member: member, Arrived: now, By: v.Member.ID}
		if !present {
			at = att[i]
			at.Left = now
		}
		if err := tx.SetAttendance(ctx, &at); err != nil {
			return err
		}
		return a.recordMeeting(ctx, tx, v.Actor(), m, "meeting.attendance", map[string]any{"member": member, "present": present})
	})
}

// orInvalid returns err if there is one, else an Invalid error on field.
func orInvalid(err error, op, field, format string, args ...any) error {
	if err != nil {
		return err
	}
	return FieldErrorf(Invalid, op, field, format, args...)
}

// AddAgendaItem adds an item to a meeting's agenda. Who may call: who runs
// it, before it closes. Errors: NotFound; Forbidden; Conflict; Invalid.
func (a *App) AddAgendaItem(ctx context.Context, v *Viewer, id MeetingID, title string) error {
	const op = "add agenda item"
	title = strings.TrimSpace(title)
	if title == "" || len(title) > MaxDecisionTitle {
		return FieldErrorf(Invalid, op, "title", "give a title of at most %d characters", MaxDecisionTitle)
	}
	return a.onMeeting(ctx, v, id, op, true, func(tx Tx, m *Meeting, _ *Body) error {
		if m.Status == MeetingClosed {
			return Errorf(Conflict, op, "the meeting is closed")
		}
		items, err := tx.AgendaItems(ctx, m.ID)
		if err != nil {
			return err
		}
		it := &AgendaItem{Meeting: m.ID, Position: len(items) + 1, Title: title}
		if err := tx.AddAgendaItem(ctx, it); err != nil {
			return err
		}
		return a.recordMeeting(ctx, tx, v.Actor(), m, "meeting.item_added", map[string]any{"item": it.ID, "title": title})
	})
}

// RequestFloor puts the viewer, present at the open meeting, on an item's
// speakers' list. Errors: NotFound; Forbidden (not present); Conflict.
func (a *App) RequestFloor(ctx context.Context, v *Viewer, id MeetingID, item ItemID) error {
	const op = "request the floor"
	return a.onMeeting(ctx, v, id, op, false, func(tx Tx, m *Meeting, _ *Body) error {
		if err := a.openItem(ctx, tx, m, item, op); err != nil {
			return err
		}
		if ok, err := a.present(ctx, tx, m.ID, v.Member.ID); err != nil || !ok {
			return orForbidden(err, op, "only members present may ask for the floor")
		}
		if err := tx.AddSpeaker(ctx, &Speaker{Item: item, Member: v.Member.ID, Added: a.now()}); err != nil {
			return err
		}
		return a.recordMeeting(ctx, tx, v.Actor(), m, "meeting.speaker", map[string]any{"item": item, "member": v.Member.ID})
	})
}

// GiveFloor records that the chair gave the floor to the next speaker.
// Who may call: who runs the meeting. Errors: NotFound; Forbidden; Conflict.
func (a *App) GiveFloor(ctx context.Context, v *Viewer, id MeetingID, item ItemID, member MemberID) error {
	const op = "give the floor"
	return a.onMeeting(ctx, v, id, op, true, func(tx Tx, m *Meeting, _ *Body) error {
		if err := a.openItem(ctx, tx, m, item, op); err != nil {
			return err
		}
		if err := tx.MarkSpoken(ctx, item, member, a.now()); err != nil {
			return err
		}
		return a.recordMeeting(ctx, tx, v.Actor(), m, "meeting.spoke", map[string]any{"item": item, "member": member})
	})
}

// openItem checks that m is open and item is on its agenda.
func (a *App) openItem(ctx context.Context, tx Tx, m *Meeting, item ItemID, op string) error {
	if m.Status != MeetingOpen {
		return Errorf(Conflict, op, "the meeting is %s", m.Status)
	}
	items, err := tx.AgendaItems(ctx, m.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(items, func(it *AgendaItem) bool { return it.ID == item }) {
		return FieldErrorf(Invalid, op, "item", "no such item on the agenda")
	}
	return nil
}

// present reports whether member is present at meeting.
func (a *App) present(ctx context.Context, tx Tx, meeting MeetingID, member MemberID) (bool, error) {
	att, err := tx.MeetingAttendance(ctx, meeting)
	return slices.ContainsFunc(att, func(at Attendance) bool { return at.Member == member && at.Present() }), err
}

// WriteMinutes sets a meeting's minutes. Who may call: who runs it, until
// the body approves them. Errors: NotFound; Forbidden; Conflict.
func (a *App) WriteMinutes(ctx context.Context, v *Viewer, id MeetingID, text string) error {
	const op = "write minutes"
	if len(text) > MaxDecisionText {
		return FieldErrorf(Invalid, op, "minutes", "at most %d characters", MaxDecisionText)
	}
	return a.onMeeting(ctx, v, id, op, true, func(tx Tx, m *Meeting, _ *Body) error {
		if m.Approved != 0 {
			return Errorf(Conflict, op, "the minutes were approved; they are not changed")
		}
		m.Minutes = strings.TrimSpace(text)
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		return a.recordMeeting(ctx, tx, v.Actor(), m, "meeting.minutes", map[string]any{"minutes": m.Minutes})
	})
}

// checkChair lets a body elect its chair from its members.
func checkChair(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	var p struct {
		Member MemberID `json:"member"`
	}
	if err := json.Unmarshal(d.Payload, &p); err != nil {
		return FieldErrorf(Invalid, "propose decision", "payload", `a chair decision takes {"member": ID}`)
	}
	body, err := tx.Body(ctx, d.Body)
	if err != nil {
		return err
	}
	if in, err := a.bodyMember(ctx, tx, body, p.Member); err != nil || !in {
		return orInvalid(err, "propose decision", "payload", "the chair is elected from the members of %s", body.Name)
	}
	d.Subject = "chair:" + d.Body.String()
	return nil
}

func adoptChair(a *App, ctx context.Context, tx Tx, d *Decision) error {
	var p struct {
		Member MemberID `json:"member"`
	}
	if err := json.Unmarshal(d.Payload, &p); err != nil {
		return err
	}
	return tx.SetChair(ctx, d.Body, p.Member, d.ID, a.now())
}

// minutesOf returns the meeting a "minutes" decision approves.
func minutesOf(ctx context.Context, tx Tx, d *Decision) (*Meeting, error) {
	var p struct {
		Meeting MeetingID `json:"meeting"`
	}
	if err := json.Unmarshal(d.Payload, &p); err != nil {
		return nil, FieldErrorf(Invalid, "propose decision", "payload", `a minutes decision takes {"meeting": ID}`)
	}
	return tx.Meeting(ctx, p.Meeting)
}

// checkMinutes lets a body approve the minutes of a closed meeting at a
// later meeting.
func checkMinutes(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	const op = "approve minutes"
	m, err := minutesOf(ctx, tx, d)
	if err != nil {
		return err
	}
	switch {
	case m.Body != d.Body:
		return FieldErrorf(Invalid, op, "payload", "a body approves the minutes of its own meetings")
	case m.Status != MeetingClosed || m.Approved != 0:
		return Errorf(Conflict, op, "only the minutes of a closed meeting, not yet approved, are put to the vote")
	case d.Meeting == 0 || d.Meeting == m.ID:
		return Errorf(Conflict, op, "minutes are approved at the next meeting")
	}
	d.Subject, d.Internal = "minutes:"+m.ID.String(), true
	d.Text = m.Minutes
	return nil
}

func adoptMinutes(a *App, ctx context.Context, tx Tx, d *Decision) error {
	m, err := minutesOf(ctx, tx, d)
	if err != nil {
		return err
	}
	m.Approved = d.ID
	return tx.UpdateMeeting(ctx, m)
}
