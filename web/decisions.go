package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"plenum"
)

// decisionRef is a decision in a list.
type decisionRef struct {
	ID       string     `json:"id"`
	Kind     string     `json:"kind"`
	Subject  string     `json:"subject,omitempty"`
	Title    string     `json:"title"`
	Status   string     `json:"status"`
	Secret   bool       `json:"secret"`
	Internal bool       `json:"internal"`
	Yes      int        `json:"yes"`
	No       int        `json:"no"`
	Abstain  int        `json:"abstain"`
	Opened   time.Time  `json:"opened"`
	Deadline time.Time  `json:"deadline"`
	Closed   *time.Time `json:"closed,omitempty"`
}

// decisionList is one page of a body's decisions.
type decisionList struct {
	Organization orgRef        `json:"organization"`
	Unit         unitRef       `json:"unit"`
	Body         bodyRef       `json:"body"`
	Decisions    []decisionRef `json:"decisions"`
	Next         string        `json:"next,omitempty"` // the "before" of the next page
	// Page only.
	CanPropose bool            `json:"-"`
	Draft      proposalRequest `json:"-"`
	Error      string          `json:"-"`
}

// bodyRef names a body.
type bodyRef struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	AllMembers bool   `json:"all_members"`
}

// decisionView is a decision's page.
type decisionView struct {
	Organization orgRef  `json:"organization"`
	Unit         unitRef `json:"unit"`
	Body         bodyRef `json:"body"`
	decisionRef
	Text     string        `json:"text"`
	HTML     template.HTML `json:"html"` // the text rendered and sanitized
	Proposer *memberRef    `json:"proposer,omitempty"`
	Recused  []memberRef   `json:"recused"`
	Quorum   quorumView    `json:"quorum"`
	// RollCall is false where the viewer may not see who voted how (a
	// secret decision, an assembly's roll call for the public); Votes is
	// then empty.
	RollCall bool       `json:"roll_call"`
	Votes    []voteView `json:"votes"`
	// Dissents are for members of the unit only (R8): absent otherwise.
	Dissents []dissentView `json:"dissents,omitempty"`
	CanVote  bool          `json:"can_vote"`
	Voted    bool          `json:"voted"`
	CanClose bool          `json:"can_close"`
	// Ballot is the secret ballot a secret decision is voted by; absent
	// for a vote of the body's members (and secret decisions opened
	// before there were ballots for them).
	Ballot *decisionBallot `json:"ballot,omitempty"`
	// Page only.
	Member bool   `json:"-"` // the viewer sees the unit's internal matters
	Self   string `json:"-"`
	Error  string `json:"-"`
}

// decisionBallot is the election a secret decision is voted by: where it
// stands, why it is held, its turnout (never who voted how), and whether
// the viewer is on its roll and has voted.
type decisionBallot struct {
	Election    string      `json:"election"`
	Status      string      `json:"status"`
	Hold        string      `json:"hold,omitempty"`
	VotingOpen  time.Time   `json:"voting_open"`
	VotingClose time.Time   `json:"voting_close"`
	Turnout     turnoutView `json:"turnout"`
	OnRoll      bool        `json:"on_roll"`
	Open        bool        `json:"open"` // the vote is open now
	Booth       string      `json:"booth"`
	Record      string      `json:"record"`
}

type quorumView struct {
	Seats    int    `json:"seats"`
	Recused  int    `json:"recused"`
	Eligible int    `json:"eligible"`
	Percent  string `json:"percent"` // "50%"
	Needed   int    `json:"needed"`
	Voted    int    `json:"voted"`
	Met      bool   `json:"met"`
}

type voteView struct {
	Member memberRef `json:"member"`
	Choice string    `json:"choice"`
	Cast   time.Time `json:"cast"`
}

type dissentView struct {
	Member  memberRef `json:"member"`
	Text    string    `json:"text"`
	Created time.Time `json:"created"`
}

func decisionRefOf(d *plenum.Decision) decisionRef {
	r := decisionRef{ID: d.ID.String(), Kind: d.Kind, Subject: d.Subject, Title: d.Title, Status: string(d.Status),
		Secret: d.Secret, Internal: d.Internal, Yes: d.Yes, No: d.No, Abstain: d.Abstain, Opened: d.Opened, Deadline: d.Deadline}
	if !d.Closed.IsZero() {
		r.Closed = &d.Closed
	}
	return r
}

func bodyRefOf(b *plenum.Body) bodyRef {
	return bodyRef{ID: b.ID.String(), Name: b.Name, AllMembers: b.AllMembers}
}

func quorumViewOf(q plenum.QuorumFigures) quorumView {
	pct := strconv.FormatFloat(float64(q.Percent)/100, 'f', -1, 64) + "%"
	return quorumView{Seats: q.Seats, Recused: q.Recused, Eligible: q.Eligible, Percent: pct, Needed: q.Needed, Voted: q.Voted, Met: q.Met}
}

