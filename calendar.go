package plenum

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// CalendarEvent is one date of a unit's or a member's calendar: an
// election's nominations or its vote (a window from Start to End).
type CalendarEvent struct {
	UID      string // permanent: "election-7-voting"
	Sequence int    // raised each time the dates move
	Kind     string // "nominations" or "voting"
	Title    string // what it is about: the office's name
	Unit     *Unit  // the unit whose members take part
	Start    time.Time
	End      time.Time
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
// votes of the elections in which they vote, in the units where they have
// an active membership and the units above those. Anyone holding the token
// may call it. Errors: NotFound (a bad token).
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
			events = append(events, es...)
		}
		return nil
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
		off, err := tx.Office(ctx, e.Office)
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
			CalendarEvent{UID: uid + "-nominations", Sequence: e.Extensions, Kind: "nominations", Title: off.Name, Unit: voters,
				Start: e.Timeline.NominationsOpen, End: e.Timeline.NominationsClose, Link: link},
			CalendarEvent{UID: uid + "-voting", Sequence: e.Extensions, Kind: "voting", Title: off.Name, Unit: voters,
				Start: e.Timeline.VotingOpen, End: e.Timeline.VotingClose, Link: link})
	}
	return out, nil
}
