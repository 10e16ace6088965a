package web

import (
	"net/http"
	"time"

	"plenum"
)

// recallView is a recall petition's page: public but for who signed.
type recallView struct {
	ID           string      `json:"id"`
	Organization orgRef      `json:"organization"`
	Unit         unitRef     `json:"unit"`
	Office       officeRef   `json:"office"`
	Holder       memberRef   `json:"holder"`
	Term         string      `json:"term"`
	Reason       string      `json:"reason"`
	Status       string      `json:"status"`
	Eligible     int         `json:"eligible"` // active members of the electorate when it opened
	Needed       int         `json:"needed"`
	Signatures   int         `json:"signatures"`
	Opened       time.Time   `json:"opened"`
	Deadline     time.Time   `json:"deadline"`
	Closed       *time.Time  `json:"closed,omitempty"`
	Vote         *recallVote `json:"vote,omitempty"`
	CoolingOff   *time.Time  `json:"cooling_off_until,omitempty"`
	Signed       bool        `json:"signed"`            // the viewer has signed
	Receipt      string      `json:"receipt,omitempty"` // the viewer's receipt, listed in the record
	MaySign      bool        `json:"may_sign"`
	Signers      []signer    `json:"signers,omitempty"` // where the constitution shows them to the electorate
	Error        string      `json:"-"`
}

// recallVote is the recall vote of a petition that reached its threshold.
type recallVote struct {
	Election electionRef `json:"election"`
	Majority string      `json:"majority"`
	Turnout  string      `json:"turnout"`
	Yes      int         `json:"yes"`
	No       int         `json:"no"`
}

type signer struct {
	Member memberRef `json:"member"`
	Signed time.Time `json:"signed"`
}

// recallList is the recall petitions of a unit's offices.
type recallList struct {
	Organization orgRef      `json:"organization"`
	Unit         unitRef     `json:"unit"`
	Recalls      []recallRef `json:"recalls"`
}

// recallRef is a petition in a list.
type recallRef struct {
	ID         string    `json:"id"`
	Office     officeRef `json:"office"`
	Holder     memberRef `json:"holder"`
	Status     string    `json:"status"`
	Signatures int       `json:"signatures"`
	Needed     int       `json:"needed"`
	Opened     time.Time `json:"opened"`
	Deadline   time.Time `json:"deadline"`
}

func recallRefOf(r *plenum.Recall, off *plenum.Office, holder string) recallRef {
	ref := recallRef{ID: r.ID.String(), Holder: memberRef{ID: r.Holder.String(), Name: holder}, Status: string(r.Status),
		Signatures: r.Signatures, Needed: r.Needed, Opened: r.Opened, Deadline: r.Deadline}
	if off != nil {
		ref.Office = officeRef{ID: off.ID.String(), Name: off.Name}
	}
	return ref
}

func (s *Server) recallPage(r *http.Request, v *plenum.Viewer) (*recallView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	p, err := s.deps.App.RecallPage(r.Context(), v, plenum.RecallID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), p.Recall.Org)
	if err != nil {
		return nil, err
	}
	rc := p.Recall
	out := &recallView{ID: rc.ID.String(), Organization: orgRefOf(org), Unit: unitRefOf(p.Unit),
		Office: officeRef{ID: p.Office.ID.String(), Name: p.Office.Name}, Holder: memberRef{ID: rc.Holder.String(), Name: p.Holder},
		Term: rc.Term.String(), Reason: rc.Reason, Status: string(rc.Status), Eligible: rc.Eligible, Needed: rc.Needed,
		Signatures: rc.Signatures, Opened: rc.Opened, Deadline: rc.Deadline, Closed: timeOrNil(rc.Closed),
		CoolingOff: timeOrNil(rc.CoolingOff), MaySign: p.MaySign}
	if p.Election != nil {
		out.Vote = &recallVote{Election: electionRefOf(p.Election, p.Office), Majority: rc.Rule.Majority,
			Turnout: rc.Rule.Turnout.String(), Yes: rc.Yes, No: rc.No}
	}
	if p.Mine != nil {
		out.Signed, out.Receipt = true, p.Mine.Receipt
	}
	for _, sv := range p.Signers {
		out.Signers = append(out.Signers, signer{Member: memberRef{ID: sv.Member.String(), Name: sv.Name}, Signed: sv.Signed})
	}
	return out, nil
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func recallFrame(p *recallView) Layout {
	return Layout{Title: p.Holder.Name + ", " + p.Office.Name, Org: navFor(p.Organization), Nav: "units"}
}