func (s *Server) bodyDecisions(r *http.Request, v *plenum.Viewer) (*decisionList, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	var before int64
	if b := r.URL.Query().Get("before"); b != "" {
		if before, err = strconv.ParseInt(b, 10, 64); err != nil || before <= 0 {
			return nil, invalid("before", "This is not a position in the list.")
		}
	}
	l, err := s.deps.App.BodyDecisions(r.Context(), v, plenum.BodyID(id), plenum.DecisionID(before), 30)
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), l.Unit.Org)
	if err != nil {
		return nil, err
	}
	out := &decisionList{Organization: orgRefOf(org), Unit: unitRefOf(l.Unit), Body: bodyRefOf(l.Body),
		Decisions: []decisionRef{}, CanPropose: l.Member}
	for _, d := range l.Decisions {
		out.Decisions = append(out.Decisions, decisionRefOf(d))
	}
	if l.More {
		out.Next = l.Decisions[len(l.Decisions)-1].ID.String()
	}
	return out, nil
}

func decisionsFrame(l *decisionList) Layout {
	return Layout{Title: l.Body.Name + ", " + l.Unit.Name, Org: navFor(l.Organization), Nav: "units"}
}

func (s *Server) decisionPage(r *http.Request, v *plenum.Viewer) (*decisionView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	p, err := s.deps.App.DecisionPage(r.Context(), v, plenum.DecisionID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), p.Unit.Org)
	if err != nil {
		return nil, err
	}
	d := p.Decision
	html, err := s.md.HTML(d.Text)
	if err != nil {
		return nil, err
	}
	ref := func(id plenum.MemberID) memberRef { return memberRef{ID: id.String(), Name: p.Names[id]} }
	out := &decisionView{Organization: orgRefOf(org), Unit: unitRefOf(p.Unit), Body: bodyRefOf(p.Body),
		decisionRef: decisionRefOf(d), Text: d.Text, HTML: html, Recused: []memberRef{}, Quorum: quorumViewOf(p.Quorum),
		RollCall: p.RollCall, Votes: []voteView{}, CanVote: p.CanVote, Voted: p.Voted, CanClose: p.CanClose,
		Member: v.SeesInternal(d.Unit)}
	if d.Proposer != 0 {
		m := ref(d.Proposer)
		out.Proposer = &m
	}
	if e := p.Ballot; e != nil {
		path := "/elections/" + e.ID.String()
		out.Ballot = &decisionBallot{Election: e.ID.String(), Status: string(e.Status), Hold: e.Hold,
			VotingOpen: e.Timeline.VotingOpen, VotingClose: e.Timeline.VotingClose,
			Turnout: turnoutView{p.Turnout.Voters, p.Turnout.Voted}, OnRoll: p.OnRoll,
			Open:  e.Status == plenum.ElectionVoting && s.deps.App.Now().Before(e.Timeline.VotingClose),
			Booth: path + "/booth", Record: path + "/record"}
	}
	for _, id := range d.Recused {
		out.Recused = append(out.Recused, ref(id))
	}
	for _, dv := range d.Votes {
		out.Votes = append(out.Votes, voteView{Member: ref(dv.Member), Choice: dv.Choice, Cast: dv.Cast})
	}
	for _, ds := range d.Dissents {
		out.Dissents = append(out.Dissents, dissentView{Member: memberRef{ID: ds.Member.String(), Name: ds.Name},
			Text: ds.Text, Created: ds.Created})
	}
	if v.Member != nil {
		out.Self = v.Member.ID.String()
	}
	return out, nil
}

func decisionFrame(d *decisionView) Layout {
	return Layout{Title: d.Title, Org: navFor(d.Organization), Nav: "units"}
}

// proposalRequest is a proposal put to a body's vote.
type proposalRequest struct {
	Kind     string          `json:"kind"` // "resolution" unless given
	Subject  string          `json:"subject"`
	Title    string          `json:"title"`
	Text     string          `json:"text"`
	Payload  json.RawMessage `json:"payload"`
	Secret   bool            `json:"secret"`
	Recused  []string        `json:"recused"`  // member IDs
	Deadline *time.Time      `json:"deadline"` // default: a week from now
	Meeting  string          `json:"meeting"`  // an open meeting of the body the vote is taken in
}

// voteRequest is a member's vote.
type voteRequest struct {
	Choice string `json:"choice"` // yes, no or abstain
}

// dissentRequest is a dissent note.
type dissentRequest struct {
	Text string `json:"text"`
}

// The actions on decisions, motions and meetings are the same for the form
// and the API: each reads its input (in), calls the domain, which checks
// who may do it, and returns the ID of the thing to show after.

func (s *Server) propose(r *http.Request, v *plenum.Viewer, in func(any) error) (plenum.DecisionID, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return 0, err
	}
	var req proposalRequest
	if err := in(&req); err != nil {
		return 0, err
	}
	p := plenum.ProposeDecision{Body: plenum.BodyID(id), Kind: req.Kind, Subject: req.Subject, Title: req.Title,
		Text: req.Text, Payload: req.Payload, Secret: req.Secret}
	if p.Kind == "" {
		p.Kind = "resolution"
	}
	meeting, err := optionalID("meeting", req.Meeting)
	if err != nil {
		return 0, err
	}
	p.Meeting = plenum.MeetingID(meeting)
	if req.Deadline != nil {
		p.Deadline = *req.Deadline
	}
	for _, m := range req.Recused {
		n, err := strconv.ParseInt(m, 10, 64)
		if err != nil || n <= 0 {
			return 0, invalid("recused", "Give the member IDs of the recused members.")
		}
		p.Recused = append(p.Recused, plenum.MemberID(n))
	}
	d, err := s.deps.App.ProposeDecision(r.Context(), v, p)
	if err != nil {
		return 0, err
	}
	return d.ID, nil
}

