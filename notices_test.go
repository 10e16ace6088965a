package plenum_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/i18n"
)

// addMember adds a member of org with one membership, from the store.
func addMember(t *testing.T, app *plenum.App, org *plenum.Organization, name string, u plenum.UnitID, s plenum.Status, since time.Time) *plenum.Member {
	t.Helper()
	m := &plenum.Member{Org: org.ID, Name: name, Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org", Joined: since,
		Memberships: []plenum.Membership{{Unit: u, Status: s, Since: since}}}
	if err := app.Store.Update(ctx, func(tx plenum.Tx) error { return tx.CreateMembers(ctx, []*plenum.Member{m}) }); err != nil {
		t.Fatal(err)
	}
	return m
}

// noticesOf lists the IDs of the notices member m receives.
func noticesOf(t *testing.T, app *plenum.App, m plenum.MemberID) []plenum.NoticeID {
	t.Helper()
	var ids []plenum.NoticeID
	err := app.Store.View(ctx, func(tx plenum.Tx) error {
		ns, err := tx.MemberNotices(ctx, plenum.NoticeQuery{Member: m, Limit: 100})
		for _, n := range ns {
			ids = append(ids, n.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// allMembers lists every member of org through the root's directory.
func allMembers(t *testing.T, app *plenum.App, org *plenum.Organization) []*plenum.Member {
	t.Helper()
	var out []*plenum.Member
	err := app.Store.View(ctx, func(tx plenum.Tx) (err error) {
		out, err = tx.Directory(ctx, plenum.DirectoryQuery{Unit: unit(t, app, org, "Riverside").ID, Limit: 10000})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestNoticeToUnitReachesItsActiveMembers(t *testing.T) {
	app, clk := testApp(t)
	app.Mail.BaseURL = "https://riverside.example"
	org := riverside(t, app)
	north, south := unit(t, app, org, "Riverside/North branch"), unit(t, app, org, "Riverside/South branch")
	lapsed := addMember(t, app, org, "Lapsed Member", north.ID, plenum.Lapsed, clk.t)
	southOnly := addMember(t, app, org, "South Member", south.ID, plenum.Active, clk.t)
	clk.t = clk.t.Add(time.Hour)
	n := plenum.Notice{Kind: "election", Unit: north.ID, Subject: "notice.test.subject", Text: "notice.test.text",
		Args: []any{"North", 3, clk.t}, Link: "/units/" + north.ID.String()}
	if err := app.Notify(ctx, n); err != nil {
		t.Fatal(err)
	}
	clk.t = clk.t.Add(time.Hour)
	late := addMember(t, app, org, "Late Member", north.ID, plenum.Active, clk.t)

	// Who should have it: the active members of North who joined before it.
	want := map[plenum.MemberID]bool{}
	for _, m := range allMembers(t, app, org) {
		got := len(noticesOf(t, app, m.ID)) == 1
		active := false
		for _, s := range m.Memberships {
			active = active || s.Unit == north.ID && s.Status == plenum.Active && !s.Since.After(clk.t.Add(-2*time.Hour))
		}
		if got != active {
			t.Errorf("%s has the notice: %v, want %v", m.Name, got, active)
		}
		if active {
			want[m.ID] = true
		}
	}
	if len(want) < 10 {
		t.Fatalf("only %d members of North", len(want))
	}
	for _, m := range []*plenum.Member{lapsed, southOnly, late} {
		if want[m.ID] {
			t.Errorf("%s counted in", m.Name)
		}
	}

	// Its email goes to exactly them, once, however often delivery runs.
	for range 2 {
		if _, err := app.DeliverNotices(ctx); err != nil {
			t.Fatal(err)
		}
	}
	msgs := queued(t, app)
	if len(msgs) != len(want) {
		t.Errorf("%d messages, want %d", len(msgs), len(want))
	}
	emails := map[string]bool{}
	for _, m := range allMembers(t, app, org) {
		if want[m.ID] {
			emails[m.Email] = true
		}
	}
	for _, m := range msgs {
		addr := m.To[strings.LastIndex(m.To, "<")+1 : len(m.To)-1]
		if !emails[addr] {
			t.Errorf("message to %s", m.To)
		}
		delete(emails, addr)
		if m.Kind != "notice.election" || m.Unsubscribe == "" || !strings.Contains(m.Text, "https://riverside.example/units/"+north.ID.String()) {
			t.Errorf("message %+v", m)
		}
	}
}

func TestNoticeToMembers(t *testing.T) {
	app, _ := testApp(t)
	org := riverside(t, app)
	ana := member(t, app, org, "ana.ribeiro@riverside-tenants.example")
	kofi := member(t, app, org, "kofi.mensah@riverside-tenants.example")
	grace := member(t, app, org, "grace.okafor@riverside-tenants.example")
	n := plenum.Notice{Kind: "case", To: []plenum.MemberID{kofi.ID, ana.ID, kofi.ID}, Subject: "s", Text: "t", Required: true}
	if err := app.Notify(ctx, n); err != nil {
		t.Fatal(err)
	}
	for m, want := range map[*plenum.Member]int{ana: 1, kofi: 1, grace: 0} {
		if got := len(noticesOf(t, app, m.ID)); got != want {
			t.Errorf("%s has %d notices, want %d", m.Name, got, want)
		}
	}
	if err := app.Notify(ctx, plenum.Notice{Kind: "case", Subject: "s", Text: "t"}); err == nil {
		t.Error("a notice to no one was stored")
	}
}

func TestNotificationsReadAndUnread(t *testing.T) {
	app, clk := testApp(t)
	org := riverside(t, app)
	north := unit(t, app, org, "Riverside/North branch")
	kofi := login(t, app, org, "kofi.mensah@riverside-tenants.example")
	for i := range 5 {
		clk.t = clk.t.Add(time.Minute)
		n := plenum.Notice{Kind: "motion", Unit: north.ID, Subject: "s", Text: "t", Args: []any{i}}
		if i%2 == 1 {
			n.Unit, n.To = 0, []plenum.MemberID{kofi.Member.ID}
		}
		if err := app.Notify(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	unread := func(want int) {
		t.Helper()
		if n, err := app.UnreadNotifications(ctx, kofi); err != nil || n != want {
			t.Errorf("unread = %d, %v; want %d", n, err, want)
		}
	}
	unread(5)
	p, err := app.Notifications(ctx, kofi, 0, 2)
	if err != nil || len(p.Notices) != 2 || p.Next == 0 || p.Notices[0].ID < p.Notices[1].ID {
		t.Fatalf("first page: %+v, %v", p, err)
	}
	all := []plenum.NoticeID{p.Notices[0].ID, p.Notices[1].ID}
	for p.Next != 0 {
		if p, err = app.Notifications(ctx, kofi, p.Next, 2); err != nil {
			t.Fatal(err)
		}
		for _, n := range p.Notices {
			all = append(all, n.ID)
		}
	}
	if len(all) != 5 || !slices.IsSortedFunc(all, func(a, b plenum.NoticeID) int { return int(b - a) }) {
		t.Errorf("pages: %v", all)
	}
	if err := app.MarkNotificationsRead(ctx, kofi, []plenum.NoticeID{all[1], 9999}); err != nil {
		t.Fatal(err)
	}
	unread(4)
	if err := app.MarkNotificationsRead(ctx, kofi, nil); err != nil {
		t.Fatal(err)
	}
	unread(0)
	clk.t = clk.t.Add(time.Minute)
	if err := app.Notify(ctx, plenum.Notice{Kind: "motion", Unit: north.ID, Subject: "s", Text: "t"}); err != nil {
		t.Fatal(err)
	}
	unread(1)
	if _, err := app.Notifications(ctx, plenum.Visitor(), 0, 10); !plenum.IsKind(err, plenum.Forbidden) {
		t.Errorf("a visitor's notifications: %v", err)
	}
}

func TestDeliveryPreferences(t *testing.T) {
	app, clk := testApp(t)
	app.Mail.BaseURL = "https://riverside.example"
	org := riverside(t, app)
	kofi := login(t, app, org, "kofi.mensah@riverside-tenants.example")
	grace := login(t, app, org, "grace.okafor@riverside-tenants.example")
	lena := login(t, app, org, "lena.fischer@riverside-tenants.example")
	set := func(v *plenum.Viewer, kind string, d plenum.Delivery) {
		t.Helper()
		if err := app.SetDeliveries(ctx, v, map[string]plenum.Delivery{kind: d}); err != nil {
			t.Fatal(err)
		}
	}
	set(kofi, "motion", plenum.Off)
	set(grace, "motion", plenum.DailyDigest)
	set(lena, "motion", plenum.WeeklyDigest)
	set(kofi, "election", plenum.Off)
	if err := app.SetDeliveries(ctx, kofi, map[string]plenum.Delivery{"nonsense": plenum.Off}); !plenum.IsKind(err, plenum.Invalid) {
		t.Errorf("unknown kind: %v", err)
	}
	if err := app.SetDeliveries(ctx, kofi, map[string]plenum.Delivery{"motion": plenum.Immediately, "case": "hourly"}); !plenum.IsKind(err, plenum.Invalid) {
		t.Errorf("unknown delivery: %v", err)
	}
	if d, err := app.Deliveries(ctx, kofi); err != nil || d["motion"] != plenum.Off || d["case"] != plenum.Immediately {
		t.Errorf("deliveries %v, %v", d, err)
	}
	to := []plenum.MemberID{kofi.Member.ID, grace.Member.ID, lena.Member.ID}
	send := func(kind string, required bool) {
		t.Helper()
		n := plenum.Notice{Kind: kind, To: to, Subject: "notice.test.subject", Text: "notice.test.text", Args: []any{"x", 1, clk.t}, Required: required, Link: "/x"}
		if err := app.Notify(ctx, n); err != nil {
			t.Fatal(err)
		}
		if _, err := app.DeliverNotices(ctx); err != nil {
			t.Fatal(err)
		}
	}
	send("motion", false)
	msgs := queued(t, app)
	if len(msgs) != 0 {
		t.Errorf("motion: %d messages, want none (off, daily, weekly)", len(msgs))
	}
	// Kofi turned elections off, but the notice of an election in which he
	// votes is required: it comes at once, with no unsubscribe link.
	send("election", true)
	msgs = queued(t, app)
	if len(msgs) != 3 {
		t.Fatalf("required election notice: %d messages, want 3", len(msgs))
	}
	for _, m := range msgs {
		if m.Unsubscribe != "" {
			t.Errorf("a required notice carries an unsubscribe link: %+v", m)
		}
	}
	// The digests: Grace's daily one at the next 06:00, Lena's weekly one
	// on the Monday after (1 March 2026 is a Sunday).
	if n, err := app.SendDigests(ctx); err != nil || n != 0 {
		t.Errorf("digests before their time: %d, %v", n, err)
	}
	clk.t = time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	if n, err := app.SendDigests(ctx); err != nil || n != 2 {
		t.Errorf("digests on Monday morning: %d, %v", n, err)
	}
	msgs = queued(t, app)
	if len(msgs) != 2 {
		t.Fatalf("%d digests queued, want 2", len(msgs))
	}
	if n, err := app.SendDigests(ctx); err != nil || n != 0 {
		t.Errorf("digests again: %d, %v", n, err)
	}
	// Every member keeps the notices in the app, whatever they chose.
	for _, v := range []*plenum.Viewer{kofi, grace, lena} {
		if got := len(noticesOf(t, app, v.Member.ID)); got != 2 {
			t.Errorf("%s has %d notices", v.Member.Name, got)
		}
	}
}

// TestElectionNotices: the electorate hears of nominations, of their
// extension and of the vote, by email too for a member who turned election
// notices off, since these are required.
func TestElectionNotices(t *testing.T) {
	r := newRTU(t, 0)
	r.app.Mail.BaseURL = "https://riverside.example"
	kofi := r.v["kofi"]
	if err := r.app.SetDeliveries(ctx, kofi, map[string]plenum.Delivery{"election": plenum.Off}); err != nil {
		t.Fatal(err)
	}
	e := r.open(t, r.root, "Secretary")
	r.nominate(t, "grace", "grace", e)
	r.clock.t = e.Timeline.NominationsClose
	if _, err := r.app.AdvanceElections(ctx); err != nil {
		t.Fatal(err)
	}
	r.nominate(t, "marek", "marek", e)
	for _, to := range []plenum.ElectionStatus{plenum.ElectionCampaign, plenum.ElectionVoting} {
		r.clock.t = r.clock.t.Add(8 * day)
		if to == plenum.ElectionVoting {
			r.ceremony(t, e, r.kits(t, e))
		}
		if _, err := r.app.AdvanceElection(ctx, e.ID, to); err != nil {
			t.Fatal(err)
		}
	}
	p, err := r.app.Notifications(ctx, kofi, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	l := r.app.I18n.Localizer(i18n.Default)
	var subjects []string
	for _, n := range p.Notices {
		s, text := plenum.NoticeText(l, n)
		subjects = append(subjects, s)
		if !n.Required || n.Link != "/elections/"+e.ID.String() || !strings.Contains(text, "Riverside") {
			t.Errorf("notice %+v: %s", n, text)
		}
	}
	want := []string{"Voting is open: Secretary", "Nominations extended: Secretary", "Nominations are open: Secretary"}
	if !slices.Equal(subjects, want) {
		t.Errorf("Kofi's notices: %q, want %q", subjects, want)
	}
	if _, err := r.app.DeliverNotices(ctx); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range queued(t, r.app) {
		if strings.Contains(m.To, "kofi.mensah@") {
			n++
			if m.Unsubscribe != "" {
				t.Errorf("a required notice with an unsubscribe link: %+v", m)
			}
		}
	}
	if n != 3 {
		t.Errorf("Kofi got %d emails, want 3", n)
	}
}

// FuzzNoticeArgs: whatever is stored as a notice's arguments, reading it
// never panics, and what reads back is written back the same.
func FuzzNoticeArgs(f *testing.F) {
	f.Add(`[{"s":"North"},{"n":3},{"t":"2026-03-01T09:00:00Z"}]`)
	f.Add(`[{}]`)
	f.Add(`[{"n":1e400}]`)
	f.Add(`{"s":"x"}`)
	f.Fuzz(func(t *testing.T, s string) {
		args, err := plenum.DecodeNoticeArgs(s)
		if err != nil {
			return
		}
		enc, err := plenum.EncodeNoticeArgs(args)
		if err != nil {
			t.Fatalf("%q read as %v, which does not write: %v", s, args, err)
		}
		again, err := plenum.DecodeNoticeArgs(enc)
		if err != nil || fmt.Sprint(again) != fmt.Sprint(args) {
			t.Fatalf("%q: %v, then %v (%v)", s, args, again, err)
		}
	})
}
