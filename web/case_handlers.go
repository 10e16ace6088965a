package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"plenum"
)

// caseStats is a unit's case statistics, for its members.
type caseStats struct {
	Opened     int `json:"opened"`
	Dismissed  int `json:"dismissed"`
	Proven     int `json:"proven"`
	NotProven  int `json:"not_proven"`
	Overturned int `json:"overturned_on_appeal"`
}

// caseList is a page of the cases of a unit's members.
type caseList struct {
	Organization orgRef     `json:"organization"`
	Unit         unitRef    `json:"unit"`
	Stats        *caseStats `json:"stats,omitempty"` // for members of the unit only
	Cases        []caseRef  `json:"cases"`
	Next         string     `json:"next,omitempty"`
	// Page only: the filing form.
	CanFile bool          `json:"-"`
	Filing  filingRequest `json:"-"`
	Error   string        `json:"-"`
}

// memberCaseList is the cases a member brought and how they ended.
type memberCaseList struct {
	Organization orgRef    `json:"organization"`
	Member       memberRef `json:"member"`
	Cases        []caseRef `json:"cases"`
	Next         string    `json:"next,omitempty"`
}

// beforeCase reads the ?before= cursor of a list of cases.
func beforeCase(r *http.Request) (plenum.CaseID, error) {
	b := r.URL.Query().Get("before")
	if b == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(b, 10, 64)
	if err != nil || id <= 0 {
		return 0, invalid("before", "before must be a case ID")
	}
	return plenum.CaseID(id), nil
}

func nextCase(id plenum.CaseID) string {
	if id == 0 {
		return ""
	}
	return id.String()
}

func caseRefs(cvs []*plenum.CaseView) []caseRef {
	out := []caseRef{}
	for _, cv := range cvs {
		out = append(out, caseRefOf(cv, cv.Unit, cv.Body.Name))
	}
	return out
}

func (s *Server) unitCases(r *http.Request, v *plenum.Viewer) (*caseList, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	before, err := beforeCase(r)
	if err != nil {
		return nil, err
	}
	p, err := s.deps.App.UnitCases(r.Context(), v, plenum.UnitID(id), before, 50)
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), p.Unit.Org)
	if err != nil {
		return nil, err
	}
	l := &caseList{Organization: orgRefOf(org), Unit: unitRefOf(p.Unit), Next: nextCase(p.Next),
		CanFile: v.SeesOrgInternal(p.Unit.Org)}
	if st := p.Stats; st != nil {
		l.Stats = &caseStats{Opened: st.Opened, Dismissed: st.Dismissed, Proven: st.Proven, NotProven: st.NotProven, Overturned: st.Overturned}
	}
	l.Cases = caseRefs(p.Cases)
	return l, nil
}

func casesFrame(l *caseList) Layout {
	return Layout{Title: "case.list_title", TitleArg: l.Unit.Name, Org: navFor(l.Organization), Nav: "units"}
}

func (s *Server) memberCases(r *http.Request, v *plenum.Viewer) (*memberCaseList, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	before, err := beforeCase(r)
	if err != nil {
		return nil, err
	}
	p, err := s.deps.App.MemberCases(r.Context(), v, plenum.MemberID(id), before, 50)
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), p.Member.Org)
	if err != nil {
		return nil, err
	}
	l := &memberCaseList{Organization: orgRefOf(org), Member: memberRef{ID: p.Member.ID.String(), Name: p.Member.Name},
		Next: nextCase(p.Next)}
	l.Cases = caseRefs(p.Cases)
	return l, nil
}

func memberCasesFrame(l *memberCaseList) Layout {
	return Layout{Title: "case.brought_title", TitleArg: l.Member.Name, Org: navFor(l.Organization), Nav: "members"}
}

func (s *Server) casePage(r *http.Request, v *plenum.Viewer) (*caseView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	cv, err := s.deps.App.Case(r.Context(), v, plenum.CaseID(id))
	if err != nil {
		return nil, err
	}
	return s.caseViewOf(cv, v)
}

func caseFrame(c *caseView) Layout {
	return Layout{Title: "case.title", TitleArg: c.ID, Org: navFor(c.Organization), Nav: "units"}
}

