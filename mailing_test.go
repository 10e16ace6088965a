package plenum_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/mail"
	"plenum/sqlstore"
)

// queued claims every message the app has queued.
func queued(t *testing.T, app *plenum.App) []mail.Message {
	t.Helper()
	claimed, err := app.Store.(*sqlstore.DB).Outbox().Claim(ctx, time.Now().Add(24*time.Hour), time.Minute, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []mail.Message
	for _, c := range claimed {
		out = append(out, c.Message)
	}
	return out
}

func TestInvitationEmail(t *testing.T) {
	app, _ := testApp(t)
	app.Mail.BaseURL = "https://riverside.example"
	org := riverside(t, app)
	ana := login(t, app, org, "ana.ribeiro@riverside-tenants.example") // Secretary
	patrick := member(t, app, org, "patrick.oneill@riverside-tenants.example")
	inv, err := app.Invite(ctx, ana, patrick.ID)
	if err != nil || !inv.Emailed {
		t.Fatalf("invite: %+v, %v", inv, err)
	}
	msgs := queued(t, app)
	if len(msgs) != 1 {
		t.Fatalf("%d messages queued, want 1", len(msgs))
	}
	m := msgs[0]
	link := "https://riverside.example/invitations/" + inv.Token
	if m.To != `"Patrick O'Neill" <patrick.oneill@riverside-tenants.example>` || m.Kind != "invitation" || m.Unsubscribe != "" {
		t.Errorf("message: to %q, kind %q, unsubscribe %q", m.To, m.Kind, m.Unsubscribe)
	}
	if m.Subject != "Your invitation to Riverside Tenants' Union" || m.Lang != "en" {
		t.Errorf("subject %q, lang %q", m.Subject, m.Lang)
	}
	if !strings.Contains(m.Text, "Hello Patrick O'Neill,") || !strings.Contains(m.Text, "\n"+link+"\n") || !strings.Contains(m.Text, "15 March 2026") {
		t.Errorf("text:\n%s", m.Text)
	}
	if !strings.Contains(m.HTML, `<a href="`+link+`">`) || !strings.Contains(m.HTML, "Patrick O&#39;Neill") {
		t.Errorf("html:\n%s", m.HTML)
	}
	if !strings.HasSuffix(m.ID, "@riverside.example") {
		t.Errorf("Message-ID %q", m.ID)
	}

	// The inviter's language is used when the member has chosen none.
	if err := app.SetLanguage(ctx, ana, "es"); err != nil {
		t.Fatal(err)
	}
	grace := member(t, app, org, "kofi.mensah@riverside-tenants.example")
	if _, err := app.Invite(ctx, ana, grace.ID); err != nil {
		t.Fatal(err)
	}
	msgs = queued(t, app)
	if len(msgs) != 1 || msgs[0].Subject != "Tu invitación a Riverside Tenants' Union" || !strings.Contains(msgs[0].Text, "15 de marzo de 2026") {
		t.Errorf("Spanish invitation: %+v", msgs)
	}
}

func TestInvitationWithoutEmail(t *testing.T) {
	app, _ := testApp(t)
	org := riverside(t, app)
	ana := login(t, app, org, "ana.ribeiro@riverside-tenants.example")
	inv, err := app.Invite(ctx, ana, member(t, app, org, "patrick.oneill@riverside-tenants.example").ID)
	if err != nil || inv.Emailed || inv.Token == "" {
		t.Fatalf("invite: %+v, %v", inv, err)
	}
	if n := len(queued(t, app)); n != 0 {
		t.Errorf("%d messages queued with email off", n)
	}
}

func TestLanguage(t *testing.T) {
	app, _ := testApp(t)
	org := riverside(t, app)
	ana := login(t, app, org, "ana.ribeiro@riverside-tenants.example")
	if err := app.SetLanguage(ctx, plenum.Visitor(), "es"); plenum.ErrorKind(err) != plenum.Forbidden {
		t.Errorf("visitor: %v", err)
	}
	if err := app.SetLanguage(ctx, ana, "fr"); plenum.ErrorKind(err) != plenum.Invalid {
		t.Errorf("French: %v", err)
	}
	for _, lang := range []string{"es", "", "en"} {
		if err := app.SetLanguage(ctx, ana, lang); err != nil {
			t.Fatal(err)
		}
		if got, err := app.Language(ctx, ana); got != lang || err != nil {
			t.Errorf("Language = %q, %v, want %q", got, err, lang)
		}
	}
}

func TestEmailArticle(t *testing.T) {
	app, c := testApp(t)
	app.Mail.BaseURL = "https://riverside.example"
	org := riverside(t, app)
	root, north := unit(t, app, org, "Riverside"), unit(t, app, org, "Riverside/North branch")
	ana := login(t, app, org, "ana.ribeiro@riverside-tenants.example")
	patrick := login(t, app, org, "patrick.oneill@riverside-tenants.example")
	pub, err := app.PublishArticle(ctx, ana, draft(root, "Rent strike", true))
	if err != nil {
		t.Fatal(err)
	}
	internal, err := app.PublishArticle(ctx, patrick, draft(north, "Branch matters", false))
	if err != nil {
		t.Fatal(err)
	}
	share := func(v *plenum.Viewer, id plenum.ArticleID, to, note, client string) error {
		return app.EmailArticle(ctx, v, plenum.ArticleShare{Article: id, To: to, Note: note, Client: client, Lang: "es"})
	}
	tests := []struct {
		name string
		v    *plenum.Viewer
		id   plenum.ArticleID
		to   string
		note string
		want plenum.Kind
	}{
		{"members-only article", patrick, internal.ID, "friend@example.org", "", plenum.Forbidden},
		{"visitor, members-only article", plenum.Visitor(), internal.ID, "friend@example.org", "", plenum.NotFound},
		{"visitor with a note", plenum.Visitor(), pub.ID, "friend@example.org", "buy pills", plenum.Invalid},
		{"not an address", patrick, pub.ID, "friend", "", plenum.Invalid},
		{"two addresses", patrick, pub.ID, "a@example.org, b@example.org", "", plenum.Invalid},
		{"long note", patrick, pub.ID, "friend@example.org", strings.Repeat("x", 501), plenum.Invalid},
	}
	for _, tt := range tests {
		if err := share(tt.v, tt.id, tt.to, tt.note, "192.0.2.1"); plenum.ErrorKind(err) != tt.want {
			t.Errorf("%s: %v, want kind %v", tt.name, err, tt.want)
		}
	}
	if n := len(queued(t, app)); n != 0 {
		t.Fatalf("%d messages queued by refused shares", n)
	}

	if err := share(patrick, pub.ID, "Friend <friend@example.org>", "Read this!", ""); err != nil {
		t.Fatal(err)
	}
	msgs := queued(t, app)
	if len(msgs) != 1 {
		t.Fatalf("%d queued", len(msgs))
	}
	m := msgs[0]
	for _, want := range []string{"Patrick O'Neill cree que", "Rent strike\nAna Ribeiro, 1 de marzo de 2026", "About Rent strike",
		"https://riverside.example/articles/" + pub.ID.String(), "Su nota:\nRead this!"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	if m.To != "friend@example.org" || m.Subject != "Riverside Tenants' Union: Rent strike" || strings.Contains(m.Text, "# Rent strike") {
		t.Errorf("to %q, subject %q", m.To, m.Subject)
	}

	// The throttle: 10 an hour per visitor's address, 5 a day to one address.
	for i := range 10 {
		if err := share(plenum.Visitor(), pub.ID, fmt.Sprintf("r%d@example.org", i), "", "198.51.100.7"); err != nil {
			t.Fatalf("visitor share %d: %v", i+1, err)
		}
	}
	if err := share(plenum.Visitor(), pub.ID, "r99@example.org", "", "198.51.100.7"); plenum.ErrorKind(err) != plenum.RateLimited {
		t.Errorf("11th share in an hour: %v", err)
	}
	if err := share(plenum.Visitor(), pub.ID, "r99@example.org", "", "198.51.100.8"); err != nil {
		t.Errorf("another visitor: %v", err)
	}
	for i := range 4 {
		if err := share(plenum.Visitor(), pub.ID, "target@example.org", "", fmt.Sprintf("203.0.113.%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := share(patrick, pub.ID, "target@example.org", "", ""); err != nil {
		t.Fatal(err)
	}
	if err := share(ana, pub.ID, "TARGET@example.org", "", ""); plenum.ErrorKind(err) != plenum.RateLimited {
		t.Errorf("6th share to one address in a day: %v", err)
	}
	c.t = c.t.Add(25 * time.Hour)
	if err := share(ana, pub.ID, "target@example.org", "", ""); err != nil {
		t.Errorf("a day later: %v", err)
	}
	if n := len(queued(t, app)); n != 10+1+5+1 {
		t.Errorf("%d messages queued, want 17", n)
	}
}

func TestStatementToMembers(t *testing.T) {
	onBoth(t, func(t *testing.T, app *plenum.App, c *clock) {
		app.Mail.BaseURL = "https://riverside.example"
		org := riverside(t, app)
		root, north := unit(t, app, org, "Riverside"), unit(t, app, org, "Riverside/North branch")
		ana := login(t, app, org, "ana.ribeiro@riverside-tenants.example") // Secretary of Riverside
		patrick := login(t, app, org, "patrick.oneill@riverside-tenants.example")
		if _, err := app.PublishArticle(ctx, patrick, plenum.ArticleDraft{Unit: north.ID, Kind: plenum.KindArticle, Title: "T", Body: "x", Notify: true}); plenum.ErrorKind(err) != plenum.Forbidden {
			t.Errorf("a member sends to everyone: %v", err)
		}
		d := plenum.ArticleDraft{Unit: root.ID, Kind: plenum.KindStatement, Title: "General meeting", Summary: "On 3 December.",
			Body: "Come.", Public: true, Notify: true}
		publish := func() []mail.Message {
			t.Helper()
			if _, err := app.PublishArticle(ctx, ana, d); err != nil {
				t.Fatal(err)
			}
			if _, err := app.DeliverNotices(ctx); err != nil {
				t.Fatal(err)
			}
			return queued(t, app)
		}
		msgs := publish()
		all := len(strings.Split(strings.TrimSpace(string(example(t, "members.csv"))), "\n")) - 1
		if len(msgs) != all {
			t.Fatalf("%d messages, want one to each of the %d members", len(msgs), all)
		}
		var toPatrick *mail.Message
		for i, m := range msgs {
			if strings.Contains(m.To, "patrick.oneill@") {
				toPatrick = &msgs[i]
			}
			if !strings.HasPrefix(m.Unsubscribe, "https://riverside.example/unsubscribe/") {
				t.Fatalf("no unsubscribe link: %+v", m)
			}
		}
		if toPatrick == nil || !strings.Contains(toPatrick.Text, "Hello Patrick O'Neill,") || !strings.Contains(toPatrick.Text, "On 3 December.") ||
			toPatrick.Subject != "Riverside Tenants' Union: General meeting" {
			t.Fatalf("Patrick's message: %+v", toPatrick)
		}

		// Patrick follows his link: he gets no more statements.
		token := strings.TrimPrefix(toPatrick.Unsubscribe, "https://riverside.example/unsubscribe/")
		for _, bad := range []string{"", "x", token + "x", strings.Replace(token, patrick.Member.ID.String()+".", "1.", 1)} {
			if _, err := app.Unsubscribe(ctx, bad, true); plenum.ErrorKind(err) != plenum.NotFound {
				t.Errorf("token %q: %v", bad, err)
			}
		}
		u, err := app.Unsubscribe(ctx, token, true)
		if err != nil || u.Member.ID != patrick.Member.ID || u.Kind != "statement" {
			t.Fatalf("unsubscribe: %+v, %v", u, err)
		}
		c.t = c.t.Add(time.Hour)
		d.Title = "Second"
		msgs = publish()
		if len(msgs) != all-1 {
			t.Errorf("%d messages after an unsubscription, want %d", len(msgs), all-1)
		}
		for _, m := range msgs {
			if strings.Contains(m.To, "patrick.oneill@") {
				t.Error("Patrick still gets statements")
			}
		}
	})
}
