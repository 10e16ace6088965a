package web

import (
	"net/http"

	"plenum"
	"plenum/i18n"
	"plenum/secretballot"
)

// The booth's page: the ballot as the voter sees it, marked on the page
// and encrypted in the browser by the booth's WebAssembly (cmd/booth,
// static/booth.js). Its data is the booth's API view, which the script
// fetches again as the WebAssembly's parameters.

// scriptCSP is the Content-Security-Policy of the booth's and the
// trustees' pages: scripts from this site and the compilation of
// WebAssembly (their cryptography), and requests to this site only. Every
// other page allows no script at all.
const scriptCSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; " +
	"style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// boothPage is the booth's view and how the voter marks the ballot.
type boothPage struct {
	*boothView
	Question string
	// Input is "single", "multi" or "rank"; Min and Max bound how many
	// candidates the voter marks (or ranks); Ranks are the ranks they
	// may give.
	Input    string
	Min, Max int
	Ranks    []int
	// Answers is set on a yes/no ballot, whose options are answers to a
	// question rather than candidates.
	Answers bool
	// Subject names a vote with no office, a referendum or a secret
	// decision, in the viewer's language; Motion is a referendum's
	// motion, for a member of the motion's unit.
	Subject string
	Motion  *motionRef
}

func (s *Server) boothPage(r *http.Request, v *plenum.Viewer) (*boothPage, error) {
	b, err := s.booth(r, v)
	if err != nil {
		return nil, err
	}
	m, ok := b.Manifest.(*secretballot.Manifest)
	if !ok || len(m.Questions) != 1 {
		return nil, errNotFound
	}
	q := m.Questions[0]
	p := &boothPage{boothView: b, Question: q.Title, Min: q.Min, Max: q.Max}
	l := s.localizer(r, v)
	if b.Election.Method == plenum.YesNoMethod || b.Election.Decision != "" {
		p.Answers = true
		for i := range p.Candidates {
			p.Candidates[i].Name = l.T("ballot.option." + p.Candidates[i].Name)
		}
	}
	if b.Election.Decision != "" {
		p.Subject = l.T("secretdecision.on_decision", b.Election.Decision)
		if b.decision != nil {
			p.Question = b.decision.Title
		}
	}
	if b.Election.Motion != "" {
		p.Subject = l.T("referendum.on_motion", b.Election.Motion)
		if b.motion != nil {
			ref := motionRefOf(b.motion, s.deps.App.Now())
			p.Motion, p.Question = &ref, b.motion.Title
		}
	}
	switch {
	case q.Kind.Ranked():
		p.Input = "rank"
		for i := range q.Max {
			p.Ranks = append(p.Ranks, i+1)
		}
	case q.Max == 1:
		p.Input = "single"
	default:
		p.Input = "multi"
	}
	return p, nil
}

func boothFrame(p *boothPage) Layout {
	name := p.Election.Office.Name
	if p.Subject != "" {
		name = p.Subject
	}
	return Layout{Title: "booth.title", TitleArg: name, Org: navFor(p.Organization), Nav: "units"}
}

// boothText is the booth script's messages in the viewer's language. The
// page carries them as JSON. On a yes/no ballot (answers) the messages
// that count the choices speak of answers, not candidates.
func boothText(l *i18n.Localizer, answers bool) map[string]string {
	t := scriptText(l, "booth", []string{"loading", "ready", "working", "error", "count", "rank_gap", "no_credential",
		"blank", "audit_done", "audit_published", "tracker_mismatch", "own_done"}, map[string][]any{"count": {"%d", "%d"}, "rank_gap": {"%d"}})
	if answers {
		t["count"], t["blank"] = l.T("booth.js.count_answers", "%d", "%d"), l.T("booth.js.blank_answers")
	}
	return t
}

// scriptText is a page script's messages in the viewer's language: the
// catalog's AREA.js.NAME as NAME. A message with holes (%s in the catalog)
// keeps them as the placeholders given in holes[NAME], which the script
// fills.
func scriptText(l *i18n.Localizer, area string, names []string, holes map[string][]any) map[string]string {
	out := map[string]string{}
	for _, name := range names {
		out[name] = l.T(area+".js."+name, holes[name]...)
	}
	return out
}

// withScriptCSP lets a page run its script and WebAssembly.
func withScriptCSP(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", scriptCSP)
		h(w, r)
	}
}

// trusteeHelp tells a trustee, on the election's page, the one command that
// takes every step due from them. Their cryptography runs on their own
// machine, where their secrets stay sealed in a state file: their share of
// the election key never reaches the server.
type trusteeHelp struct {
	Index   int
	Command string
}

// trusteeHelpFor is the help for the viewer if they are one of the
// trustees, while the election needs their work.
func (s *Server) trusteeHelpFor(r *http.Request, v *plenum.Viewer, e *plenum.Election, c *plenum.Ceremony) *trusteeHelp {
	switch {
	case v.Member == nil:
		return nil
	case e.Status != plenum.ElectionCampaign && e.Status != plenum.ElectionVoting && e.Status != plenum.ElectionTally:
		return nil
	}
	for _, t := range c.Trustees {
		if t.Member == v.Member.ID {
			return &trusteeHelp{Index: t.Index, Command: trusteeCommand(s.publicBase(r), e.ID, v.Member.Email)}
		}
	}
	return nil
}
