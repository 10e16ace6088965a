package plenum_test

import (
	"bytes"
	"io"
	"mime/quotedprintable"
	"net/url"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/mail"
	"plenum/mail/mailtest"
	"plenum/sqlstore"
	"plenum/storetest"
)

// Each ballot cast sends its voter the tracker, over SMTP, in their
// language: a new ballot says it replaces the earlier one; an audited
// ballot sends nothing; no message says how anyone voted.
func TestTrackerEmailOverSMTP(t *testing.T) {
	r := newRTUEdited(t, storetest.SQLite(t), func(src string) string {
		return strings.Replace(src, "nominations:\n", "voting:\n  revote: true\nnominations:\n", 1)
	})
	r.app.Mail.BaseURL = "https://riverside.example"
	if err := r.app.SetLanguage(ctx, r.v["tomas"], "es"); err != nil {
		t.Fatal(err)
	}
	e := r.toVoting(t)
	smtpd := mailtest.Start(t, mailtest.Options{TLS: mail.TLSNone})
	sender, err := mail.NewSMTP(smtpd.Config(mail.TLSNone))
	if err != nil {
		t.Fatal(err)
	}
	w := &mail.Worker{Outbox: r.app.Store.(*sqlstore.DB).Outbox(), Sender: sender, Now: r.clock.now, BackoffBase: time.Minute}
	if _, err := w.Drain(ctx); err != nil { // what the election sent before
		t.Fatal(err)
	}
	before := len(smtpd.Messages())

	if _, err := r.cast(t, r.v["ana"], e, true, 2); err != nil {
		t.Fatalf("audit: %v", err)
	}
	first, err := r.cast(t, r.v["ana"], e, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	tomas, err := r.cast(t, r.v["tomas"], e, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	r.clock.t = r.clock.t.Add(time.Hour)
	again, err := r.cast(t, r.v["ana"], e, false, 2)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := w.Drain(ctx); err != nil || n != 3 {
		t.Fatalf("%d messages sent, %v; want one for each of the 3 ballots cast", n, err)
	}
	if n, err := w.Drain(ctx); err != nil || n != 0 {
		t.Fatalf("sent again: %d, %v", n, err)
	}
	for id, n := range smtpd.MessageIDs(t) {
		if n != 1 {
			t.Errorf("%s received %d times", id, n)
		}
	}
	msgs := smtpd.Messages()[before:]
	if len(msgs) != 3 {
		t.Fatalf("%d messages received, want 3", len(msgs))
	}
	body := func(i int) string {
		t.Helper()
		b, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(msgs[i].Data)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	link := func(rc *plenum.Receipt) string {
		return "https://riverside.example/elections/" + e.ID.String() + "/track?tracker=" + url.QueryEscape(rc.Tracker.String())
	}
	for i, c := range []struct {
		to   string
		rc   *plenum.Receipt
		want []string
		not  []string
	}{
		{r.v["ana"].Member.Email, first, []string{"Subject: Your ballot in the election of Secretary, Riverside", "Hello Ana Ribeiro,", "is in the election's record"}, []string{"replaces"}},
		{r.v["tomas"].Member.Email, tomas, []string{"Hola, Tomas Novak:", "Su papeleta en la elección de Secretary"}, []string{"Sustituye"}},
		{r.v["ana"].Member.Email, again, []string{"It replaces the ballot you cast on " + r.clock.t.Add(-time.Hour).Format("2 January 2006, 15:04") + " UTC"}, nil},
	} {
		b := body(i)
		if msgs[i].To != c.to {
			t.Errorf("message %d to %s, want %s", i, msgs[i].To, c.to)
		}
		for _, want := range append(c.want, c.rc.Tracker.String(), link(c.rc)) {
			if !strings.Contains(b, want) {
				t.Errorf("message %d lacks %q:\n%s", i, want, b)
			}
		}
		// Never how they voted: no candidate is named.
		for _, not := range append(c.not, "Grace", "Marek", "Lena") {
			if strings.Contains(b, not) {
				t.Errorf("message %d says %q:\n%s", i, not, b)
			}
		}
	}
}