func (s *Server) unitRecalls(r *http.Request, v *plenum.Viewer) (*recallList, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	l, err := s.deps.App.Recalls(r.Context(), plenum.UnitID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), l.Unit.Org)
	if err != nil {
		return nil, err
	}
	out := &recallList{Organization: orgRefOf(org), Unit: unitRefOf(l.Unit), Recalls: []recallRef{}}
	for _, rc := range l.Recalls {
		out.Recalls = append(out.Recalls, recallRefOf(rc, l.Offices[rc.Office], l.Holders[rc.Holder]))
	}
	return out, nil
}

func recallsFrame(l *recallList) Layout {
	return Layout{Title: l.Unit.Name, Org: navFor(l.Organization), Nav: "units"}
}

// recallRequest opens a petition.
type recallRequest struct {
	Reason string `json:"reason"`
}

// A recallAction is one step of a petition, the same for the form and the
// API; it returns the petition it acted on.
type recallAction func(r *http.Request, v *plenum.Viewer, in func(dst any) error) (*plenum.Recall, error)

func (s *Server) openRecall(r *http.Request, v *plenum.Viewer, in func(any) error) (*plenum.Recall, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	var req recallRequest
	if err := in(&req); err != nil {
		return nil, err
	}
	return s.deps.App.OpenRecall(r.Context(), v, plenum.TermID(id), req.Reason)
}

func (s *Server) signRecall(r *http.Request, v *plenum.Viewer, _ func(any) error) (*plenum.Recall, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	return s.deps.App.SignRecall(r.Context(), v, plenum.RecallID(id))
}

func (s *Server) withdrawSignature(r *http.Request, v *plenum.Viewer, _ func(any) error) (*plenum.Recall, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	return s.deps.App.WithdrawSignature(r.Context(), v, plenum.RecallID(id))
}

// recallSubmit runs act from a form and shows the petition; a refusal is
// shown on the page the form was on (the petition, or the representative's
// record for a new petition).
func (s *Server) recallSubmit(act recallAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.viewerOf(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rc, err := act(r, v, func(dst any) error {
			if req, ok := dst.(*recallRequest); ok {
				req.Reason = r.PostFormValue("reason")
			}
			return nil
		})
		if err == nil {
			http.Redirect(w, r, "/recalls/"+rc.ID.String(), http.StatusSeeOther)
			return
		}
		p := s.problemOf(r, err)
		if p.Status >= 500 || p.Status == http.StatusNotFound || v.IsVisitor() {
			s.fail(w, r, forVisitor(v, err))
			return
		}
		if holder := r.PostFormValue("holder"); holder != "" {
			r.SetPathValue("id", holder)
			page, perr := s.representativePage(r, v)
			if perr != nil {
				s.fail(w, r, forVisitor(v, err))
				return
			}
			page.Error = p.Message
			renderPage(s, w, r, v, p.Status, "representative", representativeFrame(page), page)
			return
		}
		page, perr := s.recallPage(r, v)
		if perr != nil {
			s.fail(w, r, forVisitor(v, err))
			return
		}
		page.Error = p.Message
		renderPage(s, w, r, v, p.Status, "recall", recallFrame(page), page)
	}
}

// apiRecall runs act from a JSON body and answers with the petition.
func (s *Server) apiRecall(act recallAction, status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.viewerOf(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rc, err := act(r, v, func(dst any) error { return decodeJSON(w, r, dst) })
		if err != nil {
			s.fail(w, r, forVisitor(v, err))
			return
		}
		r.SetPathValue("id", rc.ID.String())
		page, err := s.recallPage(r, v)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, status, page)
	}
}
