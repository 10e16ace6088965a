package plenum

import (
	"context"
	netmail "net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// ArticleShare asks to email an article's link and summary to someone.
type ArticleShare struct {
	Article ArticleID
	To      string // one address
	Note    string // a few words from the sender; members only
	Client  string // the sender's network address, as the web layer sees it
	Lang    string // the language of the page the sender is on
}

// ShareLimits keeps "email this article" from becoming a relay for spam.
// Only public articles may be sent, only their title, summary and link, to
// one address at a time, with a note only from a logged-in member (whose name
// the message carries); and sends are counted per sender (member, or
// client address for visitors), per recipient, and for all visitors
// together. Counts live in memory, per process.
type ShareLimits struct {
	perSender, perRecipient, visitors *LoginLimiter
}

// NewShareLimits returns the default limits: 10 sends an hour per sender, 5
// a day to one address, and 100 an hour from all visitors together.
func NewShareLimits() *ShareLimits {
	return &ShareLimits{
		perSender:    NewLoginLimiter(10, time.Hour),
		perRecipient: NewLoginLimiter(5, 24*time.Hour),
		visitors:     NewLoginLimiter(100, time.Hour),
	}
}

const maxNote = 500

// EmailArticle queues an email with the article's title, summary and link.
// Who may call: anyone who may read the article, which must be public;
// visitors send no note. Errors: NotFound, Forbidden (not public), Invalid
// (address, note), RateLimited.
func (a *App) EmailArticle(ctx context.Context, v *Viewer, s ArticleShare) error {
	const op = "email article"
	if !a.Mail.On() || a.I18n == nil {
		return Errorf(Invalid, op, "this instance does not send email")
	}
	to, err := netmail.ParseAddress(strings.TrimSpace(s.To))
	if err != nil || strings.ContainsAny(to.Address, "\r\n") {
		return FieldErrorf(Invalid, op, "to", "%q is not an email address", s.To)
	}
	s.Note = strings.TrimSpace(s.Note)
	switch {
	case s.Note != "" && v.Member == nil:
		return FieldErrorf(Invalid, op, "note", "log in to add a note")
	case utf8.RuneCountInString(s.Note) > maxNote:
		return FieldErrorf(Invalid, op, "note", "the note is longer than %d characters", maxNote)
	}
	sender, recipient := "client:"+s.Client, "to:"+NormalizeEmail(to.Address)
	if v.Member != nil {
		sender = "member:" + v.Member.ID.String()
	}
	now := a.now()
	lim := a.Shares
	if !lim.perSender.Allow(sender, now) || !lim.perRecipient.Allow(recipient, now) || v.Member == nil && !lim.visitors.Allow("all", now) {
		return Errorf(RateLimited, op, "too many articles were sent from here or to this address; try again later")
	}
	err = a.Store.Update(ctx, func(tx Tx) error {
		view, err := a.readable(ctx, tx, v, s.Article)
		if err != nil {
			return err
		}
		if !view.Article.Public {
			return Errorf(Forbidden, op, "only public articles can be sent by email")
		}
		msg, err := a.message(a.shareEmail(v, view, s, to.Address), "")
		if err != nil {
			return err
		}
		// Not recorded: a share changes nothing in the organization, and the
		// public record must not hold outsiders' addresses.
		_, err = tx.EnqueueMail(ctx, msg)
		return err
	})
	if err != nil {
		return internalError(op, err)
	}
	lim.perSender.Fail(sender, now)
	lim.perRecipient.Fail(recipient, now)
	if v.Member == nil {
		lim.visitors.Fail("all", now)
	}
	return nil
}

// shareEmail writes the message of a share.
func (a *App) shareEmail(v *Viewer, view *ArticleView, s ArticleShare, to string) *email {
	l := a.localizer(s.Lang)
	art := view.Article
	intro := l.T("mail.article.visitor", view.Org.Name)
	if v.Member != nil {
		intro = l.T("mail.article.body", v.Member.Name, view.Org.Name)
	}
	paras := []string{intro, art.Title + "\n" + art.Byline + ", " + l.Date(art.Published)}
	if art.Summary != "" {
		paras = append(paras, art.Summary)
	}
	paras = append(paras, a.Mail.ArticleURL(art.ID))
	if s.Note != "" {
		paras = append(paras, l.T("mail.article.note")+"\n"+s.Note)
	}
	return &email{l: l, kind: "article", to: to, subject: l.T("mail.article.subject", view.Org.Name, art.Title), paras: paras}
}