// The requests of the case actions, the same for forms and the API.
type (
	filingRequest struct {
		Accused    string   `json:"accused"`
		Provisions []string `json:"provisions"`
		Charges    string   `json:"charges"`
		Related    string   `json:"related,omitempty"`
	}
	replyRequest struct {
		Reply     string `json:"reply"`
		Assistant string `json:"assistant,omitempty"`
	}
	appealRequest struct {
		Grounds string `json:"grounds"`
	}
)

// A caseAction is one step of a case: it reads its request from the form
// or the JSON body (in), calls the domain and returns the case's ID.
type caseAction func(r *http.Request, v *plenum.Viewer, in func(dst any) error) (plenum.CaseID, error)

func (s *Server) fileCase(r *http.Request, v *plenum.Viewer, in func(any) error) (plenum.CaseID, error) {
	var req filingRequest
	if err := in(&req); err != nil {
		return 0, err
	}
	accused, err := optionalID("accused", req.Accused)
	if err != nil || accused == 0 {
		return 0, invalid("accused", "Give the member ID of the accused.")
	}
	related, err := optionalID("related", req.Related)
	if err != nil {
		return 0, err
	}
	c, err := s.deps.App.FileCase(r.Context(), v, plenum.CaseFiling{Accused: plenum.MemberID(accused),
		Provisions: req.Provisions, Charges: req.Charges, Related: plenum.CaseID(related)})
	if err != nil {
		return 0, err
	}
	return c.ID, nil
}

// onCase wraps a step on the case of the path.
func onCase(step func(r *http.Request, v *plenum.Viewer, id plenum.CaseID, in func(any) error) (*plenum.Case, error)) caseAction {
	return func(r *http.Request, v *plenum.Viewer, in func(any) error) (plenum.CaseID, error) {
		id, err := idParam(r, "id")
		if err != nil {
			return 0, err
		}
		if _, err := step(r, v, plenum.CaseID(id), in); err != nil {
			return 0, err
		}
		return plenum.CaseID(id), nil
	}
}

func (s *Server) joinCase(r *http.Request, v *plenum.Viewer, id plenum.CaseID, _ func(any) error) (*plenum.Case, error) {
	return s.deps.App.JoinCase(r.Context(), v, id)
}

func (s *Server) replyCase(r *http.Request, v *plenum.Viewer, id plenum.CaseID, in func(any) error) (*plenum.Case, error) {
	var req replyRequest
	if err := in(&req); err != nil {
		return nil, err
	}
	assistant, err := optionalID("assistant", req.Assistant)
	if err != nil {
		return nil, err
	}
	return s.deps.App.ReplyToCase(r.Context(), v, id, req.Reply, plenum.MemberID(assistant))
}

func (s *Server) hearCase(r *http.Request, v *plenum.Viewer, id plenum.CaseID, in func(any) error) (*plenum.Case, error) {
	var req minutesRequest
	if err := in(&req); err != nil {
		return nil, err
	}
	return s.deps.App.RecordHearing(r.Context(), v, id, req.Minutes)
}

func (s *Server) appealCase(r *http.Request, v *plenum.Viewer, id plenum.CaseID, in func(any) error) (*plenum.Case, error) {
	var req appealRequest
	if err := in(&req); err != nil {
		return nil, err
	}
	return s.deps.App.AppealCase(r.Context(), v, id, req.Grounds)
}

// addEvidence reads one file from a multipart form (field "file"), the same
// for the page and the API.
func (s *Server) addEvidence(r *http.Request, v *plenum.Viewer, id plenum.CaseID, _ func(any) error) (*plenum.Case, error) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
		return nil, invalid("file", "send the file as multipart/form-data in the field \"file\"")
	}
	r.Body = http.MaxBytesReader(nil, r.Body, plenum.MaxEvidenceSize+64<<10)
	f, h, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, invalid("file", "the file is larger than the limit")
		}
		return nil, invalid("file", "choose a file to attach")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, plenum.MaxEvidenceSize+1))
	if err != nil {
		return nil, invalid("file", "the file could not be read")
	}
	_, err = s.deps.App.AddEvidence(r.Context(), v, id, h.Filename, data)
	return nil, err
}

