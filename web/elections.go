package web

import (
	"net/http"
	"strconv"
	"time"

	"plenum"
)

// electionRef is an election in a list.
type electionRef struct {
	ID               string    `json:"id"`
	Office           officeRef `json:"office"`             // empty for a referendum
	Motion           string    `json:"motion,omitempty"`   // a referendum's motion
	Decision         string    `json:"decision,omitempty"` // the secret decision of a body it is the ballot of
	Status           string    `json:"status"`
	Seats            int       `json:"seats"`
	Method           string    `json:"method"`
	ByElection       bool      `json:"by_election"`
	NominationsOpen  time.Time `json:"nominations_open"`
	NominationsClose time.Time `json:"nominations_close"`
	VotingOpen       time.Time `json:"voting_open"`
	VotingClose      time.Time `json:"voting_close"`
	Extensions       int       `json:"extensions"`
}

// electionList is a unit's elections, newest first.
type electionList struct {
	Organization orgRef        `json:"organization"`
	Unit         unitRef       `json:"unit"`
	Elections    []electionRef `json:"elections"`
}

// electionView is an election's page.
type electionView struct {
	Organization orgRef  `json:"organization"`
	Unit         unitRef `json:"unit"`
	electionRef
	MinCandidates int              `json:"min_candidates"`
	Seconders     int              `json:"seconders"`
	Candidates    int              `json:"candidates"`
	Nominations   []nominationView `json:"nominations"`
	// The secret ballot: why the election is held at a step, the
	// trustees' work, the turnout, the result, and the record to download.
	Hold string `json:"hold"`
	// HoldPhrase is Hold in words the page translates, if it can.
	HoldPhrase plenum.Phrase `json:"-"`
	Ceremony   *ceremonyView `json:"ceremony"`
	Turnout    *turnoutView  `json:"turnout,omitempty"`
	Voter      *voterView    `json:"voter,omitempty"` // the viewer's own vote
	Result     *resultView   `json:"result,omitempty"`
	Record     string        `json:"record,omitempty"` // where to download the record
	// Commission is the election commission, which certifies the result;
	// Certifications are its decisions on it, newest first (once there is
	// a result).
	Commission     *bodyRef      `json:"commission,omitempty"`
	Certifications []decisionRef `json:"certifications,omitempty"`
	// Page only: the forms the viewer may use.
	MayCertify bool `json:"-"` // a member of the commission may propose a new certification
	MayReplace bool `json:"-"` // a member of the commission may propose a replacement for a trustee
	// CommissionVacant: the commission has no members in office and
	// cannot certify.
	CommissionVacant bool         `json:"-"`
	Trustee          *trusteeHelp `json:"-"` // for a trustee: the command that takes their steps
	Open             bool         `json:"-"` // nominations are open and the viewer is in the electorate
	Self             string       `json:"-"` // the viewer's member ID, to stand
	Before           bool         `json:"-"` // the vote has not opened
	Error            string       `json:"-"`
}

// nominationView is a nomination on an election's page.
type nominationView struct {
	ID        string    `json:"id"`
	Nominee   memberRef `json:"nominee"`
	Nominator string    `json:"nominator"`
	Status    string    `json:"status"`
	Statement string    `json:"statement"`
	Seconders int       `json:"seconders"`
	Candidate bool      `json:"candidate"`
	Mine      bool      `json:"-"` // the viewer is the nominee
}

func electionRefOf(e *plenum.Election, off *plenum.Office) electionRef {
	r := electionRef{ID: e.ID.String(), Status: string(e.Status), Seats: e.Seats, Method: e.Method, ByElection: e.ByElection,
		NominationsOpen: e.Timeline.NominationsOpen, NominationsClose: e.Timeline.NominationsClose,
		VotingOpen: e.Timeline.VotingOpen, VotingClose: e.Timeline.VotingClose, Extensions: e.Extensions}
	if off != nil {
		r.Office = officeRef{ID: off.ID.String(), Name: off.Name}
	}
	if e.Motion != 0 {
		r.Motion = e.Motion.String()
	}
	if e.Decides != 0 {
		r.Decision = e.Decides.String()
	}
	return r
}

