package web

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"plenum"
	"plenum/textdiff"
)

// motionRef is a motion in a list.
type motionRef struct {
	ID       string     `json:"id"`
	Kind     string     `json:"kind"`
	Title    string     `json:"title"`
	Phase    string     `json:"phase"`
	Tabled   bool       `json:"tabled"`
	Support  int        `json:"support"`
	Needed   int        `json:"needed"`
	DecideBy *time.Time `json:"decide_by,omitempty"`
	Overdue  bool       `json:"overdue"`
	Decision string     `json:"decision,omitempty"`
}

// motionList is a body's motions.
type motionList struct {
	Organization orgRef      `json:"organization"`
	Unit         unitRef     `json:"unit"`
	Body         bodyRef     `json:"body"`
	Motions      []motionRef `json:"motions"`
	Overdue      int         `json:"overdue"` // motions the body has not decided in time
	// Page only.
	CanTable bool          `json:"-"`
	Draft    motionRequest `json:"-"`
	Error    string        `json:"-"`
}

// motionView is a motion's page.
type motionView struct {
	Organization orgRef  `json:"organization"`
	Unit         unitRef `json:"unit"`
	Body         bodyRef `json:"body"`
	motionRef
	Author     memberRef       `json:"author"`
	Text       string          `json:"text"`
	HTML       template.HTML   `json:"html"`
	Reason     string          `json:"reason"`
	Original   string          `json:"original,omitempty"` // the text as admitted, when amended since
	Changes    []changeView    `json:"changes,omitempty"`  // from the original to the text, word by word
	Target     string          `json:"target,omitempty"`   // the decision a reconsideration is about
	Supporters []supporterView `json:"supporters"`
	Amendments []amendmentView `json:"amendments"`
	Comments   []commentView   `json:"comments"`
	// The viewer's standing.
	IsAuthor      bool   `json:"is_author"`
	Supports      bool   `json:"supports"`
	BodyMember    bool   `json:"body_member"`
	NextAmendment string `json:"next_amendment,omitempty"` // the amendment the body votes on next
	// Referendums on the motion and demands for one, newest first;
	// ByReferendum: the constitution has the members decide it.
	Referendums  []referendumView `json:"referendums"`
	ByReferendum bool             `json:"by_referendum"`
	Signed       bool             `json:"signed"`              // the viewer signed the open demand
	SignedAt     *time.Time       `json:"signed_at,omitempty"` // when
	Error        string           `json:"-"`
}

type changeView struct {
	Op   string `json:"op"` // "equal", "delete", "insert"
	Text string `json:"text"`
}

type supporterView struct {
	Member  memberRef `json:"member"`
	Sponsor bool      `json:"sponsor"`
	At      time.Time `json:"at"`
}

type amendmentView struct {
	ID          string    `json:"id"`
	Author      memberRef `json:"author"`
	Passage     string    `json:"passage"`
	Replacement string    `json:"replacement"`
	Reason      string    `json:"reason"`
	Status      string    `json:"status"`
	Decision    string    `json:"decision,omitempty"`
}

type commentView struct {
	ID       string           `json:"id"`
	Author   memberRef        `json:"author"`
	Parent   string           `json:"parent,omitempty"`
	Quote    string           `json:"quote,omitempty"`
	Text     string           `json:"text,omitempty"` // empty when hidden
	Created  time.Time        `json:"created"`
	Edited   *time.Time       `json:"edited,omitempty"`
	Versions []commentVersion `json:"versions,omitempty"`
	Hidden   string           `json:"hidden_by,omitempty"` // the decision that hid it
	Reason   string           `json:"hidden_reason,omitempty"`
	Mine     bool             `json:"-"`
}

type commentVersion struct {
	Text  string    `json:"text"`
	Until time.Time `json:"until"`
}

func motionRefOf(m *plenum.Motion, now time.Time) motionRef {
	r := motionRef{ID: m.ID.String(), Kind: m.Kind, Title: m.Title, Phase: string(m.Phase), Tabled: m.Tabled,
		Support: m.Support, Needed: m.Needed, Overdue: m.Overdue(now)}
	if !m.DecideBy.IsZero() {
		r.DecideBy = &m.DecideBy
	}
	if m.Decision != 0 {
		r.Decision = m.Decision.String()
	}
	return r
}

func (s *Server) bodyMotions(r *http.Request, v *plenum.Viewer) (*motionList, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	l, err := s.deps.App.BodyMotions(r.Context(), v, plenum.BodyID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), l.Unit.Org)
	if err != nil {
		return nil, err
	}
	out := &motionList{Organization: orgRefOf(org), Unit: unitRefOf(l.Unit), Body: bodyRefOf(l.Body),
		Motions: []motionRef{}, Overdue: l.Overdue, CanTable: l.BodyMember}
	now := s.deps.App.Now()
	for _, m := range l.Motions {
		out.Motions = append(out.Motions, motionRefOf(m, now))
	}
	return out, nil
}

