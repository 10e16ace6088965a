package plenum_test

import (
	"encoding/json"
	"testing"
	"time"

	"plenum"
)

// meeting calls and opens a Council meeting as Ana, with members present.
func (r *rtu) meeting(t *testing.T, title string, present ...string) *plenum.Meeting {
	t.Helper()
	m, err := r.app.ScheduleMeeting(ctx, r.v["ana"], plenum.ScheduleMeeting{Body: r.body(t, r.root, "Council").ID,
		Title: title, Place: "Union hall", Starts: r.clock.t, Items: []string{"Any other business"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.app.OpenMeeting(ctx, r.v["ana"], m.ID); err != nil {
		t.Fatal(err)
	}
	for _, name := range present {
		if err := r.app.Attend(ctx, r.v[name], m.ID, r.member(t, name), true); err != nil {
			t.Fatalf("%s attends: %v", name, err)
		}
	}
	return m
}

func (r *rtu) inMeeting(t *testing.T, m *plenum.Meeting, title string) *plenum.Decision {
	t.Helper()
	d, err := r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: m.Body, Kind: "resolution", Title: title, Meeting: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestMeetingQuorum(t *testing.T) {
	r := newRTU(t, 0)
	council := r.body(t, r.root, "Council")
	// A motion on the agenda comes first on the meeting's agenda.
	if _, err := r.app.TableMotion(ctx, r.v["ana"], plenum.NewMotion{Body: council.ID, Title: "Dues", Text: "5 EUR."}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.app.ScheduleMeeting(ctx, r.v["olga"], plenum.ScheduleMeeting{Body: council.ID, Title: "x", Starts: r.clock.t}); !plenum.IsKind(err, plenum.Forbidden) {
		t.Errorf("a member outside the council calls a meeting: %v", err)
	}
	m := r.meeting(t, "November sitting", "ana", "grace", "lena")
	p, err := r.app.MeetingPage(ctx, r.v["olga"], m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.Items[0].Title != "Dues" || p.Items[0].Motion == 0 || p.Items[1].Title != "Any other business" {
		t.Errorf("agenda = %+v", p.Items)
	}
	// 3 present of 7 seats; 4 needed.
	if p.Present != 3 || p.Needed != 4 || p.Quorum {
		t.Errorf("quorum = %d of %d, %v", p.Present, p.Needed, p.Quorum)
	}
	wantErr(t, r.app.Attend(ctx, r.v["olga"], m.ID, r.member(t, "olga"), true), plenum.Invalid, "only members of Council")
	wantErr(t, r.app.Attend(ctx, r.v["olga"], m.ID, r.member(t, "marek"), true), plenum.Forbidden, "the chair registers others")

	// Not met: three vote, the meeting has three present.
	d := r.inMeeting(t, m, "Buy chairs")
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "yes", "lena": "yes"})
	wantErr(t, r.app.VoteOnDecision(ctx, r.v["marek"], d.ID, "yes"), plenum.Forbidden, "only members")
	d, err = r.app.CloseDecision(ctx, r.v["ana"], d.ID) // all present have voted
	if err != nil || d.Status != plenum.DecisionFailed || d.Quorum.Present != 3 || d.Quorum.Met {
		t.Fatalf("without quorum: %+v, %v", d, err)
	}

	// Met: Marek arrives, registered by Ana (no chair elected: any member runs it).
	if err := r.app.Attend(ctx, r.v["ana"], m.ID, r.member(t, "marek"), true); err != nil {
		t.Fatal(err)
	}
	d = r.inMeeting(t, m, "Buy tables")
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "no", "lena": "yes", "marek": "yes"})
	if d, err = r.app.CloseDecision(ctx, r.v["ana"], d.ID); err != nil || d.Status != plenum.DecisionAdopted || d.Quorum.Present != 4 {
		t.Fatalf("with quorum: %+v, %v", d, err)
	}

	// Lost: all four vote, then Lena leaves before the vote closes.
	d = r.inMeeting(t, m, "Buy a kettle")
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "yes", "lena": "yes", "marek": "yes"})
	if err := r.app.Attend(ctx, r.v["lena"], m.ID, r.member(t, "lena"), false); err != nil {
		t.Fatal(err)
	}
	if p, _ := r.app.MeetingPage(ctx, r.v["ana"], m.ID); p.Present != 3 || p.Quorum {
		t.Errorf("after Lena left: %d present, quorum %v", p.Present, p.Quorum)
	}
	if d, err = r.app.CloseDecision(ctx, r.v["ana"], d.ID); err != nil || d.Status != plenum.DecisionFailed {
		t.Fatalf("quorum lost: %+v, %v", d, err)
	}
	// Attendance is on the record page of an elected body's member.
	if at, err := r.app.MemberAttendance(ctx, plenum.Visitor(), r.member(t, "lena"), 10); err != nil || len(at) != 1 || at[0].Present() {
		t.Errorf("Lena's attendance = %+v, %v", at, err)
	}
}

