package plenum_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"plenum"
	"plenum/i18n"
	"plenum/mail"
	"plenum/mail/mailtest"
	"plenum/sqlstore"
	"plenum/storetest"
)

// trusteeNotices counts the notices to trustees k has, by text key; each
// must be required, link to k's trustee page and name k's index.
func (r *rtu) trusteeNotices(t *testing.T, k *kit, e *plenum.Election) map[string]int {
	t.Helper()
	p, err := r.app.Notifications(ctx, k.v, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, n := range p.Notices {
		if !strings.HasPrefix(n.Text, "notice.trustee.") {
			continue
		}
		got[strings.TrimPrefix(n.Text, "notice.trustee.")]++
		if !n.Required || n.Link != "/elections/"+e.ID.String()+"/trustee" || len(n.Args) != 4 || n.Args[3] != int64(k.index) {
			t.Errorf("trustee %d's notice %+v", k.index, n)
		}
	}
	return got
}

// wantTrusteeNotices checks what each trustee was told, by text key.
func (r *rtu) wantTrusteeNotices(t *testing.T, e *plenum.Election, ks []*kit, want ...map[string]int) {
	t.Helper()
	for i, k := range ks {
		got := r.trusteeNotices(t, k, e)
		if len(got) != len(want[i]) {
			t.Errorf("trustee %d was told %v, want %v", k.index, got, want[i])
			continue
		}
		for key, n := range want[i] {
			if got[key] != n {
				t.Errorf("trustee %d was told %v, want %v", k.index, got, want[i])
			}
		}
	}
}

// Each trustee is told once when each step is due from them, with its
// deadline, and reminded once, a quarter of its time before the deadline,
// if they have not taken it; however often the clock looks.
func TestTrusteesToldWhenAStepIsDue(t *testing.T) {
	r := newRTU(t, 0) // the Secretary is elected by irv: the trustees mix
	e := r.toCampaign(t)
	ks := r.kits(t, e)
	deadline := e.Timeline.VotingOpen.Add(trusteeDeadline)
	told := map[string]int{"keys.told": 1}
	r.wantTrusteeNotices(t, e, ks, told, told, told)
	p, _ := r.app.Notifications(ctx, ks[2].v, 0, 1)
	if n := p.Notices[0]; n.Subject != "notice.trustee.due_subject" || !n.Args[2].(time.Time).Equal(deadline) {
		t.Fatalf("the notice of the keys: %+v, want the deadline %s", n, deadline)
	}

	// Two trustees send their keys; the clock looks often; a quarter of
	// the step's time before its deadline, the third is reminded, once.
	r.sendKeys(t, e, ks[:2])
	for at := e.Timeline.VotingOpen; at.Before(deadline); at = at.Add(6 * time.Hour) {
		r.tick(t, at)
	}
	reminded := map[string]int{"keys.told": 1, "keys.reminded": 1}
	r.wantTrusteeNotices(t, e, ks, told, told, reminded)
	if e := r.election(t, e.ID); e.Status != plenum.ElectionCampaign {
		t.Fatalf("the election moved on: %+v", e)
	}

	// The third sends theirs: the shares are due from everyone, then the
	// check of the shares; no complaint, so nobody answers one.
	r.sendKeys(t, e, ks[2:])
	r.deal(t, e, ks)
	r.check(t, e, ks)
	key := map[string]int{"keys.told": 1, "deal.told": 1, "complaints.told": 1}
	r.wantTrusteeNotices(t, e, ks, key, key, map[string]int{"keys.told": 1, "keys.reminded": 1, "deal.told": 1, "complaints.told": 1})

	// After the vote, their mixes, then their decryptions; the trustees
	// who have decrypted are not reminded, the one who has not is.
	e = r.voteAndClose(t, e)
	for _, k := range ks {
		r.mix(t, k, e)
	}
	if err := r.decrypt(t, ks[0], e); err != nil {
		t.Fatal(err)
	}
	closed := r.clock.t
	for at := closed; at.Before(closed.Add(trusteeDeadline)); at = at.Add(6 * time.Hour) {
		r.tick(t, at)
	}
	after := func(extra ...string) map[string]int {
		m := map[string]int{"keys.told": 1, "deal.told": 1, "complaints.told": 1, "mix.told": 1, "decrypt.told": 1}
		for _, k := range extra {
			m[k] = 1
		}
		return m
	}
	r.wantTrusteeNotices(t, e, ks, after(), after("decrypt.reminded"), after("keys.reminded", "decrypt.reminded"))
	if err := r.decrypt(t, ks[1], e); err != nil {
		t.Fatal(err)
	}
	r.wantResult(t, e, 1, 2)
	r.tick(t, r.clock.t.Add(trusteeDeadline))
	r.wantTrusteeNotices(t, e, ks, after(), after("decrypt.reminded"), after("keys.reminded", "decrypt.reminded"))
}

// A plurality vote: no mix-net; the trustees are told to decrypt as soon
// as the vote closes.
func TestTrusteesToldToDecrypt(t *testing.T) {
	r := newRTUMethod(t, "plurality")
	e := r.toCampaign(t)
	ks := r.kits(t, e)
	r.ceremony(t, e, ks)
	e = r.voteAndClose(t, e)
	want := map[string]int{"keys.told": 1, "deal.told": 1, "complaints.told": 1, "decrypt.told": 1}
	r.wantTrusteeNotices(t, e, ks, want, want, want)
}

// The notice reaches the trustee by email over SMTP, in their language,
// with the deadline to the minute and the link to their trustee's page.
func TestTrusteeNoticeOverSMTP(t *testing.T) {
	r := newRTUOn(t, storetest.SQLite(t))
	r.app.Mail.BaseURL = "https://riverside.example"
	smtpd := mailtest.Start(t, mailtest.Options{TLS: mail.TLSNone})
	sender, err := mail.NewSMTP(smtpd.Config(mail.TLSNone))
	if err != nil {
		t.Fatal(err)
	}
	w := &mail.Worker{Outbox: r.app.Store.(*sqlstore.DB).Outbox(), Sender: sender, Now: r.clock.now, BackoffBase: time.Minute}
	e := r.open(t, r.root, "Secretary")
	for _, who := range []string{"grace", "lena", "marek"} {
		r.nominate(t, who, who, e)
	}
	if _, err := r.app.DeliverNotices(ctx); err != nil { // what the election sent before
		t.Fatal(err)
	}
	if _, err := w.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	before := len(smtpd.Messages())
	r.clock.t = e.Timeline.NominationsClose
	e = r.advance(t, e, plenum.ElectionCampaign)
	ks := r.kits(t, e)
	if err := r.app.SetLanguage(ctx, ks[1].v, "es"); err != nil {
		t.Fatal(err)
	}
	// A trustee who turned election notices off gets this one all the same.
	if err := r.app.SetDeliveries(ctx, ks[0].v, map[string]plenum.Delivery{"election": plenum.Off}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.app.DeliverNotices(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := w.Drain(ctx); err != nil || n != 3 {
		t.Fatalf("%d messages sent, %v; want one to each of the 3 trustees", n, err)
	}
	deadline := e.Timeline.VotingOpen.Add(trusteeDeadline)
	to := map[string]int{}
	for _, k := range ks {
		to[k.v.Member.Email] = k.index
	}
	for _, m := range smtpd.Messages()[before:] {
		b, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(m.Data)))
		if err != nil {
			t.Fatal(err)
		}
		body := string(b)
		want := []string{"Subject: Your step as trustee: Secretary, Riverside", fmt.Sprintf("As trustee %d, make your keys", to[m.To]),
			"before " + deadline.Format("2 January 2006, 15:04") + " UTC"}
		if m.To == ks[1].v.Member.Email {
			want = []string{"Su paso como custodio: Secretary, Riverside", "Como custodio 2, genere sus claves"}
		}
		for _, s := range append(want, "https://riverside.example/elections/"+e.ID.String()+"/trustee") {
			if !strings.Contains(body, s) {
				t.Errorf("the message to %s lacks %q:\n%s", m.To, s, body)
			}
		}
	}
}

// What the key ceremony waits for, and why the election is held, are said
// in the reader's language: the domain gives catalog keys and arguments.
func TestCeremonySaidInTheReadersLanguage(t *testing.T) {
	r := newRTU(t, 0)
	e := r.toCampaign(t)
	ks := r.kits(t, e)
	en, es := r.app.I18n.Localizer(language.English), r.app.I18n.Localizer(language.Spanish)
	say := func(p plenum.Phrase, l *i18n.Localizer, want string) {
		t.Helper()
		if got := p.In(l); !strings.Contains(got, want) || strings.Contains(got, "%!") {
			t.Errorf("%s says %q, want %q", p.Key, got, want)
		}
	}
	r.sendKeys(t, e, ks[:1])
	r.tick(t, e.Timeline.VotingOpen)
	e = r.election(t, e.ID)
	c, err := r.app.Ceremony(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	deadline := e.Timeline.VotingOpen.Add(trusteeDeadline)
	names := c.Trustees[1].Name + " (2), " + c.Trustees[2].Name + " (3)"
	say(c.WaitingPhrase, en, "the public keys of "+names+" (the step closes without them on "+deadline.Format("2 January 2006, 15:04")+" UTC if 2 trustees took it)")
	say(c.WaitingPhrase, es, "las claves públicas de "+names+" (el paso se cierra sin ellos el "+strings.ToLower(deadline.Format("2"))+" de ")
	say(e.HoldPhrase, es, "la ceremonia de claves no está completa")
	if !strings.Contains(e.Hold, "the key ceremony is not complete") {
		t.Errorf("the record's hold: %q", e.Hold)
	}

	// Too few trustees at the deadline: the vote is still held for the
	// key, and the ceremony says why.
	r.tick(t, deadline)
	e = r.election(t, e.ID)
	say(e.HoldPhrase, en, "the key ceremony is not complete")
	c, _ = r.app.Ceremony(ctx, e.ID)
	say(c.WaitingPhrase, en, "too few trustees: the deadline passed with the public keys of 1 trustees, 2 are needed; waiting for "+names)
	say(c.WaitingPhrase, es, "muy pocos custodios: el plazo venció con las claves públicas de 1 custodios, se necesitan 2")
}

// electionWrites counts the writes of elections.
type electionWrites struct {
	plenum.Store
	writes int
}

func (s *electionWrites) Update(ctx context.Context, fn func(plenum.Tx) error) error {
	return s.Store.Update(ctx, func(tx plenum.Tx) error { return fn(electionWritesTx{tx, s}) })
}

type electionWritesTx struct {
	plenum.Tx
	s *electionWrites
}

func (t electionWritesTx) UpdateElection(ctx context.Context, e *plenum.Election, due time.Time) error {
	t.s.writes++
	return t.Tx.UpdateElection(ctx, e, due)
}

// A trustee's step writes the election (its next due time) once.
func TestTrusteeStepWritesTheElectionOnce(t *testing.T) {
	r := newRTU(t, 0) // irv: the trustees mix
	e := r.toCampaign(t)
	ks := r.kits(t, e)
	count := &electionWrites{Store: r.app.Store}
	r.app.Store = count
	r.sendKeys(t, e, ks[2:])
	if count.writes != 1 {
		t.Errorf("a trustee's keys wrote the election %d times", count.writes)
	}
	r.sendKeys(t, e, ks[:2])
	r.deal(t, e, ks)
	r.check(t, e, ks)
	e = r.voteAndClose(t, e)
	count.writes = 0
	r.mix(t, ks[0], e)
	if count.writes != 1 {
		t.Errorf("a mix wrote the election %d times", count.writes)
	}
}

// A vote in which no ballot is counted asks nothing of the trustees after
// the close: no notice to mix or decrypt, then or later.
func TestTrusteesNotToldWhenNobodyVotes(t *testing.T) {
	r := newRTU(t, 0) // irv
	e := r.open(t, r.root, "Secretary")
	for _, who := range []string{"grace", "lena", "marek"} {
		r.nominate(t, who, who, e)
	}
	_, ks := r.nobodyVotes(t, e, "No ballots were cast: no one is elected.")
	r.tick(t, r.clock.t.Add(trusteeDeadline))
	want := map[string]int{"keys.told": 1, "deal.told": 1, "complaints.told": 1}
	r.wantTrusteeNotices(t, e, ks, want, want, want)
}
