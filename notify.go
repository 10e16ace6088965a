package plenum

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
)

// unsubscribeToken is the token of a member's unsubscribe link for kind:
// the member and kind with a MAC under a key derived from the instance key,
// so that links need no table and cannot be forged for another member.
func (a *App) unsubscribeToken(m MemberID, kind string) string {
	msg := m.String() + "." + kind
	return msg + "." + base64.RawURLEncoding.EncodeToString(a.linkMAC("unsubscribe", msg))
}

// linkMAC authenticates msg for the links of purpose ("unsubscribe",
// "calendar") under a key derived from the instance key for that purpose
// alone, so that a token of one kind is never valid as another.
func (a *App) linkMAC(purpose, msg string) []byte {
	k := sha256.Sum256(append([]byte("plenum-"+purpose+"/1\x00"), a.Key.Seed()...))
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
	if len(parts) != 3 || !knownKind(parts[1]) {
		return 0, "", bad
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	mac, merr := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || merr != nil || id <= 0 || !hmac.Equal(mac, a.linkMAC("unsubscribe", parts[0]+"."+parts[1])) {
		return 0, "", bad
	}
	return MemberID(id), parts[1], nil
}

// Unsubscribe turns off the kind of notice the token names, for its member
// (its email: the notices stay on the member's notifications page);
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
		if !apply {
			return nil
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
