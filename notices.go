package plenum

import (
	"context"
	"fmt"
	netmail "net/mail"
	"slices"
	"strings"
	"time"

	"plenum/i18n"
)

// How notices reach members (contract C2):
//   - A notice is stored once, in the transaction of the change it tells of
//     (App.notify), with its To list or its unit: a notice to a unit of
//     200,000 members is one row. Members find it when they read
//     (Notifications): the notices of the units in which they have an active
//     membership dated no later than the notice, and of the units above
//     those, plus those addressed to them; a few index ranges, however large
//     the organization.
//   - Its email is written afterwards by DeliverNotices, which serve runs in
//     the background on every node: one transaction per page of recipients
//     queues their messages in the outbox (or their digest items) and
//     advances the notice's position, so a crash repeats no page and loses
//     none, and two nodes never write the same page.
//   - Each member chooses per kind: immediately, a daily or weekly digest, or
//     off (email only; the notice stays on their notifications page).
//     Required notices (an election in which they vote, a case against them)
//     are emailed at once whatever the choice, with no unsubscribe link.

// noticePage is how many recipients one delivery transaction writes.
const noticePage = 500

// notify stores n and queues its email for delivery; see above. It runs in
// the caller's transaction, which records the change the notice tells of.
func (a *App) notify(ctx context.Context, tx Tx, n Notice) error {
	const op = "notify"
	if n.Kind == "" || n.Subject == "" || n.Text == "" || (len(n.To) == 0 && n.Unit == 0) {
		return Errorf(Internal, op, "a notice needs a kind, a subject, a text and recipients")
	}
	s := &StoredNotice{Notice: n, Created: a.now()}
	if len(n.To) > 0 {
		s.Unit = 0
		s.To = slices.Compact(slices.Sorted(slices.Values(n.To)))
		m, err := tx.Member(ctx, s.To[0])
		if err != nil {
			return err
		}
		s.Org = m.Org
	} else {
		u, err := tx.Unit(ctx, n.Unit)
		if err != nil {
			return err
		}
		s.Org = u.Org
	}
	return tx.CreateNotice(ctx, s)
}

// DeliverNotices writes the email of stored notices, a page of recipients
// per transaction, until none is left or ctx is done, and returns how many
// messages and digest items it queued. Without email (see Mailing) it does
// nothing and the notices wait.
func (a *App) DeliverNotices(ctx context.Context) (int, error) {
	if !a.Mail.On() || a.I18n == nil {
		return 0, nil
	}
	total := 0
	for ctx.Err() == nil {
		n, more, err := a.deliverPage(ctx)
		total += n
		if IsKind(err, Conflict) {
			continue // another node wrote this page: on to the next
		}
		if err != nil || !more {
			return total, wrap("deliver notices", err)
		}
	}
	return total, ctx.Err()
}

// deliverPage delivers one page of the oldest undelivered notice; more is
// false when there was none.
func (a *App) deliverPage(ctx context.Context) (queued int, more bool, err error) {
	err = a.Store.Update(ctx, func(tx Tx) error {
		queued = 0
		n, at, ok, err := tx.UndeliveredNotice(ctx)
		if err != nil || !ok {
			more = false
			return err
		}
		more = true
		rs, err := tx.NoticeRecipients(ctx, n, at, noticePage)
		if err != nil {
			return err
		}
		next := at
		if len(rs) > 0 {
			next = rs[len(rs)-1].Cursor
		}
		if err := tx.AdvanceNotice(ctx, n.ID, at, next, len(rs) < noticePage); err != nil {
			return err
		}
		org, err := tx.Org(ctx, n.Org)
		if err != nil {
			return err
		}
		var digest []DigestItem
		for _, r := range rs {
			switch d := r.deliveryOf(n); {
			case r.Email == "" || d == Off:
			case d == DailyDigest || d == WeeklyDigest:
				digest = append(digest, DigestItem{Member: r.Member, Notice: n.ID, Cadence: d, Queued: a.now()})
			default:
				if err := a.mailNotice(ctx, tx, org, n, r); err != nil {
					return err
				}
				queued++
			}
		}
		queued += len(digest)
		return tx.AddDigestItems(ctx, digest)
	})
	return queued, more, err
}

// deliveryOf is how r receives n: required notices at once, and notices of
// a kind members cannot choose for at once too.
func (r Recipient) deliveryOf(n *StoredNotice) Delivery {
	if n.Required || !knownKind(n.Kind) || !r.Delivery.Valid() {
		return Immediately
	}
	return r.Delivery
}

// mailNotice queues n's email to r. Its Message-ID is fixed by the notice
// and the member, so that it can never be queued twice.
func (a *App) mailNotice(ctx context.Context, tx Tx, org *Organization, n *StoredNotice, r Recipient) error {
	l := a.localizer(r.Lang)
	e := &email{l: l, kind: "notice." + n.Kind, to: address(r.Name, r.Email), id: fmt.Sprintf("notice.%d.%d", n.ID, r.Member),
		subject: l.T(n.Subject, localArgs(l, n.Args)...),
		paras: []string{l.T("mail.greeting", r.Name), l.T(n.Text, localArgs(l, n.Args)...), a.Mail.URL(n.Link),
			l.T("notice.mail.settings", a.Mail.URL("/notifications/settings")), l.T("mail.signature", org.Name)}}
	unsubscribe := ""
	if !n.Required && knownKind(n.Kind) {
		unsubscribe = a.UnsubscribeURL(r.Member, n.Kind)
	}
	msg, err := a.message(e, unsubscribe)
	if err != nil {
		return err
	}
	_, err = tx.EnqueueMail(ctx, msg)
	return err
}

func address(name, addr string) string {
	return (&netmail.Address{Name: name, Address: addr}).String()
}

// localArgs formats the times among args in l's language: as dates, or at
// a time of day other than midnight UTC with it (a deadline in hours).
func localArgs(l *i18n.Localizer, args []any) []any {
	out := slices.Clone(args)
	for i, a := range out {
		if t, ok := a.(time.Time); ok && t.UTC().Truncate(24*time.Hour).Equal(t) {
			out[i] = l.Date(t)
		} else if ok {
			out[i] = l.DateTime(t, nil)
		}
	}
	return out
}

// NoticeText is a notice's subject and text in l's language.
func NoticeText(l *i18n.Localizer, n *StoredNotice) (subject, text string) {
	args := localArgs(l, n.Args)
	return l.T(n.Subject, args...), strings.TrimSpace(l.T(n.Text, args...))
}