// caseForm reads the form fields of the case actions into their requests
// (see formInput).
func caseForm(r *http.Request, dst any) {
	switch d := dst.(type) {
	case *filingRequest:
		d.Accused, d.Charges, d.Related = r.PostFormValue("accused"), r.PostFormValue("charges"), r.PostFormValue("related")
		for _, p := range strings.Split(r.PostFormValue("provisions"), "\n") {
			if strings.TrimSpace(p) != "" {
				d.Provisions = append(d.Provisions, p)
			}
		}
	case *replyRequest:
		d.Reply, d.Assistant = r.PostFormValue("reply"), r.PostFormValue("assistant")
	case *appealRequest:
		d.Grounds = r.PostFormValue("grounds")
	case *rulingRequest:
		d.Step, d.Outcome, d.Sanction = r.PostFormValue("step"), r.PostFormValue("outcome"), r.PostFormValue("sanction")
		d.Term, d.Until, d.Reasons = r.PostFormValue("term"), r.PostFormValue("until"), r.PostFormValue("reasons")
		d.Months, _ = strconv.Atoi(r.PostFormValue("months"))
	}
}

// filingAgain shows a unit's cases again with the refused filing.
func (s *Server) filingAgain(w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, msg string) {
	showAgain(s, w, r, v, status, "cases", s.unitCases, casesFrame, func(l *caseList) {
		formInput(r)(&l.Filing)
		l.Error = msg
	})
}

// caseAgain shows a case's page again with a refusal.
func (s *Server) caseAgain(w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, msg string) {
	showAgain(s, w, r, v, status, "case", s.casePage, caseFrame, func(page *caseView) {
		page.Error = msg
	})
}

// rulingRequest proposes a ruling on a case to the vote of its body.
type rulingRequest struct {
	Step     string `json:"step"`
	Outcome  string `json:"outcome"`
	Sanction string `json:"sanction,omitempty"`
	Months   int    `json:"months,omitempty"`
	Term     string `json:"term,omitempty"`
	Until    string `json:"until,omitempty"` // YYYY-MM-DD: the last day of an interim measure
	Reasons  string `json:"reasons"`
	Meeting  string `json:"meeting,omitempty"` // the body's open meeting that hears the case
}

// proposeRuling is a decisionAction: the decision it opens is answered.
func (s *Server) proposeRuling(r *http.Request, v *plenum.Viewer, in func(any) error) (plenum.DecisionID, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return 0, err
	}
	var req rulingRequest
	if err := in(&req); err != nil {
		return 0, err
	}
	term, err := optionalID("term", req.Term)
	if err != nil {
		return 0, err
	}
	meeting, err := optionalID("meeting", req.Meeting)
	if err != nil {
		return 0, err
	}
	ruling := plenum.Verdict{Step: req.Step, Outcome: req.Outcome, Sanction: req.Sanction, Months: req.Months,
		Term: plenum.TermID(term), Reasons: req.Reasons}
	if req.Until != "" {
		day, err := time.Parse(time.DateOnly, req.Until)
		if err != nil {
			return 0, invalid("until", "until must be a date written YYYY-MM-DD")
		}
		ruling.Until = day.AddDate(0, 0, 1) // the measure runs through that day
	}
	d, err := s.deps.App.ProposeRuling(r.Context(), v, plenum.CaseID(id), ruling, time.Time{}, plenum.MeetingID(meeting))
	if err != nil {
		return 0, err
	}
	return d.ID, nil
}

// evidenceFile serves a file of a case to those who see the case's details,
// as an attachment, so that a browser never renders it in the site's origin.
func (s *Server) evidenceFile(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	file, err := idParam(r, "file")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.deps.App.EvidenceFile(r.Context(), v, plenum.CaseID(id), file)
	if err != nil {
		s.fail(w, r, forVisitor(v, err))
		return
	}
	w.Header().Set("Content-Type", e.Type)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.Name}))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Length", strconv.FormatInt(e.Size, 10))
	w.Write(e.Data)
}
