package plenum

import (
	"context"
	"fmt"
	"time"
)

// DigestHour is the hour (UTC) at which digests go out: daily ones every
// day, weekly ones on Mondays. A digest holds the notices queued for it
// before that hour.
const DigestHour = 6

// digestCutoff is the latest digest time of cadence at or before now.
func digestCutoff(cadence Delivery, now time.Time) time.Time {
	now = now.UTC()
	c := time.Date(now.Year(), now.Month(), now.Day(), DigestHour, 0, 0, 0, time.UTC)
	if c.After(now) {
		c = c.AddDate(0, 0, -1)
	}
	if cadence == WeeklyDigest {
		c = c.AddDate(0, 0, -((int(c.Weekday()) + 6) % 7)) // back to Monday
	}
	return c
}

// SendDigests queues the digests that are due, one transaction per member
// (it takes the member's items and queues one message, so a crash loses no
// digest and sends none twice), and returns how many it queued. serve runs
// it in the background; several nodes may run it at once. Without email
// (see Mailing) it does nothing and the items wait.
func (a *App) SendDigests(ctx context.Context) (int, error) {
	if !a.Mail.On() || a.I18n == nil {
		return 0, nil
	}
	sent := 0
	for _, cadence := range []Delivery{DailyDigest, WeeklyDigest} {
		cutoff := digestCutoff(cadence, a.now())
		var after MemberID
		for ctx.Err() == nil {
			var due []MemberID
			err := a.Store.View(ctx, func(tx Tx) (err error) {
				due, err = tx.DigestsDue(ctx, cadence, cutoff, after, 100)
				return err
			})
			if err != nil || len(due) == 0 {
				if err != nil {
					return sent, wrap("send digests", err)
				}
				break
			}
			for _, m := range due {
				ok, err := a.sendDigest(ctx, m, cadence, cutoff)
				if err != nil && !IsKind(err, Conflict) {
					return sent, wrap("send digests", err)
				}
				if ok {
					sent++
				}
			}
			after = due[len(due)-1]
		}
	}
	return sent, ctx.Err()
}

// sendDigest takes m's items of cadence before cutoff and queues their
// digest, in one transaction. Its Message-ID is fixed by the member, the
// cadence and the cutoff: a second node queuing it fails with Conflict.
func (a *App) sendDigest(ctx context.Context, m MemberID, cadence Delivery, cutoff time.Time) (bool, error) {
	sent := false
	err := a.Store.Update(ctx, func(tx Tx) error {
		items, err := tx.TakeDigest(ctx, m, cadence, cutoff)
		if err != nil || len(items) == 0 {
			return err
		}
		mem, err := tx.Member(ctx, m)
		if err != nil || mem.Email == "" {
			return err
		}
		org, err := tx.Org(ctx, mem.Org)
		if err != nil {
			return err
		}
		lang, err := tx.MemberLang(ctx, m)
		if err != nil {
			return err
		}
		l := a.localizer(lang)
		paras := []string{l.T("mail.greeting", mem.Name), l.T("notice.digest.intro."+string(cadence), len(items))}
		for _, n := range items {
			subject, text := NoticeText(l, n)
			paras = append(paras, subject+"\n"+text, a.Mail.URL(n.Link))
		}
		paras = append(paras, l.T("notice.mail.settings", a.Mail.URL("/notifications/settings")), l.T("mail.signature", org.Name))
		e := &email{l: l, kind: "digest." + string(cadence), to: address(mem.Name, mem.Email),
			id:      fmt.Sprintf("digest.%s.%d.%d", cadence, m, cutoff.Unix()),
			subject: l.T("notice.digest.subject."+string(cadence), len(items), org.Name), paras: paras}
		msg, err := a.message(e, "")
		if err != nil {
			return err
		}
		_, err = tx.EnqueueMail(ctx, msg)
		sent = err == nil
		return err
	})
	return sent, err
}
