package plenum

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"
)

// Kinds of email a member may turn off. Notices the rules require (the
// notice of an election in which the member votes) are not among them.
const (
	MailStatements = "statements" // articles and statements sent to a unit's members
)

// OptOutStore keeps the kinds of email members turned off.
type OptOutStore interface {
	// OptedOut returns those of members who turned kind off.
	OptedOut(ctx context.Context, kind string, members []MemberID) ([]MemberID, error)
	SetOptOut(ctx context.Context, member MemberID, kind string, off bool, at time.Time) error
}

// unsubscribeToken is the token of a member's unsubscribe link for kind:
// the member and kind with a MAC under a key derived from the instance key,
// so that links need no table and cannot be forged for another member.
func (a *App) unsubscribeToken(m MemberID, kind string) string {
	msg := m.String() + "." + kind
	return msg + "." + base64.RawURLEncoding.EncodeToString(a.unsubscribeMAC(msg))
}

func (a *App) unsubscribeMAC(msg string) []byte {
	k := sha256.Sum256(append([]byte("plenum-unsubscribe/1\x00"), a.Key.Seed()...))
	h := hmac.New(sha256.New, k[:])
	h.Write([]byte(msg))
	return h.Sum(nil)
}

// UnsubscribeURL is the link in a message of kind to member m.
func (a *App) UnsubscribeURL(m MemberID, kind string) string {
	return strings.TrimSuffix(a.Mail.BaseURL, "/") + "/unsubscribe/" + a.unsubscribeToken(m, kind)
}

// Unsubscription is what an unsubscribe link stands for.
type Unsubscription struct {
	Member *Member
	Kind   string
}

// parseUnsubscribe checks a token. Errors: NotFound for any bad token.
func (a *App) parseUnsubscribe(token string) (MemberID, string, error) {
	bad := Errorf(NotFound, "unsubscribe", "this unsubscribe link is not valid")
	parts := strings.Split(token, ".")
	if len(parts) != 3 || (parts[1] != MailStatements && !knownKind(parts[1])) {
		return 0, "", bad
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	mac, merr := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || merr != nil || id <= 0 || !hmac.Equal(mac, a.unsubscribeMAC(parts[0]+"."+parts[1])) {
		return 0, "", bad
	}
	return MemberID(id), parts[1], nil
}

// Unsubscribe turns off the kind of email the token names, for its member;
// with apply false it only says what the token stands for. Anyone holding the
// link may call it (RFC 8058 one-click). A preference is not a decision of the
// organization: it is not recorded. Errors: NotFound.
func (a *App) Unsubscribe(ctx context.Context, token string, apply bool) (*Unsubscription, error) {
	m, kind, err := a.parseUnsubscribe(token)
	if err != nil {
		return nil, err
	}
	u := &Unsubscription{Kind: kind}
	fn := func(tx Tx) (err error) {
		if u.Member, err = tx.Member(ctx, m); err != nil {
			return err
		}
		switch {
		case !apply:
			return nil
		case kind == MailStatements:
			return tx.SetOptOut(ctx, m, kind, true, a.now())
		}
		return tx.SetDelivery(ctx, m, kind, Off, a.now())
	}
	if apply {
		err = a.Store.Update(ctx, fn)
	} else {
		err = a.Store.View(ctx, fn)
	}
	return u, wrap("unsubscribe", err)
}

// mailMembers queues art to every member of its unit's subtree with an
// active membership, except its author and those who turned statements off,
// a page of the directory at a time. It returns how many were queued.
func (a *App) mailMembers(ctx context.Context, tx Tx, org *Organization, u *Unit, art *Article) (int, error) {
	n := 0
	q := DirectoryQuery{Unit: u.ID, Limit: 500}
	for {
		page, err := tx.Directory(ctx, q)
		if err != nil || len(page) == 0 {
			return n, err
		}
		ids := make([]MemberID, len(page))
		for i, m := range page {
			ids[i] = m.ID
		}
		out, err := tx.OptedOut(ctx, MailStatements, ids)
		if err != nil {
			return n, err
		}
		skip := map[MemberID]bool{art.Author: true}
		for _, id := range out {
			skip[id] = true
		}
		for _, m := range page {
			if skip[m.ID] || m.Email == "" || !activeIn(m) {
				continue
			}
			lang, err := tx.MemberLang(ctx, m.ID)
			if err != nil {
				return n, err
			}
			msg, err := a.message(a.articleEmail(org, art, m, lang), a.UnsubscribeURL(m.ID, MailStatements))
			if err != nil {
				return n, err
			}
			if _, err := tx.EnqueueMail(ctx, msg); err != nil {
				return n, err
			}
			n++
		}
		last := page[len(page)-1]
		q.After = Cursor{Key: SortKey(last.Name), Member: last.ID}
	}
}

func activeIn(m *Member) bool {
	for _, ms := range m.Memberships {
		if ms.Status == Active {
			return true
		}
	}
	return false
}

// articleEmail is the message that brings art to member m.
func (a *App) articleEmail(org *Organization, art *Article, m *Member, lang string) *email {
	l := a.localizer(lang)
	paras := []string{l.T("mail.greeting", m.Name), art.Title + "\n" + art.Byline + ", " + l.Date(art.Published)}
	if art.Summary != "" {
		paras = append(paras, art.Summary)
	}
	paras = append(paras, a.Mail.ArticleURL(art.ID), l.T("mail.signature", org.Name))
	return &email{l: l, kind: "statement", to: (&netmail.Address{Name: m.Name, Address: m.Email}).String(),
		subject: l.T("mail.article.subject", org.Name, art.Title), paras: paras}
}

// MailOn reports whether v receives email of kind. Who may call: a member,
// for themselves. Errors: Forbidden.
func (a *App) MailOn(ctx context.Context, v *Viewer, kind string) (bool, error) {
	if v.Member == nil {
		return false, Errorf(Forbidden, "email settings", "only members have email settings")
	}
	var out []MemberID
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.OptedOut(ctx, kind, []MemberID{v.Member.ID})
		return err
	})
	return len(out) == 0, wrap("email settings", err)
}

// SetMail turns email of kind on or off for v. Who may call: a member, for
// themselves. Errors: Forbidden, Invalid (no such kind).
func (a *App) SetMail(ctx context.Context, v *Viewer, kind string, on bool) error {
	const op = "email settings"
	if v.Member == nil {
		return Errorf(Forbidden, op, "only members have email settings")
	}
	if kind != MailStatements {
		return FieldErrorf(Invalid, op, "kind", "no email of kind %q can be turned off", kind)
	}
	return wrap(op, a.Store.Update(ctx, func(tx Tx) error {
		return tx.SetOptOut(ctx, v.Member.ID, kind, !on, a.now())
	}))
}