func (s *Server) unitElections(r *http.Request, v *plenum.Viewer) (*electionList, error) {
	l, err := byID(r, s.deps.App.Elections)
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), l.Unit.Org)
	if err != nil {
		return nil, err
	}
	out := &electionList{Organization: orgRefOf(org), Unit: unitRefOf(l.Unit), Elections: []electionRef{}}
	for _, e := range l.Elections {
		out.Elections = append(out.Elections, electionRefOf(e, l.Offices[e.Office]))
	}
	return out, nil
}

func electionsFrame(l *electionList) Layout {
	return Layout{Title: l.Unit.Name, Org: navFor(l.Organization), Nav: "units"}
}

// electionPageOf returns the election in the path and its organization.
func (s *Server) electionPageOf(r *http.Request) (*plenum.ElectionPage, *plenum.Organization, error) {
	p, err := byID(r, s.deps.App.ElectionPage)
	if err != nil {
		return nil, nil, err
	}
	org, err := s.orgByID(r.Context(), p.Election.Org)
	return p, org, err
}

func (s *Server) electionPage(r *http.Request, v *plenum.Viewer) (*electionView, error) {
	p, org, err := s.electionPageOf(r)
	if err != nil {
		return nil, err
	}
	e := p.Election
	out := &electionView{Organization: orgRefOf(org), Unit: unitRefOf(p.Unit), electionRef: electionRefOf(e, p.Office),
		MinCandidates: e.Rules.MinCandidates, Seconders: e.Rules.Seconders, Candidates: p.Candidates,
		Nominations: []nominationView{},
		Open:        v.SeesInternal(e.Electorate) && e.Status == plenum.ElectionNominations,
		Before:      e.Status == plenum.ElectionScheduled || e.Status == plenum.ElectionNominations || e.Status == plenum.ElectionCampaign}
	if v.Member != nil {
		out.Self = v.Member.ID.String()
	}
	if err := s.ballotOfPage(r, v, out, e); err != nil {
		return nil, err
	}
	for _, n := range p.Nominations {
		out.Nominations = append(out.Nominations, nominationView{ID: n.ID.String(),
			Nominee: memberRef{ID: n.Nominee.String(), Name: n.Name}, Nominator: n.Nominator.String(),
			Status: string(n.Status), Statement: n.Statement, Seconders: len(n.Seconders), Candidate: n.IsCandidate(e.Rules),
			Mine: v.Member != nil && v.Member.ID == n.Nominee})
	}
	return out, nil
}

func electionFrame(e *electionView) Layout {
	if e.Motion != "" {
		return Layout{Title: "referendum.on_motion", TitleArg: e.Motion, Org: navFor(e.Organization), Nav: "units"}
	}
	if e.Decision != "" {
		return Layout{Title: "secretdecision.on_decision", TitleArg: e.Decision, Org: navFor(e.Organization), Nav: "units"}
	}
	return Layout{Title: e.Office.Name + ", " + e.Unit.Name, Org: navFor(e.Organization), Nav: "units"}
}

// nominationRequest is what the API's nomination takes: the nominee's
// member ID (the viewer's own to stand).
type nominationRequest struct {
	Nominee string `json:"nominee"`
}

// statementRequest is a candidate's statement, plain text.
type statementRequest struct {
	Statement string `json:"statement"`
}

// answerRequest is the nominee's answer.
type answerRequest struct {
	Accept bool `json:"accept"`
}

// A nominationAction is one step of a nomination, the same for the form and
// the API: it reads its input from the form or the JSON body (in), calls
// the domain, which checks who may do it, and returns the nomination.
type nominationAction func(r *http.Request, v *plenum.Viewer, in func(dst any) error) (*plenum.Nomination, error)