func motionsFrame(l *motionList) Layout {
	return Layout{Title: l.Body.Name + ", " + l.Unit.Name, Org: navFor(l.Organization), Nav: "units"}
}

func (s *Server) motionPage(r *http.Request, v *plenum.Viewer) (*motionView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	p, err := s.deps.App.MotionPage(r.Context(), v, plenum.MotionID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), p.Unit.Org)
	if err != nil {
		return nil, err
	}
	m := p.Motion
	html, err := s.md.HTML(m.Text)
	if m.Kind == plenum.MotionConstitution {
		// A constitution is a file, not prose.
		html, err = template.HTML("<pre>"+template.HTMLEscapeString(m.Text)+"</pre>"), nil
	}
	if err != nil {
		return nil, err
	}
	out := &motionView{Organization: orgRefOf(org), Unit: unitRefOf(p.Unit), Body: bodyRefOf(p.Body),
		motionRef: motionRefOf(m, s.deps.App.Now()), Author: memberRef{ID: m.Author.String(), Name: p.Author},
		Text: m.Text, HTML: html, Reason: m.Reason, Supporters: []supporterView{}, Amendments: []amendmentView{},
		Comments: []commentView{}, IsAuthor: p.IsAuthor, Supports: p.Supports, BodyMember: p.BodyMember,
		Referendums: []referendumView{}, ByReferendum: p.ByReferendum, Signed: !p.Signed.IsZero(), SignedAt: timeOrNil(p.Signed)}
	for _, rf := range p.Referendums {
		out.Referendums = append(out.Referendums, referendumViewOf(rf, p.Elections[rf.Election]))
	}
	if m.Target != 0 {
		out.Target = m.Target.String()
	}
	if p.NextAmendment != 0 {
		out.NextAmendment = p.NextAmendment.String()
	}
	if len(p.Changes) > 0 {
		out.Original = m.Original
		for _, c := range p.Changes {
			out.Changes = append(out.Changes, changeView{Op: [...]string{textdiff.Equal: "equal", textdiff.Delete: "delete",
				textdiff.Insert: "insert"}[c.Op], Text: c.Text})
		}
	}
	for _, sp := range p.Supporters {
		out.Supporters = append(out.Supporters, supporterView{Member: memberRef{ID: sp.Member.String(), Name: sp.Name},
			Sponsor: sp.Sponsor, At: sp.At})
	}
	for _, am := range p.Amendments {
		av := amendmentView{ID: am.ID.String(), Author: memberRef{ID: am.Author.String(), Name: p.Names[am.Author]},
			Passage: am.Passage, Replacement: am.Replacement, Reason: am.Reason, Status: string(am.Status)}
		if am.Decision != 0 {
			av.Decision = am.Decision.String()
		}
		out.Amendments = append(out.Amendments, av)
	}
	for _, c := range p.Comments {
		out.Comments = append(out.Comments, commentViewOf(c, v))
	}
	return out, nil
}

func commentViewOf(c *plenum.Comment, v *plenum.Viewer) commentView {
	cv := commentView{ID: c.ID.String(), Author: memberRef{ID: c.Author.String(), Name: c.Name}, Quote: c.Quote,
		Text: c.Text, Created: c.Created, Mine: v.Member != nil && v.Member.ID == c.Author}
	if c.Parent != 0 {
		cv.Parent = c.Parent.String()
	}
	if !c.Edited.IsZero() {
		cv.Edited = &c.Edited
	}
	if c.Hidden != 0 {
		// Hidden: the reason and the decision show, not the text or its versions.
		cv.Hidden, cv.Reason, cv.Text, cv.Quote = c.Hidden.String(), c.Reason, "", ""
		return cv
	}
	for _, ver := range c.Versions {
		cv.Versions = append(cv.Versions, commentVersion{Text: ver.Text, Until: ver.Until})
	}
	return cv
}

func motionFrame(m *motionView) Layout {
	return Layout{Title: m.Title, Org: navFor(m.Organization), Nav: "units"}
}

// motionRequest drafts or tables a motion.
type motionRequest struct {
	Kind   string `json:"kind"` // motion (default), reconsideration, constitution
	Title  string `json:"title"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
	Target string `json:"target"` // a reconsideration's decision
	Table  bool   `json:"table"`  // a member of the body puts it on the agenda at once
}

// commentRequest is a comment of a debate, or a comment's new text.
type commentRequest struct {
	Parent string `json:"parent"`
	Quote  string `json:"quote"`
	Text   string `json:"text"`
}

// amendmentRequest proposes an amendment.
type amendmentRequest struct {
	Passage     string `json:"passage"`
	Replacement string `json:"replacement"`
	Reason      string `json:"reason"`
}

// putToVoteRequest opens the body's vote on the motion, or on its next
// amendment.
type putToVoteRequest struct {
	Amendment string     `json:"amendment"`
	Deadline  *time.Time `json:"deadline"`
}

// optionalID reads an ID that may be empty.
func optionalID(field, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, invalid(field, "This is not an ID.")
	}
	return id, nil
}
