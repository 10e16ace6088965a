package web

import (
	"net/http"
	"time"

	"plenum"
	"plenum/feed"
)

// electionsFeed serves the Atom feed of a unit's election notices: the
// opening of each election's nominations and of its vote, once they opened.
// Elections are public: their dates, offices and electorates.
func (s *Server) electionsFeed(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.deps.App.Elections(r.Context(), plenum.UnitID(id))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.newUnitFeed(r, l.Unit, "elections", "feed.elections", "elections")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	loc := s.localizer(r, nil)
	for _, e := range l.Elections {
		office := ""
		if off := l.Offices[e.Office]; off != nil {
			office = off.Name
		}
		link := []feed.Link{{Href: f.base + "/elections/" + e.ID.String(), Type: "text/html"}}
		notice := func(event, title, text string, at, until time.Time) {
			f.add(feed.Entry{ID: feed.TagURI(f.host, e.Created, "election/"+e.ID.String()+"/"+event),
				Title: loc.T(title, office), Updated: at, Published: at, Links: link, Categories: []string{feed.KindElection},
				Summary: loc.T(text, office, l.Unit.Name, loc.Date(until))})
		}
		if e.Status != plenum.ElectionScheduled {
			notice("nominations", "feed.nominations_open", "notice.election.nominations.text", e.Timeline.NominationsOpen, e.Timeline.NominationsClose)
		}
		if e.Status != plenum.ElectionScheduled && e.Status != plenum.ElectionNominations && e.Status != plenum.ElectionCampaign {
			notice("voting", "feed.voting_open", "notice.election.voting.text", e.Timeline.VotingOpen, e.Timeline.VotingClose)
		}
	}
	s.serveFeed(w, r, f)
}

// decisionsFeed serves the Atom feed of the decisions a unit's bodies
// closed by vote; internal decisions never enter it (R8).
func (s *Server) decisionsFeed(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.deps.App.UnitDecisions(r.Context(), plenum.Visitor(), plenum.UnitID(id), 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.newUnitFeed(r, c.Unit, "decisions", "feed.decisions", "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	loc := s.localizer(r, nil)
	for _, d := range c.Decisions {
		html, err := s.md.HTML(d.Text)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		body := c.Bodies[d.Body]
		f.add(feed.Entry{ID: feed.TagURI(f.host, d.Opened, "decision/"+d.ID.String()),
			Title: loc.T("feed.decision_"+string(d.Status), d.Title), Updated: d.Closed, Published: d.Closed,
			Authors:    []feed.Person{{Name: body.Name}},
			Links:      []feed.Link{{Href: f.base + "/decisions/" + d.ID.String(), Type: "text/html"}},
			Categories: []string{feed.KindDecision, d.Kind},
			Summary:    loc.T("feed.decision_tally", body.Name, d.Yes, d.No, d.Abstain), Content: string(html)})
	}
	s.serveFeed(w, r, f)
}
