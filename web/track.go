package web

import (
	"encoding/base64"
	"net/http"
	"strings"

	"plenum"
	"plenum/secretballot"
)

// trackPage says whether a ballot's tracker is in an election's record:
// where the tracker a voter is shown, and emailed, leads.
type trackPage struct {
	Organization orgRef
	Unit         unitRef
	electionRef
	Tracker string
	Bad     bool         // not a tracker
	Found   *receiptView // nil: not in the record
}

func (s *Server) trackPage(r *http.Request, v *plenum.Viewer) (*trackPage, error) {
	p, org, err := s.electionPageOf(r)
	if err != nil {
		return nil, err
	}
	out := &trackPage{Organization: orgRefOf(org), Unit: unitRefOf(p.Unit), electionRef: electionRefOf(p.Election, p.Office),
		Tracker: strings.TrimSpace(r.URL.Query().Get("tracker"))}
	if out.Tracker == "" {
		return out, nil
	}
	h, ok := parseTracker(out.Tracker)
	if out.Bad = !ok; out.Bad {
		return out, nil
	}
	rc, err := s.deps.App.TrackBallot(r.Context(), p.Election.ID, h)
	switch {
	case err == nil:
		rv := receiptOf(rc)
		out.Found = &rv
	case !plenum.IsKind(err, plenum.NotFound):
		return nil, err
	}
	return out, nil
}

func trackFrame(p *trackPage) Layout {
	return Layout{Title: "track.title", Org: navFor(p.Organization), Nav: "units"}
}

// parseTracker reads a ballot's tracker as it is shown: base64url, no
// padding.
func parseTracker(s string) (secretballot.Hash, bool) {
	var h secretballot.Hash
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) != len(h) {
		return h, false
	}
	copy(h[:], raw)
	return h, true
}
