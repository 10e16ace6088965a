package web

import (
	"net/http"
	"strconv"
	"time"

	"plenum"
)

// notificationView is one notice as its reader sees it, in their language.
type notificationView struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	Subject  string    `json:"subject"`
	Text     string    `json:"text"`
	Link     string    `json:"link"`
	Required bool      `json:"required"`
	Read     bool      `json:"read"`
	Created  time.Time `json:"created"`
}

// notificationList is a page of the viewer's notifications, newest first.
type notificationList struct {
	Organization  orgRef             `json:"organization"`
	Notifications []notificationView `json:"notifications"`
	Unread        int                `json:"unread"` // up to 100
	// Next is the "before" parameter of the next page; empty on the last.
	Next string `json:"next,omitempty"`
}

// notifications is the viewer's notifications page.
func (s *Server) notifications(r *http.Request, v *plenum.Viewer) (*notificationList, error) {
	before, err := noticeParam(r.URL.Query().Get("before"), "before")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	p, err := s.deps.App.Notifications(ctx, v, before, plenum.NotificationPageSize)
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(ctx, v.Member.Org)
	if err != nil {
		return nil, err
	}
	l := &notificationList{Organization: orgRefOf(org), Notifications: []notificationView{}}
	if l.Unread, err = s.deps.App.UnreadNotifications(ctx, v); err != nil {
		return nil, err
	}
	if p.Next != 0 {
		l.Next = p.Next.String()
	}
	loc := s.localizer(r, v)
	for _, n := range p.Notices {
		subject, text := plenum.NoticeText(loc, n)
		l.Notifications = append(l.Notifications, notificationView{ID: n.ID.String(), Kind: n.Kind, Subject: subject,
			Text: text, Link: n.Link, Required: n.Required, Read: n.Read, Created: n.Created})
	}
	return l, nil
}

func notificationsFrame(l *notificationList) Layout {
	return Layout{Title: "notifications.title", Org: navFor(l.Organization), Nav: "notifications"}
}

// noticeParam reads a notice id; "" is zero.
func noticeParam(s, field string) (plenum.NoticeID, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, invalid(field, "not a notification id")
	}
	return plenum.NoticeID(n), nil
}

// readRequest marks notifications read: the ones listed, or all of them.
type readRequest struct {
	IDs []string `json:"ids"`
	All bool     `json:"all"`
}

func (s *Server) markRead(r *http.Request, v *plenum.Viewer, req readRequest) error {
	if !req.All && len(req.IDs) == 0 {
		return invalid("ids", "name the notifications to mark read, or ask for all")
	}
	var ids []plenum.NoticeID
	for _, s := range req.IDs {
		id, err := noticeParam(s, "ids")
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if req.All {
		ids = nil
	}
	return s.deps.App.MarkNotificationsRead(r.Context(), v, ids)
}

// markReadSubmit is the page's "mark read" buttons: one notice (id) or all.
func (s *Server) markReadSubmit(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req := readRequest{All: r.PostFormValue("all") != ""}
	if id := r.PostFormValue("id"); id != "" {
		req.IDs = []string{id}
	}
	if err := s.markRead(r, v, req); err != nil {
		s.fail(w, r, forVisitor(v, err))
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

func (s *Server) apiMarkRead(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req readRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.markRead(r, v, req); err != nil {
		s.fail(w, r, forVisitor(v, err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deliverySettings is how the viewer receives each kind of notice, and the
// address of their private calendar.
type deliverySettings struct {
	Organization orgRef                     `json:"organization"`
	Deliveries   map[string]plenum.Delivery `json:"deliveries"`
	Calendar     string                     `json:"calendar"` // the member's private iCalendar feed
	// Page only: the kinds in order, and a refusal.
	Kinds []string `json:"-"`
	Saved bool     `json:"-"`
}

func (s *Server) deliverySettings(r *http.Request, v *plenum.Viewer) (*deliverySettings, error) {
	d, err := s.deps.App.Deliveries(r.Context(), v)
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), v.Member.Org)
	if err != nil {
		return nil, err
	}
	return &deliverySettings{Organization: orgRefOf(org), Deliveries: d, Kinds: plenum.NoticeKinds, Saved: r.URL.Query().Get("saved") != "",
		Calendar: s.publicBase(r) + s.deps.App.CalendarPath(v.Member.ID)}, nil
}

func deliverySettingsFrame(d *deliverySettings) Layout {
	return Layout{Title: "notifications.settings", Org: navFor(d.Organization), Nav: "notifications"}
}

func (s *Server) deliveriesSubmit(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := map[string]plenum.Delivery{}
	for _, kind := range plenum.NoticeKinds {
		if got := r.PostFormValue(kind); got != "" {
			d[kind] = plenum.Delivery(got)
		}
	}
	if err := s.deps.App.SetDeliveries(r.Context(), v, d); err != nil {
		s.fail(w, r, forVisitor(v, err))
		return
	}
	http.Redirect(w, r, "/notifications/settings?saved=1", http.StatusSeeOther)
}

func (s *Server) apiSetDeliveries(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req struct {
		Deliveries map[string]plenum.Delivery `json:"deliveries"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.deps.App.SetDeliveries(r.Context(), v, req.Deliveries); err != nil {
		s.fail(w, r, forVisitor(v, err))
		return
	}
	if _, data, ok := runView(s, w, r, s.deliverySettings); ok {
		writeJSON(w, http.StatusOK, data)
	}
}