func (s *Server) nominate(r *http.Request, v *plenum.Viewer, in func(any) error) (*plenum.Nomination, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	var req nominationRequest
	if err := in(&req); err != nil {
		return nil, err
	}
	m, err := strconv.ParseInt(req.Nominee, 10, 64)
	if err != nil || m <= 0 {
		return nil, invalid("nominee", "Give the member ID of the nominee.")
	}
	return s.deps.App.Nominate(r.Context(), v, plenum.ElectionID(id), plenum.MemberID(m))
}

func (s *Server) answer(r *http.Request, v *plenum.Viewer, in func(any) error) (*plenum.Nomination, error) {
	id, err := idParam(r, "nid")
	if err != nil {
		return nil, err
	}
	var req answerRequest
	if err := in(&req); err != nil {
		return nil, err
	}
	return s.deps.App.AnswerNomination(r.Context(), v, plenum.NominationID(id), req.Accept)
}

func (s *Server) withdraw(r *http.Request, v *plenum.Viewer, _ func(any) error) (*plenum.Nomination, error) {
	id, err := idParam(r, "nid")
	if err != nil {
		return nil, err
	}
	return s.deps.App.Withdraw(r.Context(), v, plenum.NominationID(id))
}

func (s *Server) second(r *http.Request, v *plenum.Viewer, _ func(any) error) (*plenum.Nomination, error) {
	id, err := idParam(r, "nid")
	if err != nil {
		return nil, err
	}
	return nil, s.deps.App.Second(r.Context(), v, plenum.NominationID(id))
}

func (s *Server) statement(r *http.Request, v *plenum.Viewer, in func(any) error) (*plenum.Nomination, error) {
	id, err := idParam(r, "nid")
	if err != nil {
		return nil, err
	}
	var req statementRequest
	if err := in(&req); err != nil {
		return nil, err
	}
	return nil, s.deps.App.SetStatement(r.Context(), v, plenum.NominationID(id), req.Statement)
}

// formInput reads the form fields the actions take into their requests.
func formInput(r *http.Request) func(any) error {
	return func(dst any) error {
		switch d := dst.(type) {
		case *nominationRequest:
			d.Nominee = r.PostFormValue("nominee")
		case *replaceRequest:
			d.Member = r.PostFormValue("member")
			if n, err := strconv.Atoi(r.PostFormValue("trustee")); err == nil {
				d.Trustee = n
			}
		case *answerRequest:
			d.Accept = r.PostFormValue("accept") == "yes"
		case *statementRequest:
			d.Statement = r.PostFormValue("statement")
		case *proposalRequest:
			return proposalForm(r, d)
		case *voteRequest:
			d.Choice = r.PostFormValue("choice")
		case *dissentRequest:
			d.Text = r.PostFormValue("text")
		case *filingRequest, *replyRequest, *appealRequest, *rulingRequest:
			caseForm(r, dst)
		default:
			return motionForm(r, dst)
		}
		return nil
	}
}

// nominationSubmit runs act from a form and shows the election again,
// with the refusal if there is one.
func (s *Server) nominationSubmit(act nominationAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.viewerOf(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		_, err = act(r, v, formInput(r))
		if err == nil {
			http.Redirect(w, r, "/elections/"+r.PathValue("id"), http.StatusSeeOther)
			return
		}
		p := s.problemOf(r, err)
		page, perr := s.electionPage(r, v)
		if p.Status >= 500 || p.Status == http.StatusNotFound || perr != nil {
			s.fail(w, r, forVisitor(v, err))
			return
		}
		page.Error = p.Message
		renderPage(s, w, r, v, p.Status, "election", electionFrame(page), page)
	}
}

// apiNomination runs act from a JSON body and answers with the election.
func (s *Server) apiNomination(act nominationAction, status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.viewerOf(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if _, err := act(r, v, func(dst any) error { return decodeJSON(w, r, dst) }); err != nil {
			s.fail(w, r, forVisitor(v, err))
			return
		}
		page, err := s.electionPage(r, v)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, status, page)
	}
}
