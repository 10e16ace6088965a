package web

import (
	"net/http"
	"time"

	"plenum"
)

// invitationView is what the one who holds an invitation link sees.
type invitationView struct {
	Member       memberRef `json:"member"`
	Email        string    `json:"email"`
	Organization orgRef    `json:"organization"`
	Error        string    `json:"-"`
}

func (s *Server) invitation(r *http.Request, v *plenum.Viewer) (*invitationView, error) {
	ctx := r.Context()
	m, err := s.deps.App.InvitationFor(ctx, r.PathValue("token"))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(ctx, m.Org)
	if err != nil {
		return nil, err
	}
	return &invitationView{Member: memberRef{ID: m.ID.String(), Name: m.Name}, Email: m.Email, Organization: orgRefOf(org)}, nil
}

func invitationFrame(iv *invitationView) Layout {
	return Layout{Title: "invitation.password", Org: navFor(iv.Organization)}
}

func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	pw := r.PostFormValue("password")
	var err error
	if pw != r.PostFormValue("confirm") {
		err = invalid("confirm", "The two passwords differ.")
	} else {
		err = s.accept(w, r, token, pw)
	}
	if err == nil {
		http.Redirect(w, r, "/me", http.StatusSeeOther)
		return
	}
	p := s.problemOf(r, err)
	iv, ierr := s.invitation(r, plenum.Visitor())
	if p.Status != http.StatusBadRequest || ierr != nil {
		s.fail(w, r, err)
		return
	}
	iv.Error = p.Message
	renderPage(s, w, r, plenum.Visitor(), p.Status, "invitation", invitationFrame(iv), iv)
}

// accept opens the account and its first session.
func (s *Server) accept(w http.ResponseWriter, r *http.Request, token, password string) error {
	st, sess, err := s.deps.App.AcceptInvitation(r.Context(), token, password)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, st, sess.Expires)
	return nil
}

type acceptRequest struct {
	Password string `json:"password"`
}

func (s *Server) apiAcceptInvitation(w http.ResponseWriter, r *http.Request) {
	var req acceptRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.accept(w, r, r.PathValue("token"), req.Password); err != nil {
		s.fail(w, r, err)
		return
	}
	// The new session's cookie is set; the viewer is its member.
	w.WriteHeader(http.StatusNoContent)
}

// newInvitation is an invitation just created: its link is shown this once.
type newInvitation struct {
	Member       memberRef `json:"member"`
	Organization orgRef    `json:"organization"`
	Link         string    `json:"link"`
	Expires      time.Time `json:"expires"`
	Emailed      bool      `json:"emailed"`
}

// invite creates an invitation for the member in the path. The link goes to
// the inviting officer, to the log (the one place a token is logged on
// purpose) and, when the instance sends email, to the member by email.
func (s *Server) invite(r *http.Request, v *plenum.Viewer) (*newInvitation, error) {
	ctx := r.Context()
	if v.IsVisitor() {
		// Only officers invite; a visitor is told to log in rather than
		// what the domain tells those who may not see the member.
		return nil, errLoginFirst
	}
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	inv, err := s.deps.App.Invite(ctx, v, plenum.MemberID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(ctx, inv.Member.Org)
	if err != nil {
		return nil, err
	}
	link := s.baseURL(r) + "/invitations/" + inv.Token
	s.log.Info("invitation created", "member", inv.Member.ID.String(), "by", string(v.Actor()), "link", link)
	return &newInvitation{
		Member:       memberRef{ID: inv.Member.ID.String(), Name: inv.Member.Name},
		Organization: orgRefOf(org),
		Link:         link,
		Expires:      inv.Expires,
		Emailed:      inv.Emailed,
	}, nil
}

func (s *Server) inviteSubmit(w http.ResponseWriter, r *http.Request) {
	if v, ni, ok := runView(s, w, r, s.invite); ok {
		renderPage(s, w, r, v, http.StatusCreated, "invited", Layout{Title: "invited.created", Org: navFor(ni.Organization)}, ni)
	}
}

func (s *Server) apiInvite(w http.ResponseWriter, r *http.Request) {
	if _, ni, ok := runView(s, w, r, s.invite); ok {
		writeJSON(w, http.StatusCreated, ni)
	}
}

// baseURL is the address people reach this server at, as the request names
// it.
func (s *Server) baseURL(r *http.Request) string {
	scheme := "https"
	if r.TLS == nil && s.cfg.PlainHTTP {
		scheme = "http"
	}
	return scheme + "://" + r.Host
}
