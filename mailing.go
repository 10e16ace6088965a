package plenum

import (
	"context"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	netmail "net/mail"
	"net/url"
	"strings"
	"time"

	"plenum/i18n"
	"plenum/mail"
)

// Mailing says where the links in plenum's email point.
type Mailing struct {
	// BaseURL is the instance's public address, such as
	// "https://union.example", set by whoever runs the instance. Links in
	// email are built from it, never from a request's Host header, which the
	// client chooses: a forged Host would mail members a link to another
	// site carrying their token. Empty: no email is queued (invitation links
	// are still returned to the officer).
	BaseURL string
}

// On reports whether email is written at all.
func (m Mailing) On() bool { return m.BaseURL != "" }

// InvitationURL is the web page of an invitation token.
func (m Mailing) InvitationURL(token string) string {
	return strings.TrimSuffix(m.BaseURL, "/") + "/invitations/" + url.PathEscape(token)
}

// URL is the address of a path on the site, such as "/elections/7".
func (m Mailing) URL(path string) string {
	return strings.TrimSuffix(m.BaseURL, "/") + path
}

// ArticleURL is the web page of an article.
func (m Mailing) ArticleURL(id ArticleID) string {
	return strings.TrimSuffix(m.BaseURL, "/") + "/articles/" + id.String()
}

// host is the domain of Message-IDs.
func (m Mailing) host() string {
	if u, err := url.Parse(m.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "plenum.invalid"
}

// email is one message being written: a subject, and paragraphs that become
// both the text and the HTML part, so the two always say the same.
type email struct {
	l       *i18n.Localizer
	kind    string
	id      string // the Message-ID's local part; "" for a random one
	to      string
	subject string
	paras   []string // plain text; a paragraph that is a URL becomes a link
}

// message turns e into a queued message, with a fresh Message-ID unless e
// has one.
func (a *App) message(e *email, unsubscribe string) (*mail.Message, error) {
	if e.id == "" {
		id := make([]byte, 16)
		if _, err := io.ReadFull(a.Rand, id); err != nil {
			return nil, err
		}
		e.id = e.kind + "." + hex.EncodeToString(id)
	}
	var text, htm strings.Builder
	for _, p := range e.paras {
		text.WriteString(p + "\n\n")
		esc := html.EscapeString(p)
		if strings.HasPrefix(p, "https://") || strings.HasPrefix(p, "http://") {
			esc = `<a href="` + esc + `">` + esc + `</a>`
		}
		htm.WriteString("<p>" + strings.ReplaceAll(esc, "\n", "<br>") + "</p>\n")
	}
	return &mail.Message{
		ID:          mail.NewID(e.id, a.Mail.host()),
		Kind:        e.kind,
		To:          e.to,
		Subject:     e.subject,
		Text:        strings.TrimSpace(text.String()) + "\n",
		HTML:        `<!doctype html><html lang="` + e.l.Lang() + `"><body>` + "\n" + htm.String() + "</body></html>\n",
		Unsubscribe: unsubscribe,
		Lang:        e.l.Lang(),
		Date:        a.now(),
	}, nil
}

// mailInvitation queues the invitation of m in tx, in m's language, or else
// in the inviting member's.
func (a *App) mailInvitation(ctx context.Context, tx Tx, v *Viewer, m *Member, token string, expires time.Time) (bool, error) {
	if !a.Mail.On() || a.I18n == nil || m.Email == "" {
		return false, nil
	}
	org, err := tx.Org(ctx, m.Org)
	if err != nil {
		return false, err
	}
	langs := []string{""}
	if langs[0], err = tx.MemberLang(ctx, m.ID); err != nil {
		return false, err
	}
	if v.Member != nil {
		inviter, err := tx.MemberLang(ctx, v.Member.ID)
		if err != nil {
			return false, err
		}
		langs = append(langs, inviter)
	}
	l := a.localizer(langs...)
	e := &email{l: l, kind: "invitation", to: (&netmail.Address{Name: m.Name, Address: m.Email}).String(),
		subject: l.T("mail.invitation.subject", org.Name),
		paras: []string{
			l.T("mail.greeting", m.Name),
			l.T("mail.invitation.body", org.Name, l.Date(expires)),
			a.Mail.InvitationURL(token),
			l.T("mail.signature", org.Name),
		}}
	// An invitation is a notice the member asked for through their
	// organization: it carries no unsubscribe link.
	msg, err := a.message(e, "")
	if err != nil {
		return false, err
	}
	if _, err := tx.EnqueueMail(ctx, msg); err != nil {
		return false, fmt.Errorf("queue invitation: %w", err)
	}
	return true, nil
}
