package web

import (
	"net/http"
	"strings"
	"time"

	"plenum"
)

func (s *Server) draftMotion(r *http.Request, v *plenum.Viewer, in func(any) error) (plenum.MotionID, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return 0, err
	}
	var req motionRequest
	if err := in(&req); err != nil {
		return 0, err
	}
	target, err := optionalID("target", req.Target)
	if err != nil {
		return 0, err
	}
	nm := plenum.NewMotion{Body: plenum.BodyID(id), Kind: req.Kind, Title: req.Title, Text: req.Text, Reason: req.Reason,
		Target: plenum.DecisionID(target)}
	newMotion := s.deps.App.DraftMotion
	if req.Table {
		newMotion = s.deps.App.TableMotion
	}
	m, err := newMotion(r.Context(), v, nm)
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

func (s *Server) editMotion(r *http.Request, v *plenum.Viewer, id plenum.MotionID, in func(any) error) error {
	var req motionRequest
	if err := in(&req); err != nil {
		return err
	}
	return s.deps.App.EditMotion(r.Context(), v, id, req.Title, req.Text, req.Reason)
}

func (s *Server) cosponsor(r *http.Request, v *plenum.Viewer, id plenum.MotionID, _ func(any) error) error {
	return s.deps.App.CosponsorMotion(r.Context(), v, id)
}

func (s *Server) submitMotion(r *http.Request, v *plenum.Viewer, id plenum.MotionID, _ func(any) error) error {
	_, err := s.deps.App.SubmitMotion(r.Context(), v, id)
	return err
}

func (s *Server) supportMotion(r *http.Request, v *plenum.Viewer, id plenum.MotionID, _ func(any) error) error {
	_, err := s.deps.App.SupportMotion(r.Context(), v, id)
	return err
}

func (s *Server) withdrawMotion(r *http.Request, v *plenum.Viewer, id plenum.MotionID, _ func(any) error) error {
	return s.deps.App.WithdrawMotion(r.Context(), v, id)
}

func (s *Server) comment(r *http.Request, v *plenum.Viewer, id plenum.MotionID, in func(any) error) error {
	var req commentRequest
	if err := in(&req); err != nil {
		return err
	}
	parent, err := optionalID("parent", req.Parent)
	if err != nil {
		return err
	}
	_, err = s.deps.App.PostComment(r.Context(), v, id, plenum.CommentID(parent), req.Quote, req.Text)
	return err
}

func (s *Server) editComment(r *http.Request, v *plenum.Viewer, _ plenum.MotionID, in func(any) error) error {
	cid, err := idParam(r, "cid")
	if err != nil {
		return err
	}
	var req commentRequest
	if err := in(&req); err != nil {
		return err
	}
	return s.deps.App.EditComment(r.Context(), v, plenum.CommentID(cid), req.Text)
}

func (s *Server) amend(r *http.Request, v *plenum.Viewer, id plenum.MotionID, in func(any) error) error {
	var req amendmentRequest
	if err := in(&req); err != nil {
		return err
	}
	_, err := s.deps.App.ProposeAmendment(r.Context(), v, id, req.Passage, req.Replacement, req.Reason)
	return err
}

func (s *Server) putToVote(r *http.Request, v *plenum.Viewer, id plenum.MotionID, in func(any) error) error {
	var req putToVoteRequest
	if err := in(&req); err != nil {
		return err
	}
	am, err := optionalID("amendment", req.Amendment)
	if err != nil {
		return err
	}
	var deadline time.Time
	if req.Deadline != nil {
		deadline = *req.Deadline
	}
	_, err = s.deps.App.PutToVote(r.Context(), v, id, plenum.AmendmentID(am), deadline)
	return err
}

// motionForm reads the motions' and meetings' requests from a form.
func motionForm(r *http.Request, dst any) error {
	switch d := dst.(type) {
	case *meetingRequest, *attendanceRequest, *floorRequest, *minutesRequest, *itemRequest:
		return meetingForm(r, dst)
	case *motionRequest:
		d.Kind, d.Title, d.Text = r.PostFormValue("kind"), r.PostFormValue("title"), r.PostFormValue("text")
		d.Reason, d.Target, d.Table = r.PostFormValue("reason"), r.PostFormValue("target"), r.PostFormValue("table") != ""
	case *commentRequest:
		d.Parent, d.Quote, d.Text = r.PostFormValue("parent"), r.PostFormValue("quote"), r.PostFormValue("text")
	case *amendmentRequest:
		d.Passage, d.Replacement, d.Reason = r.PostFormValue("passage"), r.PostFormValue("replacement"), r.PostFormValue("reason")
	case *putToVoteRequest:
		d.Amendment = r.PostFormValue("amendment")
		return deadlineForm(r, &d.Deadline)
	case *referToVoteRequest:
		return deadlineForm(r, &d.Deadline)
	}
	return nil
}

// deadlineForm reads a vote's optional closing time from a form.
func deadlineForm(r *http.Request, dst **time.Time) error {
	if s := strings.TrimSpace(r.PostFormValue("deadline")); s != "" {
		t, err := time.Parse("2006-01-02T15:04", s)
		if err != nil {
			return invalid("deadline", "Give the date and time the vote closes.")
		}
		*dst = &t
	}
	return nil
}

// motionAgain shows a motion's page again with a refusal.
func (s *Server) motionAgain(w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, msg string) {
	showAgain(s, w, r, v, status, "motion", s.motionPage, motionFrame, func(page *motionView) {
		page.Error = msg
	})
}

// draftAgain shows a body's motions again with the refused draft.
func (s *Server) draftAgain(w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, msg string) {
	showAgain(s, w, r, v, status, "motions", s.bodyMotions, motionsFrame, func(page *motionList) {
		motionForm(r, &page.Draft)
		page.Error = msg
	})
}
