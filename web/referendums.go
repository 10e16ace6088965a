package web

import (
	"net/http"
	"time"

	"plenum"
)

// referendumView is a referendum on a motion, or a demand for one, on the
// motion's page.
type referendumView struct {
	ID         string     `json:"id"`
	Via        string     `json:"via"` // demand, referral, constitution
	Status     string     `json:"status"`
	Opened     time.Time  `json:"opened"`
	Eligible   int        `json:"eligible,omitempty"` // a demand's: the unit's active members when it opened
	Needed     int        `json:"needed,omitempty"`   // a demand's threshold
	Signatures int        `json:"signatures"`
	Deadline   *time.Time `json:"deadline,omitempty"` // a demand's
	Referral   string     `json:"referral,omitempty"` // the body's decision to refer it
	Closed     *time.Time `json:"closed,omitempty"`
	// Once called: the vote, its rule and, once certified, its result.
	Election    string     `json:"election,omitempty"`
	Majority    string     `json:"majority,omitempty"`
	Turnout     string     `json:"turnout,omitempty"` // of the electorate, "20%"
	VotingOpen  *time.Time `json:"voting_open,omitempty"`
	VotingClose *time.Time `json:"voting_close,omitempty"`
	Yes         int        `json:"yes"`
	No          int        `json:"no"`
	Voters      int        `json:"voters"` // the electorate, for the turnout
	Booth       string     `json:"booth,omitempty"`
	Record      string     `json:"record,omitempty"` // the election record to download
}

func referendumViewOf(rf *plenum.Referendum, e *plenum.Election) referendumView {
	out := referendumView{ID: rf.ID.String(), Via: rf.Via, Status: string(rf.Status), Opened: rf.Opened,
		Eligible: rf.Eligible, Needed: rf.Needed, Signatures: rf.Signatures, Yes: rf.Yes, No: rf.No, Voters: rf.Voters}
	if !rf.Deadline.IsZero() {
		out.Deadline = &rf.Deadline
	}
	if !rf.Closed.IsZero() {
		out.Closed = &rf.Closed
	}
	if rf.Referral != 0 {
		out.Referral = rf.Referral.String()
	}
	if e != nil {
		out.Election, out.Majority, out.Turnout = e.ID.String(), rf.Rule.Majority, rf.Rule.Turnout.String()
		out.VotingOpen, out.VotingClose = &e.Timeline.VotingOpen, &e.Timeline.VotingClose
		out.Booth, out.Record = "/elections/"+out.Election+"/booth", "/elections/"+out.Election+"/record"
	}
	return out
}

// referToVoteRequest opens the body's vote on referring the motion to a referendum.
type referToVoteRequest struct {
	Deadline *time.Time `json:"deadline"`
}

func (s *Server) demandReferendum(r *http.Request, v *plenum.Viewer, id plenum.MotionID, _ func(any) error) error {
	_, err := s.deps.App.DemandReferendum(r.Context(), v, id)
	return err
}

func (s *Server) signDemand(r *http.Request, v *plenum.Viewer, id plenum.MotionID, _ func(any) error) error {
	_, err := s.deps.App.SignDemand(r.Context(), v, id)
	return err
}

func (s *Server) callReferendum(r *http.Request, v *plenum.Viewer, id plenum.MotionID, _ func(any) error) error {
	_, err := s.deps.App.CallReferendum(r.Context(), v, id)
	return err
}

func (s *Server) referMotion(r *http.Request, v *plenum.Viewer, id plenum.MotionID, in func(any) error) error {
	var req referToVoteRequest
	if err := in(&req); err != nil {
		return err
	}
	var deadline time.Time
	if req.Deadline != nil {
		deadline = *req.Deadline
	}
	_, err := s.deps.App.ReferMotion(r.Context(), v, id, deadline)
	return err
}
