package plenum_test

import (
	"strings"
	"testing"
	"time"

	"plenum"
)

func TestLogin(t *testing.T) {
	app, clk := testApp(t)
	org := riverside(t, app)
	const email = "olga.petrova@riverside-tenants.example"
	login(t, app, org, email)

	_, _, err := app.Login(ctx, email, "wrong password", "10.0.0.1")
	if plenum.ErrorKind(err) != plenum.Forbidden {
		t.Fatalf("wrong password: %v", err)
	}
	_, _, err2 := app.Login(ctx, "nobody@example.org", "wrong password", "10.0.0.2")
	if plenum.ErrorMessage(err) != plenum.ErrorMessage(err2) {
		t.Errorf("a wrong password (%q) and an unknown email (%q) must read the same", plenum.ErrorMessage(err), plenum.ErrorMessage(err2))
	}
	for range 4 {
		app.Login(ctx, email, "wrong password", "10.0.0.1")
	}
	_, _, err = app.Login(ctx, " OLGA.petrova@riverside-tenants.example", "correct horse battery", "10.0.0.3")
	if plenum.ErrorKind(err) != plenum.RateLimited {
		t.Fatalf("after 5 failures: %v, want RateLimited", err)
	}
	clk.t = clk.t.Add(16 * time.Minute)
	token, sess, err := app.Login(ctx, " OLGA.petrova@riverside-tenants.example", "correct horse battery", "10.0.0.3")
	if err != nil {
		t.Fatalf("login after the window: %v", err)
	}
	if !sess.Expires.After(clk.t) {
		t.Errorf("session expires %v", sess.Expires)
	}
	v, err := app.Authenticate(ctx, token)
	if err != nil || v.Member == nil || v.Member.Email != email {
		t.Fatalf("authenticate: %+v, %v", v, err)
	}
	if err := app.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	if v, _ := app.Authenticate(ctx, token); !v.IsVisitor() {
		t.Error("the session outlives logout")
	}
	// Sessions expire.
	token, _, _ = app.Login(ctx, email, "correct horse battery", "")
	clk.t = clk.t.Add(31 * 24 * time.Hour)
	if v, _ := app.Authenticate(ctx, token); !v.IsVisitor() {
		t.Error("an expired session still authenticates")
	}
}

func TestDirectoryAccess(t *testing.T) {
	app, _ := testApp(t)
	org := riverside(t, app)
	root := unit(t, app, org, "Riverside")
	north := unit(t, app, org, "Riverside/North branch")
	south := unit(t, app, org, "Riverside/South branch")
	olga := login(t, app, org, "olga.petrova@riverside-tenants.example") // North, no office
	kofi := login(t, app, org, "kofi.mensah@riverside-tenants.example")  // North branch committee
	ana := login(t, app, org, "ana.ribeiro@riverside-tenants.example")   // Secretary of Riverside
	if _, err := app.CreateOperator(ctx, plenum.CommandLine, "operator@example.org", "operator password"); err != nil {
		t.Fatal(err)
	}
	token, _, err := app.Login(ctx, "operator@example.org", "operator password", "")
	if err != nil {
		t.Fatal(err)
	}
	operator, _ := app.Authenticate(ctx, token)

	for _, tc := range []struct {
		who  string
		v    *plenum.Viewer
		unit *plenum.Unit
		want int // members listed, or -1 for Forbidden
	}{
		{"olga", olga, north, 22},
		{"olga", olga, root, 40},
		{"olga", olga, south, -1},
		{"kofi", kofi, south, -1},
		{"ana", ana, south, 18},
		{"visitor", plenum.Visitor(), north, -1},
		{"operator", operator, north, -1},
	} {
		var got []*plenum.Member
		var err error
		after := ""
		for {
			var p *plenum.DirectoryPage
			p, err = app.Directory(ctx, tc.v, tc.unit.ID, "", after, 15)
			if err != nil {
				break
			}
			got = append(got, p.Members...)
			if after = p.Next; after == "" {
				break
			}
		}
		switch {
		case tc.want < 0 && plenum.ErrorKind(err) != plenum.Forbidden:
			t.Errorf("%s, directory of %s: %v, want Forbidden", tc.who, tc.unit.Path, err)
		case tc.want >= 0 && (err != nil || len(got) != tc.want):
			t.Errorf("%s, directory of %s: %d members, %v; want %d", tc.who, tc.unit.Path, len(got), err, tc.want)
		}
	}
	p, err := app.Directory(ctx, olga, root.ID, "  GRACE ", "", 0)
	if err != nil || len(p.Members) != 1 || p.Members[0].Name != "Grace Okafor" {
		t.Errorf("search: %+v, %v", p, err)
	}
	if _, err := app.Directory(ctx, olga, root.ID, "", "!!", 0); plenum.ErrorKind(err) != plenum.Invalid {
		t.Errorf("bad cursor: %v", err)
	}
}

