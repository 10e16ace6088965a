package plenum

import (
	"cmp"
	"context"
	"crypto/hmac"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CalendarEvent is one date of a unit's or a member's calendar: an
// election's nominations or its vote (a window from Start to End), or a
// meeting of a body (from Start, with no set end).
type CalendarEvent struct {
	UID      string // permanent: "election-7-voting", "meeting-3"
	Sequence int    // raised each time the dates move
	Kind     string // "nominations", "voting" or "meeting"
	Title    string // what it is about: the office's name, or the body's and the meeting's
	Unit     *Unit  // the unit whose members take part
	Start    time.Time
	End      time.Time
	Place    string // a meeting's
	Link     string // path on the site
}

// UnitCalendar lists the public dates of a unit: the nominations and votes
// of its offices' elections. Anyone may call it. Errors: NotFound.
func (a *App) UnitCalendar(ctx context.Context, unit UnitID) (*Unit, []CalendarEvent, error) {
	var u *Unit
	var events []CalendarEvent
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		if u, err = tx.Unit(ctx, unit); err != nil {
			return err
		}
		events, err = a.electionDates(ctx, tx, u, nil)
		return err
	})
	return u, events, wrap("unit calendar", err)
}

// CalendarPath is the private address of member m's calendar feed. Calendar
// programs carry no session, so the address itself is the key: it holds a
// MAC under the instance key, and is shown to the member only.
func (a *App) CalendarPath(m MemberID) string {
	return "/calendar/" + m.String() + "." + base64.RawURLEncoding.EncodeToString(a.linkMAC("calendar", m.String())) + ".ics"
}

// MemberCalendar lists the dates of the member whose calendar token (the
// last part of CalendarPath, without ".ics") is token: the nominations and
// votes of the elections in which they vote, and the meetings of the bodies
// (internal matters, which a unit's public calendar leaves out), in the
// units where they have an active membership and the units above those.
// Anyone holding the token may call it. Errors: NotFound (a bad token).
func (a *App) MemberCalendar(ctx context.Context, token string) (*Member, []CalendarEvent, error) {
	const op = "member calendar"
	id, mac, _ := strings.Cut(token, ".")
	n, err := strconv.ParseInt(id, 10, 64)
	got, merr := base64.RawURLEncoding.DecodeString(mac)
	if err != nil || merr != nil || n <= 0 || !hmac.Equal(got, a.linkMAC("calendar", id)) {
		return nil, nil, Errorf(NotFound, op, "no such calendar")
	}
	var m *Member
	var events []CalendarEvent
	err = a.Store.View(ctx, func(tx Tx) (err error) {
		if m, err = tx.Member(ctx, MemberID(n)); err != nil {
			return err
		}
		scope := map[UnitID]*Unit{}
		for _, ms := range m.Memberships {
			if ms.Status != Active {
				continue
			}
			chain, err := tx.Ancestors(ctx, ms.Unit)
			if err != nil {
				return err
			}
			u, err := tx.Unit(ctx, ms.Unit)
			if err != nil {
				return err
			}
			for _, x := range append(chain, u) {
				scope[x.ID] = x
			}
		}
		for _, u := range scope {
			es, err := a.electionDates(ctx, tx, u, scope)
			if err != nil {
				return err
			}
			ms, err := a.meetingDates(ctx, tx, u)
			if err != nil {
				return err
			}
			events = append(append(events, es...), ms...)
		}
		return nil
	})
	slices.SortFunc(events, func(x, y CalendarEvent) int {
		return cmp.Or(x.Start.Compare(y.Start), strings.Compare(x.UID, y.UID))
	})
	return m, events, wrap(op, err)
}

// electionDates lists the nominations and votes of u's elections, keeping
// only those whose electorate is in electorates when it is not nil.
// Elections called off before nominations have no dates to keep.
func (a *App) electionDates(ctx context.Context, tx Tx, u *Unit, electorates map[UnitID]*Unit) ([]CalendarEvent, error) {
	es, err := tx.Elections(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []CalendarEvent
	for _, e := range es {
		if electorates != nil && electorates[e.Electorate] == nil {
			continue
		}
		title, err := a.calendarTitle(ctx, tx, e)
		if err != nil {
			return nil, err
		}
		voters := u
		if e.Electorate != u.ID {
			if voters, err = tx.Unit(ctx, e.Electorate); err != nil {
				return nil, err
			}
		}
		uid := "election-" + e.ID.String()
		link := "/elections/" + e.ID.String()
		out = append(out,
			CalendarEvent{UID: uid + "-nominations", Sequence: e.Extensions, Kind: "nominations", Title: title, Unit: voters,
				Start: e.Timeline.NominationsOpen, End: e.Timeline.NominationsClose, Link: link},
			CalendarEvent{UID: uid + "-voting", Sequence: e.Extensions, Kind: "voting", Title: title, Unit: voters,
				Start: e.Timeline.VotingOpen, End: e.Timeline.VotingClose, Link: link})
	}
	return out, nil
}

// calendarTitle is what an election's dates are called in a calendar: the
// office's name, or a referendum's motion by number (a unit's calendar is
// public, its motions are not).
func (a *App) calendarTitle(ctx context.Context, tx Tx, e *Election) (string, error) {
	if e.Motion != 0 {
		return "Referendum on motion " + e.Motion.String(), nil
	}
	if e.Decides != 0 {
		return "Secret vote on decision " + e.Decides.String(), nil
	}
	off, err := tx.Office(ctx, e.Office)
	if err != nil {
		return "", err
	}
	return off.Name, nil
}

// meetingsInCalendar is how many of each body's latest meetings a member's
// calendar shows.
const meetingsInCalendar = 50

// meetingDates lists the latest meetings of u's bodies.
func (a *App) meetingDates(ctx context.Context, tx Tx, u *Unit) ([]CalendarEvent, error) {
	bodies, err := tx.Bodies(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []CalendarEvent
	for _, b := range bodies {
		ms, err := tx.BodyMeetings(ctx, b.ID, meetingsInCalendar)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			out = append(out, CalendarEvent{UID: "meeting-" + m.ID.String(), Kind: "meeting", Title: b.Name + ": " + m.Title,
				Unit: u, Start: m.Starts, Place: m.Place, Link: "/meetings/" + m.ID.String()})
		}
	}
	return out, nil
}
