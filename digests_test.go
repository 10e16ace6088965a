package plenum_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"plenum"
	"plenum/mail"
	"plenum/mail/mailtest"
	"plenum/sqlstore"
)

func TestDigestCutoff(t *testing.T) {
	for _, tc := range []struct {
		cadence   plenum.Delivery
		now, want string
	}{
		{plenum.DailyDigest, "2026-03-04T05:59:00Z", "2026-03-03T06:00:00Z"},
		{plenum.DailyDigest, "2026-03-04T06:00:00Z", "2026-03-04T06:00:00Z"},
		{plenum.WeeklyDigest, "2026-03-04T12:00:00Z", "2026-03-02T06:00:00Z"}, // Wednesday: that Monday
		{plenum.WeeklyDigest, "2026-03-02T05:00:00Z", "2026-02-23T06:00:00Z"}, // Monday before six: the Monday before
		{plenum.WeeklyDigest, "2026-03-01T23:00:00Z", "2026-02-23T06:00:00Z"}, // Sunday
	} {
		now, _ := time.Parse(time.RFC3339, tc.now)
		if got := plenum.DigestCutoff(tc.cadence, now).Format(time.RFC3339); got != tc.want {
			t.Errorf("%s at %s: %s, want %s", tc.cadence, tc.now, got, tc.want)
		}
	}
}

// TestDigestsOverSMTP sends daily digests through a real SMTP server that is
// down when they are due: they are retried once it is back, and each member
// gets exactly one, however many nodes queue digests at once.
func TestDigestsOverSMTP(t *testing.T) {
	app, clk := testApp(t)
	app.Mail.BaseURL = "https://riverside.example"
	org := riverside(t, app)
	smtpd := mailtest.Start(t, mailtest.Options{TLS: mail.TLSNone})
	sender, err := mail.NewSMTP(smtpd.Config(mail.TLSNone))
	if err != nil {
		t.Fatal(err)
	}
	w := &mail.Worker{Outbox: app.Store.(*sqlstore.DB).Outbox(), Sender: sender, Now: clk.now, BackoffBase: time.Minute}

	var daily []*plenum.Member
	for _, email := range []string{"kofi.mensah@riverside-tenants.example", "grace.okafor@riverside-tenants.example"} {
		m := member(t, app, org, email)
		if err := app.SetDeliveries(ctx, &plenum.Viewer{Member: m}, map[string]plenum.Delivery{"motion": plenum.DailyDigest}); err != nil {
			t.Fatal(err)
		}
		daily = append(daily, m)
	}
	if err := app.SetLanguage(ctx, &plenum.Viewer{Member: daily[1]}, "es"); err != nil {
		t.Fatal(err)
	}
	lena := member(t, app, org, "lena.fischer@riverside-tenants.example") // immediately
	for i := range 3 {
		clk.t = clk.t.Add(time.Hour)
		n := plenum.Notice{Kind: "motion", To: []plenum.MemberID{daily[0].ID, daily[1].ID, lena.ID},
			Subject: "notice.test.subject", Text: "notice.test.text", Args: []any{"motion", i, clk.t}, Link: "/motions/1"}
		if err := app.Notify(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.DeliverNotices(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := w.Drain(ctx); err != nil || n != 3 {
		t.Fatalf("immediate messages: %d sent, %v; want Lena's 3", n, err)
	}

	// The SMTP server goes down; the digests fall due.
	smtpd.Stop()
	clk.t = time.Date(2026, 3, 2, 6, 30, 0, 0, time.UTC)
	var wg sync.WaitGroup
	counts := make([]int, 3)
	for i := range counts {
		wg.Go(func() {
			var err error
			if counts[i], err = app.SendDigests(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if counts[0]+counts[1]+counts[2] != 2 {
		t.Fatalf("digests queued by three nodes: %v, want 2 in all", counts)
	}
	if n, err := w.Drain(ctx); err != nil || n != 0 {
		t.Fatalf("sent during the outage: %d, %v", n, err)
	}
	smtpd.Listen(t, mailtest.Options{TLS: mail.TLSNone, Addr: smtpd.Addr()})
	clk.t = clk.t.Add(2 * time.Minute) // past the first backoff
	if n, err := w.Drain(ctx); err != nil || n != 2 {
		t.Fatalf("after the outage: %d sent, %v; want 2", n, err)
	}
	clk.t = clk.t.Add(24 * time.Hour)
	if n, err := app.SendDigests(ctx); err != nil || n != 0 {
		t.Errorf("digests the next day, with nothing new: %d, %v", n, err)
	}
	if n, err := w.Drain(ctx); err != nil || n != 0 {
		t.Errorf("sent again: %d, %v", n, err)
	}
	for id, n := range smtpd.MessageIDs(t) {
		if n != 1 {
			t.Errorf("%s received %d times", id, n)
		}
	}
	msgs := smtpd.Messages()
	if len(msgs) != 5 {
		t.Fatalf("%d messages received, want 5", len(msgs))
	}
	for _, r := range msgs[3:] {
		body := string(bytes.ReplaceAll(r.Data, []byte("=\r\n"), nil))
		switch r.To {
		case daily[0].Email:
			if !strings.Contains(body, "your daily digest, 3 notices") || strings.Count(body, "https://riverside.example/motions/1") < 3 {
				t.Errorf("Kofi's digest:\n%s", body)
			}
		case daily[1].Email:
			if !strings.Contains(body, "resumen diario") {
				t.Errorf("Grace's digest is not in Spanish:\n%s", body)
			}
		default:
			t.Errorf("a digest to %s", r.To)
		}
	}
}
