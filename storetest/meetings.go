package storetest

import (
	"fmt"
	"testing"
	"time"

	"plenum"
)

func testMeetings(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "meetings")
	m := &plenum.Meeting{Org: f.org.ID, Body: f.council.ID, Unit: f.land.ID, Title: "Sitting", Place: "Hall",
		Starts: t0, Status: plenum.MeetingScheduled}
	later := *m
	later.Starts = t0.Add(7 * day)
	items := []*plenum.AgendaItem{{Position: 2, Title: "Other business"}, {Position: 1, Title: "Dues"}}
	update(t, s, func(tx plenum.Tx) error {
		for _, x := range []*plenum.Meeting{m, &later} {
			if err := tx.CreateMeeting(ctx, x); err != nil {
				return err
			}
		}
		for _, it := range items {
			it.Meeting = m.ID
			if err := tx.AddAgendaItem(ctx, it); err != nil {
				return err
			}
		}
		return nil
	})
	d := f.decision("Minutes")
	update(t, s, func(tx plenum.Tx) error {
		d.Meeting, d.Quorum.Present = later.ID, 3
		if err := tx.CreateDecision(ctx, d); err != nil {
			return err
		}
		m.Status, m.Opened, m.Closed, m.Minutes, m.Approved = plenum.MeetingClosed, t0, t0.Add(time.Hour), "Done.", d.ID
		return tx.UpdateMeeting(ctx, m)
	})
	missing := *m
	missing.ID = 999
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.UpdateMeeting(ctx, &missing) }), plenum.NotFound)

	at := plenum.Attendance{Meeting: m.ID, Member: f.ms[0].ID, Arrived: t0, By: f.ms[1].ID}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.SetAttendance(ctx, &at); err != nil {
			return err
		}
		other := plenum.Attendance{Meeting: later.ID, Member: f.ms[0].ID, Arrived: later.Starts, By: f.ms[0].ID}
		if err := tx.SetAttendance(ctx, &other); err != nil {
			return err
		}
		at.Left = t0.Add(time.Hour)
		return tx.SetAttendance(ctx, &at)
	})
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.AddSpeaker(ctx, &plenum.Speaker{Item: items[1].ID, Member: f.ms[2].ID, Added: t0}); err != nil {
			return err
		}
		return tx.MarkSpoken(ctx, items[1].ID, f.ms[2].ID, t0.Add(time.Minute))
	})
	update(t, s, func(tx plenum.Tx) error {
		return tx.AddSpeaker(ctx, &plenum.Speaker{Item: items[1].ID, Member: f.ms[2].ID, Added: t0.Add(2 * time.Minute)})
	})
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error {
		return tx.AddSpeaker(ctx, &plenum.Speaker{Item: items[1].ID, Member: f.ms[2].ID, Added: t0.Add(3 * time.Minute)})
	}), plenum.Conflict)
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.MarkSpoken(ctx, items[0].ID, f.ms[2].ID, t0) }), plenum.Conflict)
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.SetChair(ctx, f.council.ID, f.ms[0].ID, d.ID, t0); err != nil {
			return err
		}
		return tx.SetChair(ctx, f.council.ID, f.ms[1].ID, d.ID, t0.Add(day))
	})
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Meeting(ctx, m.ID)
		if err != nil || *got != *m {
			t.Errorf("meeting = %+v, %v; want %+v", got, err, m)
		}
		_, err = tx.Meeting(ctx, 999)
		wantKind(t, err, plenum.NotFound)
		list, err := tx.BodyMeetings(ctx, f.council.ID, 10)
		if err != nil || len(list) != 2 || list[0].ID != later.ID {
			t.Errorf("body meetings: %v, %v", list, err)
		}
		its, err := tx.AgendaItems(ctx, m.ID)
		if err != nil || len(its) != 2 || its[0].Title != "Dues" || *its[0] != *items[1] {
			t.Errorf("agenda = %+v, %v", its, err)
		}
		att, err := tx.MeetingAttendance(ctx, m.ID)
		at.Name = f.ms[0].Name
		if err != nil || len(att) != 1 || att[0] != at {
			t.Errorf("attendance = %+v, %v; want %+v", att, err, at)
		}
		mine, err := tx.MemberAttendance(ctx, f.ms[0].ID, 10)
		if err != nil || len(mine) != 2 || mine[0].Meeting != later.ID {
			t.Errorf("member attendance = %+v, %v", mine, err)
		}
		sp, err := tx.Speakers(ctx, m.ID)
		if err != nil || len(sp) != 2 || sp[0].Spoke.IsZero() || !sp[1].Spoke.IsZero() || sp[0].Name != f.ms[2].Name {
			t.Errorf("speakers = %+v, %v", sp, err)
		}
		chair, err := tx.Chair(ctx, f.council.ID)
		if err != nil || chair != f.ms[1].ID {
			t.Errorf("chair = %v, %v", chair, err)
		}
		if none, err := tx.Chair(ctx, 999); err != nil || none != 0 {
			t.Errorf("chair of no body = %v, %v", none, err)
		}
		got2, err := tx.Decision(ctx, d.ID)
		if err != nil || fmt.Sprintf("%+v", *got2) != fmt.Sprintf("%+v", *d) {
			t.Errorf("decision in a meeting = %+v, %v", got2, err)
		}
		return nil
	})
}
