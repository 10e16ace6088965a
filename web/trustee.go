package web

import (
	"fmt"
	"net/http"
	"slices"

	"plenum"
	"plenum/i18n"
)

// A trustee's page for an election: where the key ceremony or the tally
// stands, what is due from the trustee, and their work done in their
// browser by the trustees' WebAssembly (cmd/trustee, static/trustee.js),
// which keeps their state sealed on their device: their share of the
// election key never reaches the server. The same work runs from a
// terminal with plenum trustee run, which the page also names.

// trusteePage is what the page shows.
type trusteePage struct {
	Organization orgRef
	Election     electionRef
	Ceremony     *ceremonyView
	Index        int
	Member       string   // the trustee's member ID: their state's key in the browser
	Steps        []string // the trustee's steps that reached the server, in words
	// Phase is what is due: "before" (the ceremony has not begun),
	// "ceremony", "key" (the key is set: the trustee keeps their share and
	// waits for the close), "tally" (mix and decrypt), "done", "left"
	// (a step of the key ceremony closed at its deadline without them), or
	// "no_ballots" (the vote closed without a ballot: nothing to decrypt).
	Phase  string
	Absent string // why the election goes on without the trustee (phase "left")
	// AbsentPhrase says Absent in words the page translates.
	AbsentPhrase plenum.Phrase
	Fresh        bool   // the trustee has not sent their keys: the page may make them
	Command      string // the same work from a terminal
	// WorkFactor is the scrypt cost the page seals the state with (see
	// Config.TrusteeWorkFactor); zero: the default.
	WorkFactor int
}

// Work reports whether the page offers to take the trustee's steps.
func (p *trusteePage) Work() bool {
	return p.Phase == "ceremony" || p.Phase == "key" || p.Phase == "tally"
}

func (s *Server) trusteePage(r *http.Request, v *plenum.Viewer) (*trusteePage, error) {
	c, err := byID(r, s.deps.App.Ceremony)
	if err != nil {
		return nil, err
	}
	e := c.Election
	i := slices.IndexFunc(c.Trustees, func(t plenum.TrusteeView) bool { return v.Member != nil && t.Member == v.Member.ID })
	if i < 0 {
		return nil, plenum.Errorf(plenum.Forbidden, "trustee page", "only the trustees of this election have a trustee's page")
	}
	var off *plenum.Office
	if e.Office != 0 { // a referendum has none
		op, err := s.deps.App.Office(r.Context(), e.Office)
		if err != nil {
			return nil, err
		}
		off = op.Office
	}
	org, err := s.orgByID(r.Context(), e.Org)
	if err != nil {
		return nil, err
	}
	t := c.Trustees[i]
	p := &trusteePage{Organization: orgRefOf(org), Election: electionRefOf(e, off), Ceremony: ceremonyViewOf(c),
		Index: t.Index, Member: t.Member.String(), Fresh: !slices.Contains(t.Sent, "keys"),
		WorkFactor: s.cfg.TrusteeWorkFactor,
		Command:    trusteeCommand(s.publicBase(r), e.ID, v.Member.Email)}
	for _, step := range t.Sent {
		p.Steps = append(p.Steps, s.localizer(r, v).T("trustee.step."+step))
	}
	switch {
	case e.Status == plenum.ElectionScheduled || e.Status == plenum.ElectionNominations:
		p.Phase = "before"
	case t.Absent != "":
		p.Phase, p.Absent, p.AbsentPhrase = "left", t.Absent, t.AbsentPhrase
	case c.NoBallots:
		p.Phase = "no_ballots"
	case !c.Key && e.Status == plenum.ElectionCampaign:
		p.Phase = "ceremony"
	case e.Status == plenum.ElectionCampaign || e.Status == plenum.ElectionVoting:
		p.Phase = "key"
	case e.Status == plenum.ElectionTally:
		p.Phase = "tally"
	default:
		p.Phase = "done"
	}
	return p, nil
}

func trusteeFrame(p *trusteePage) Layout {
	name := p.Election.Office.Name
	if p.Election.Motion != "" {
		name = "#" + p.Election.Motion // a referendum's motion
	}
	if p.Election.Decision != "" {
		name = "#" + p.Election.Decision // a secret decision
	}
	return Layout{Title: "trustee.title", TitleArg: name, Org: navFor(p.Organization), Nav: "units"}
}

// trusteeCommand is the command that takes a trustee's steps from a
// terminal.
func trusteeCommand(base string, id plenum.ElectionID, email string) string {
	return fmt.Sprintf("plenum trustee run --server %s --election %d --email %s --state trustee-%d.age --wait", base, id, email, id)
}

// trusteeText is the trustees' script's messages in the viewer's language.
func trusteeText(l *i18n.Localizer) map[string]string {
	return scriptText(l, "trustee", []string{"loading", "ready", "working", "error", "passphrase", "mismatch", "no_state",
		"loaded", "saved", "sent.keys", "sent.deal", "sent.complaints", "sent.reveals", "sent.mix", "sent.decrypt",
		"wait.ceremony", "wait.vote", "wait.mix", "wait.left", "wait.result", "wait.no_ballots", "done", "forget_confirm", "forgotten"},
		map[string][]any{"wait.ceremony": {"%s"}, "wait.mix": {"%s"}, "wait.left": {"%s"}, "wait.no_ballots": {"%s"}})
}