// onID makes a form or API action on the thing the path's id names out
// of fn, which does it and returns nothing but its error.
func onID[ID interface {
	~int64
	String() string
}](fn func(r *http.Request, v *plenum.Viewer, id ID, in func(any) error) error) func(*http.Request, *plenum.Viewer, func(any) error) (ID, error) {
	return func(r *http.Request, v *plenum.Viewer, in func(any) error) (ID, error) {
		id, err := idParam(r, "id")
		if err != nil {
			return 0, err
		}
		return ID(id), fn(r, v, ID(id), in)
	}
}

func (s *Server) castVote(r *http.Request, v *plenum.Viewer, id plenum.DecisionID, in func(any) error) error {
	var req voteRequest
	if err := in(&req); err != nil {
		return err
	}
	return s.deps.App.VoteOnDecision(r.Context(), v, id, req.Choice)
}

func (s *Server) closeVote(r *http.Request, v *plenum.Viewer, id plenum.DecisionID, _ func(any) error) error {
	_, err := s.deps.App.CloseDecision(r.Context(), v, id)
	return err
}

func (s *Server) withdrawProposal(r *http.Request, v *plenum.Viewer, id plenum.DecisionID, _ func(any) error) error {
	_, err := s.deps.App.WithdrawDecision(r.Context(), v, id)
	return err
}

func (s *Server) dissent(r *http.Request, v *plenum.Viewer, id plenum.DecisionID, in func(any) error) error {
	var req dissentRequest
	if err := in(&req); err != nil {
		return err
	}
	return s.deps.App.AddDissent(r.Context(), v, id, req.Text)
}

// again shows the page a form was on again, with a refusal.
type again func(w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, msg string)

// formAction runs act from a form and redirects to the page of the thing
// it returns, prefix + its ID; a refusal shows on the page the form was on
// (page), with what was entered.
func formAction[ID fmt.Stringer](s *Server, act func(*http.Request, *plenum.Viewer, func(any) error) (ID, error), prefix string, page again) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.viewerOf(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		id, err := act(r, v, formInput(r))
		if err == nil {
			http.Redirect(w, r, prefix+id.String(), http.StatusSeeOther)
			return
		}
		p := s.problemOf(r, err)
		if p.Status >= 500 || p.Status == http.StatusNotFound || v.IsVisitor() {
			s.fail(w, r, forVisitor(v, err))
			return
		}
		page(w, r, v, p.Status, p.Message)
	}
}

// apiAction runs act from a JSON body and answers with the view of the
// thing it returns.
func apiAction[ID fmt.Stringer, T any](s *Server, act func(*http.Request, *plenum.Viewer, func(any) error) (ID, error), fn view[T], status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.viewerOf(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		id, err := act(r, v, func(dst any) error { return decodeJSON(w, r, dst) })
		if err != nil {
			s.fail(w, r, forVisitor(v, err))
			return
		}
		r.SetPathValue("id", id.String())
		page, err := fn(r, v)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, status, page)
	}
}

// decisionAgain shows a decision's page again with a refusal.
func (s *Server) decisionAgain(w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, msg string) {
	showAgain(s, w, r, v, status, "decision", s.decisionPage, decisionFrame, func(page *decisionView) {
		page.Error = msg
	})
}

// proposalAgain shows a body's decisions again with the refused proposal.
func (s *Server) proposalAgain(w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, msg string) {
	showAgain(s, w, r, v, status, "decisions", s.bodyDecisions, decisionsFrame, func(page *decisionList) {
		formInput(r)(&page.Draft)
		page.Error = msg
	})
}

// proposalForm reads a proposal from a form: the deadline is a
// datetime-local field, in UTC.
func proposalForm(r *http.Request, d *proposalRequest) error {
	d.Title, d.Text = r.PostFormValue("title"), r.PostFormValue("text")
	d.Secret, d.Meeting = r.PostFormValue("secret") != "", r.PostFormValue("meeting")
	if r.PostFormValue("statement") != "" {
		d.Kind = "statement"
		d.Payload, _ = json.Marshal(plenum.StatementPayload{Summary: r.PostFormValue("summary"),
			Public: r.PostFormValue("public") != "", Notify: r.PostFormValue("notify") != ""})
	}
	if s := strings.TrimSpace(r.PostFormValue("deadline")); s != "" {
		t, err := time.Parse("2006-01-02T15:04", s)
		if err != nil {
			return invalid("deadline", "Give the date and time the vote closes.")
		}
		d.Deadline = &t
	}
	return nil
}