func TestChairAndMinutes(t *testing.T) {
	r := newRTU(t, 0)
	council := r.body(t, r.root, "Council")
	first := r.meeting(t, "First sitting", "ana", "grace", "lena", "marek")
	// The body elects Grace to chair; then only she runs its meetings.
	_, err := r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: council.ID, Kind: "chair", Title: "Chair",
		Payload: json.RawMessage(`{"member": ` + r.member(t, "olga").String() + `}`), Meeting: first.ID})
	wantErr(t, err, plenum.Invalid, "elected from the members")
	d, err := r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: council.ID, Kind: "chair", Title: "Grace chairs",
		Payload: json.RawMessage(`{"member": ` + r.member(t, "grace").String() + `}`), Meeting: first.ID})
	if err != nil {
		t.Fatal(err)
	}
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "abstain", "lena": "yes", "marek": "yes"})
	if d, err = r.app.CloseDecision(ctx, r.v["lena"], d.ID); err != nil || d.Status != plenum.DecisionAdopted {
		t.Fatalf("chair: %+v, %v", d, err)
	}
	wantErr(t, r.app.WriteMinutes(ctx, r.v["ana"], first.ID, "x"), plenum.Forbidden, "chair")
	if err := r.app.WriteMinutes(ctx, r.v["grace"], first.ID, "Grace was elected chair."); err != nil {
		t.Fatal(err)
	}
	// The speakers' list: Lena asks for the floor on the first item, the chair gives it.
	p, err := r.app.MeetingPage(ctx, r.v["lena"], first.ID)
	if err != nil {
		t.Fatal(err)
	}
	item := p.Items[0].ID
	if err := r.app.RequestFloor(ctx, r.v["lena"], first.ID, item); err != nil {
		t.Fatal(err)
	}
	wantErr(t, r.app.RequestFloor(ctx, r.v["lena"], first.ID, item), plenum.Conflict, "already")
	wantErr(t, r.app.RequestFloor(ctx, r.v["samir"], first.ID, item), plenum.Forbidden, "present")
	wantErr(t, r.app.GiveFloor(ctx, r.v["ana"], first.ID, item, r.member(t, "lena")), plenum.Forbidden, "chair")
	if err := r.app.GiveFloor(ctx, r.v["grace"], first.ID, item, r.member(t, "lena")); err != nil {
		t.Fatal(err)
	}
	if p, _ = r.app.MeetingPage(ctx, r.v["lena"], first.ID); len(p.Speakers) != 1 || p.Speakers[0].Spoke.IsZero() || p.Chair != "Grace Okafor" {
		t.Errorf("speakers = %+v, chair %q", p.Speakers, p.Chair)
	}
	if err := r.app.CloseMeeting(ctx, r.v["grace"], first.ID); err != nil {
		t.Fatal(err)
	}
	// The minutes are approved at the next meeting, not in the same one.
	r.clock.t = r.clock.t.Add(7 * day)
	next, err := r.app.ScheduleMeeting(ctx, r.v["ana"], plenum.ScheduleMeeting{Body: council.ID, Title: "Second sitting", Starts: r.clock.t})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.app.OpenMeeting(ctx, r.v["grace"], next.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Attend(ctx, r.v["grace"], next.ID, r.member(t, "ana"), true); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"grace", "lena", "marek"} {
		if err := r.app.Attend(ctx, r.v[name], next.ID, r.member(t, name), true); err != nil {
			t.Fatal(err)
		}
	}
	minutes := json.RawMessage(`{"meeting": ` + first.ID.String() + `}`)
	_, err = r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: council.ID, Kind: "minutes", Title: "Minutes", Payload: minutes})
	wantErr(t, err, plenum.Conflict, "next meeting")
	d, err = r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: council.ID, Kind: "minutes", Title: "Minutes of the first sitting",
		Payload: minutes, Meeting: next.ID, Deadline: r.clock.t.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "yes", "lena": "yes", "marek": "yes"})
	if d, err = r.app.CloseDecision(ctx, r.v["ana"], d.ID); err != nil || d.Status != plenum.DecisionAdopted {
		t.Fatalf("minutes: %+v, %v", d, err)
	}
	wantErr(t, r.app.WriteMinutes(ctx, r.v["grace"], first.ID, "changed"), plenum.Conflict, "approved")
	if p, _ := r.app.MeetingPage(ctx, r.v["olga"], first.ID); p.Meeting.Approved != d.ID || p.Meeting.Minutes != "Grace was elected chair." {
		t.Errorf("first meeting = %+v", p.Meeting)
	}
}
