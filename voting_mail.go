package plenum

import (
	"context"
	"encoding/hex"
	"fmt"
	netmail "net/mail"
	"net/url"
	"time"
)

// mailTracker queues the receipt of a ballot m cast in e: its tracker and
// where to look for it in the record, never how they voted, in m's
// language. earlier is when m cast the ballot this one replaces, zero for
// a first ballot. The message is queued in the transaction that takes the
// ballot, so it goes out exactly when the ballot is in the record; its
// Message-ID is the ballot's, so no ballot has two.
func (a *App) mailTracker(ctx context.Context, tx Tx, e *Election, m *Member, r *Receipt, earlier time.Time) error {
	if !a.Mail.On() || a.I18n == nil || m.Email == "" {
		return nil
	}
	org, err := tx.Org(ctx, e.Org)
	if err != nil {
		return err
	}
	off, err := tx.Office(ctx, e.Office)
	if err != nil {
		return err
	}
	u, err := tx.Unit(ctx, e.Unit)
	if err != nil {
		return err
	}
	lang, err := tx.MemberLang(ctx, m.ID)
	if err != nil {
		return err
	}
	l := a.localizer(lang)
	paras := []string{l.T("mail.greeting", m.Name), l.T("mail.tracker.body", off.Name, u.Name, l.DateTime(r.At, nil)), r.Tracker.String()}
	if !earlier.IsZero() {
		paras = append(paras, l.T("mail.tracker.replaces", l.DateTime(earlier, nil)))
	}
	paras = append(paras, l.T("mail.tracker.check"), a.Mail.URL(TrackerPath(e.ID, r.Tracker.String())),
		l.T("mail.tracker.secret"), l.T("mail.signature", org.Name))
	msg, err := a.message(&email{l: l, kind: "tracker", id: "tracker." + hex.EncodeToString(r.Tracker[:]),
		to: (&netmail.Address{Name: m.Name, Address: m.Email}).String(), subject: l.T("mail.tracker.subject", off.Name, u.Name),
		paras: paras}, "")
	if err != nil {
		return err
	}
	if _, err := tx.EnqueueMail(ctx, msg); err != nil {
		return fmt.Errorf("queue ballot tracker: %w", err)
	}
	return nil
}

// TrackerPath is the page that says where a ballot's tracker is in the
// record of election id.
func TrackerPath(id ElectionID, tracker string) string {
	return "/elections/" + id.String() + "/track?tracker=" + url.QueryEscape(tracker)
}
