package plenum

import (
	"context"
)

// NotificationPageSize is the default and largest page of notifications.
const NotificationPageSize = 50

// maxUnread is where the unread count stops counting: the header shows "99+".
const maxUnread = 100

// NotificationPage is one page of a member's notifications, newest first.
type NotificationPage struct {
	Notices []*StoredNotice
	Next    NoticeID // the Before of the following page; 0 on the last page
}

// Notifications lists one page of v's notices, newest first, before the
// notice before (0 for the newest), at most limit (1 to
// NotificationPageSize). Who may call: a member, for themselves.
// Errors: Forbidden.
func (a *App) Notifications(ctx context.Context, v *Viewer, before NoticeID, limit int) (*NotificationPage, error) {
	const op = "notifications"
	if v.Member == nil {
		return nil, Errorf(Forbidden, op, "only members have notifications")
	}
	if limit <= 0 || limit > NotificationPageSize {
		limit = NotificationPageSize
	}
	p := &NotificationPage{}
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		p.Notices, err = tx.MemberNotices(ctx, NoticeQuery{Member: v.Member.ID, Before: before, Limit: limit + 1})
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	if len(p.Notices) > limit {
		p.Notices = p.Notices[:limit]
		p.Next = p.Notices[limit-1].ID
	}
	return p, nil
}

// UnreadNotifications counts v's unread notices, up to 100 (the newest 100
// are looked at); 0 for viewers who are not members. Anyone may call it.
func (a *App) UnreadNotifications(ctx context.Context, v *Viewer) (int, error) {
	if v.Member == nil {
		return 0, nil
	}
	n := 0
	err := a.Store.View(ctx, func(tx Tx) error {
		ns, err := tx.MemberNotices(ctx, NoticeQuery{Member: v.Member.ID, Limit: maxUnread})
		for _, x := range ns {
			if !x.Read {
				n++
			}
		}
		return err
	})
	return n, wrap("unread notifications", err)
}

// MarkNotificationsRead marks the notices ids read for v, or with no ids
// every notice v has. Ids of notices v does not receive are ignored. Who may
// call: a member, for themselves. Errors: Forbidden. Reading is not a
// decision of the organization: it is not recorded.
func (a *App) MarkNotificationsRead(ctx context.Context, v *Viewer, ids []NoticeID) error {
	const op = "mark notifications read"
	if v.Member == nil {
		return Errorf(Forbidden, op, "only members have notifications")
	}
	if len(ids) > NotificationPageSize {
		return FieldErrorf(Invalid, op, "ids", "at most %d notifications at once", NotificationPageSize)
	}
	m := v.Member.ID
	return wrap(op, a.Store.Update(ctx, func(tx Tx) error {
		if len(ids) == 0 {
			newest, err := tx.MemberNotices(ctx, NoticeQuery{Member: m, Limit: 1})
			if err != nil || len(newest) == 0 {
				return err
			}
			return tx.MarkAllNoticesRead(ctx, m, newest[0].ID)
		}
		var mine []NoticeID
		for _, id := range ids {
			// A notice is v's when it is the newest of v's notices up to it.
			ns, err := tx.MemberNotices(ctx, NoticeQuery{Member: m, Before: id + 1, Limit: 1})
			if err != nil {
				return err
			}
			if len(ns) == 1 && ns[0].ID == id {
				mine = append(mine, id)
			}
		}
		return tx.MarkNoticesRead(ctx, m, mine, a.now())
	}))
}

// Deliveries returns v's choice for every kind of notice, Immediately where
// they made none. Who may call: a member, for themselves. Errors: Forbidden.
func (a *App) Deliveries(ctx context.Context, v *Viewer) (map[string]Delivery, error) {
	if v.Member == nil {
		return nil, Errorf(Forbidden, "notification settings", "only members have notification settings")
	}
	var got map[string]Delivery
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		got, err = tx.Deliveries(ctx, v.Member.ID)
		return err
	})
	out := map[string]Delivery{}
	for _, k := range NoticeKinds {
		out[k] = Immediately
		if d := got[k]; d.Valid() {
			out[k] = d
		}
	}
	return out, wrap("notification settings", err)
}

// SetDeliveries sets how v receives the kinds of notice in d; kinds left
// out stay as they are. Required notices come at once whatever is set here.
// Who may call: a member, for themselves. A preference is not a decision of
// the organization: it is not recorded. Errors: Forbidden, Invalid (naming
// "deliveries.KIND"), and then nothing is changed.
func (a *App) SetDeliveries(ctx context.Context, v *Viewer, d map[string]Delivery) error {
	const op = "notification settings"
	if v.Member == nil {
		return Errorf(Forbidden, op, "only members have notification settings")
	}
	for kind, got := range d {
		switch {
		case !knownKind(kind):
			return FieldErrorf(Invalid, op, "deliveries."+kind, "there are no notices of kind %q", kind)
		case !got.Valid():
			return FieldErrorf(Invalid, op, "deliveries."+kind, "a delivery is immediately, daily, weekly or off")
		}
	}
	return wrap(op, a.Store.Update(ctx, func(tx Tx) error {
		for _, kind := range NoticeKinds {
			if got, ok := d[kind]; ok {
				if err := tx.SetDelivery(ctx, v.Member.ID, kind, got, a.now()); err != nil {
					return err
				}
			}
		}
		return nil
	}))
}