func TestInvitations(t *testing.T) {
	app, clk := testApp(t)
	org := riverside(t, app)
	kofi := login(t, app, org, "kofi.mensah@riverside-tenants.example") // North branch committee
	olga := login(t, app, org, "olga.petrova@riverside-tenants.example")
	rahul := member(t, app, org, "rahul.mehta@riverside-tenants.example") // North
	noah := member(t, app, org, "noah.schmidt@riverside-tenants.example") // South
	ana := member(t, app, org, "ana.ribeiro@riverside-tenants.example")   // founding Secretary

	if _, err := app.Invite(ctx, olga, rahul.ID); plenum.ErrorKind(err) != plenum.Forbidden {
		t.Errorf("a member without office invites: %v, want Forbidden", err)
	}
	if _, err := app.Invite(ctx, kofi, noah.ID); plenum.ErrorKind(err) != plenum.NotFound {
		t.Errorf("an officer of North invites a South member: %v, want NotFound", err)
	}
	if _, err := app.Invite(ctx, kofi, olga.Member.ID); plenum.ErrorKind(err) != plenum.Conflict {
		t.Errorf("inviting a member with an account: %v, want Conflict", err)
	}
	inv, err := app.Invite(ctx, kofi, rahul.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := app.InvitationFor(ctx, inv.Token); err != nil || m.ID != rahul.ID {
		t.Errorf("invitation for: %v, %v", m, err)
	}
	if _, _, err := app.AcceptInvitation(ctx, inv.Token, "short"); plenum.ErrorKind(err) != plenum.Invalid {
		t.Errorf("short password: %v", err)
	}
	token, _, err := app.AcceptInvitation(ctx, inv.Token, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := app.Authenticate(ctx, token); v.Member == nil || v.Member.ID != rahul.ID {
		t.Errorf("accepting does not log in")
	}
	if _, _, err := app.AcceptInvitation(ctx, inv.Token, "a long enough password"); plenum.ErrorKind(err) != plenum.NotFound {
		t.Errorf("second use: %v, want NotFound", err)
	}

	// The operator may invite the holders of founding mandates only.
	app.CreateOperator(ctx, plenum.CommandLine, "op@example.org", "operator password")
	optoken, _, _ := app.Login(ctx, "op@example.org", "operator password", "")
	operator, _ := app.Authenticate(ctx, optoken)
	if _, err := app.Invite(ctx, operator, noah.ID); plenum.ErrorKind(err) != plenum.NotFound {
		t.Errorf("operator invites an ordinary member: %v, want NotFound", err)
	}
	inv, err = app.Invite(ctx, operator, ana.ID)
	if err != nil {
		t.Fatalf("operator invites the founding secretary: %v", err)
	}
	clk.t = clk.t.Add(15 * 24 * time.Hour)
	if _, _, err := app.AcceptInvitation(ctx, inv.Token, "a long enough password"); plenum.ErrorKind(err) != plenum.NotFound {
		t.Errorf("expired invitation: %v, want NotFound", err)
	}
	// The record holds the invitations and the opened account, as internal
	// entries, and never a token.
	for _, e := range verifyRecord(t, app) {
		if strings.Contains(string(e.Payload), inv.Token) {
			t.Errorf("entry %d holds an invitation token", e.Seq)
		}
		if (e.Type == "member.invited" || e.Type == "account.opened") && !e.Internal {
			t.Errorf("entry %d (%s) is public", e.Seq, e.Type)
		}
	}
}

func TestRecordListing(t *testing.T) {
	app, _ := testApp(t)
	org := riverside(t, app)
	olga := login(t, app, org, "olga.petrova@riverside-tenants.example")
	south := unit(t, app, org, "Riverside/South branch")

	types := func(v *plenum.Viewer, f plenum.RecordFilter) map[string]int {
		t.Helper()
		count := map[string]int{}
		for {
			p, err := app.Record(ctx, v, f)
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range p.Entries {
				count[e.Type]++
				if i > 0 && p.Entries[i-1].Seq <= e.Seq {
					t.Errorf("record not newest first")
				}
			}
			if f.Before = p.Next; f.Before == 0 {
				return count
			}
		}
	}
	pub := types(plenum.Visitor(), plenum.RecordFilter{Org: org.ID, Limit: 5})
	if pub["members.imported"] != 0 || pub["account.opened"] != 0 || pub["term.founding"] != 23 || pub["org.founded"] != 1 {
		t.Errorf("public record: %v", pub)
	}
	mine := types(olga, plenum.RecordFilter{Org: org.ID})
	if mine["members.imported"] != 1 || mine["account.opened"] != 1 {
		t.Errorf("member's record: %v", mine)
	}
	bySouth := types(olga, plenum.RecordFilter{Org: org.ID, Unit: south.ID})
	if len(bySouth) != 1 || bySouth["term.founding"] != 4 {
		t.Errorf("South's record: %v", bySouth)
	}
	byType := types(plenum.Visitor(), plenum.RecordFilter{Type: "org.founded"})
	if len(byType) != 1 || byType["org.founded"] != 1 {
		t.Errorf("by type: %v", byType)
	}
}

func TestProfile(t *testing.T) {
	app, _ := testApp(t)
	org := riverside(t, app)
	grace := login(t, app, org, "grace.okafor@riverside-tenants.example")
	p, err := app.Profile(ctx, grace)
	if err != nil {
		t.Fatal(err)
	}
	if p.Member.Name != "Grace Okafor" || len(p.Units) != 1 || p.Units[0].Path != "Riverside/North branch" || len(p.Terms) != 3 {
		t.Errorf("profile: %+v, units %v, %d terms", p.Member, p.Units, len(p.Terms))
	}
	if _, err := app.Profile(ctx, plenum.Visitor()); plenum.ErrorKind(err) != plenum.Forbidden {
		t.Errorf("visitor profile: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	app, _ := testApp(t)
	org := riverside(t, app)
	const email = "olga.petrova@riverside-tenants.example"
	olga := login(t, app, org, email)
	other, _, _ := app.Login(ctx, email, "correct horse battery", "")

	if _, _, err := app.ChangePassword(ctx, plenum.Visitor(), "x", "a new long password"); plenum.ErrorKind(err) != plenum.Forbidden {
		t.Errorf("visitor: %v", err)
	}
	if _, _, err := app.ChangePassword(ctx, olga, "wrong password", "a new long password"); plenum.ErrorKind(err) != plenum.Forbidden {
		t.Errorf("wrong current password: %v", err)
	}
	if _, _, err := app.ChangePassword(ctx, olga, "correct horse battery", "short"); plenum.ErrorKind(err) != plenum.Invalid {
		t.Errorf("short new password: %v", err)
	}
	token, _, err := app.ChangePassword(ctx, olga, "correct horse battery", "a new long password")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := app.Authenticate(ctx, other); !v.IsVisitor() {
		t.Error("an old session survives the password change")
	}
	if v, _ := app.Authenticate(ctx, token); v.Member == nil {
		t.Error("the new session does not authenticate")
	}
	if _, _, err := app.Login(ctx, email, "correct horse battery", ""); err == nil {
		t.Error("the old password still logs in")
	}
	if _, _, err := app.Login(ctx, email, "a new long password", ""); err != nil {
		t.Errorf("the new password: %v", err)
	}
}
