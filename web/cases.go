package web

import (
	"encoding/hex"
	"html/template"
	"slices"
	"strconv"
	"time"

	"plenum"
)

// The views of disciplinary cases. What a viewer sees of a case is decided
// by the domain (plenum.CaseView is already redacted); these only shape it.

// caseRef is a case in a list.
type caseRef struct {
	ID            string     `json:"id"`
	Status        string     `json:"status"`
	Unit          unitRef    `json:"unit"` // where it is heard
	Body          string     `json:"body"`
	Accused       *memberRef `json:"accused,omitempty"` // nil where the viewer sees the outcome only
	Opened        time.Time  `json:"opened"`
	Outcome       string     `json:"outcome,omitempty"` // dismissed, not_proven or proven, once decided
	Sanction      string     `json:"sanction,omitempty"`
	Months        int        `json:"months,omitempty"`
	AppealOutcome string     `json:"appeal_outcome,omitempty"` // upheld, varied or overturned
}

// verdictView is one decision of a body on a case.
type verdictView struct {
	Step     string    `json:"step"`
	Decision string    `json:"decision,omitempty"`
	Outcome  string    `json:"outcome"`
	Sanction string    `json:"sanction,omitempty"`
	Months   int       `json:"months,omitempty"`
	Term     string    `json:"term,omitempty"`
	Until    time.Time `json:"until,omitzero"`
	Reasons  string    `json:"reasons,omitempty"` // empty where the viewer does not see reasons
	At       time.Time `json:"at"`
}

type evidenceView struct {
	ID     string    `json:"id"`
	Name   string    `json:"name"`
	Type   string    `json:"type"`
	Size   int64     `json:"size"`
	SHA256 string    `json:"sha256"`
	By     memberRef `json:"by"`
	Added  time.Time `json:"added"`
}

type sanctionView struct {
	Name      string `json:"name"`
	Effect    string `json:"effect"`
	MaxMonths int    `json:"max_months,omitempty"`
}

// caseDecision is a vote of a body on a case and the ruling it proposes.
type caseDecision struct {
	decisionRef
	Proposal *verdictView `json:"proposal,omitempty"`
}

// caseView is a case's page.
type caseView struct {
	Organization orgRef `json:"organization"`
	caseRef
	// Access is how much the viewer sees: details, decision, outcome or public.
	Access     string         `json:"access"`
	AppealBody string         `json:"appeal_body,omitempty"`
	Accusers   []memberRef    `json:"accusers,omitempty"`
	Provisions []string       `json:"provisions,omitempty"`
	Charges    string         `json:"charges,omitempty"`
	Related    string         `json:"related,omitempty"` // the case whose charges this one says were false
	ReplyDue   time.Time      `json:"reply_due,omitzero"`
	Reply      string         `json:"reply,omitempty"`
	Replied    time.Time      `json:"replied,omitzero"`
	Assistant  *memberRef     `json:"assistant,omitempty"`
	Minutes    string         `json:"minutes,omitempty"`
	Heard      time.Time      `json:"heard,omitzero"`
	AppealDue  time.Time      `json:"appeal_due,omitzero"`
	Appellant  *memberRef     `json:"appellant,omitempty"`
	Grounds    string         `json:"grounds,omitempty"`
	Appealed   time.Time      `json:"appealed,omitzero"`
	Admission  *verdictView   `json:"admission,omitempty"`
	Interim    *verdictView   `json:"interim,omitempty"`
	Verdict    *verdictView   `json:"verdict,omitempty"`
	Appeal     *verdictView   `json:"appeal,omitempty"`
	Effective  time.Time      `json:"effective,omitzero"` // when the sanction took effect
	Evidence   []evidenceView `json:"evidence,omitempty"`
	// Decisions are the votes of bodies on the case, each with the ruling it
	// proposes (for those who see its details).
	Decisions []caseDecision `json:"decisions,omitempty"`
	// Recused are the members excluded from the decision the case awaits.
	Recused []memberRef `json:"recused,omitempty"`
	// Actions the viewer may take now: join, reply, evidence, appeal, decide.
	Actions   []string       `json:"actions,omitempty"`
	Sanctions []sanctionView `json:"sanctions,omitempty"`

	ChargesHTML template.HTML  `json:"-"`
	Rulings     []*verdictView `json:"-"` // the decisions taken, in order
	Error       string         `json:"-"`
	Self        string         `json:"-"`
}

// can reports whether the viewer may take action, for the page's forms.
func (c *caseView) Can(action string) bool { return slices.Contains(c.Actions, action) }

func memberRefOf(names map[plenum.MemberID]string, id plenum.MemberID) *memberRef {
	if id == 0 {
		return nil
	}
	return &memberRef{ID: id.String(), Name: names[id]}
}

func verdictOf(v *plenum.Verdict) *verdictView {
	if v == nil {
		return nil
	}
	out := &verdictView{Step: v.Step, Outcome: v.Outcome, Sanction: v.Sanction, Months: v.Months, Until: v.Until,
		Reasons: v.Reasons, At: v.At}
	if v.Decision != 0 {
		out.Decision = strconv.FormatInt(v.Decision, 10)
	}
	if v.Term != 0 {
		out.Term = v.Term.String()
	}
	return out
}

func caseRefOf(cv *plenum.CaseView, unit *plenum.Unit, body string) caseRef {
	c := cv.Case
	r := caseRef{ID: c.ID.String(), Status: string(c.Status), Body: body, Accused: memberRefOf(cv.Names, c.Accused),
		Opened: c.Opened, AppealOutcome: c.AppealOutcome()}
	if unit != nil {
		r.Unit = unitRefOf(unit)
	}
	if c.Status == plenum.CaseDismissed {
		r.Outcome = plenum.Dismissed
	} else if f := c.Final(); f != nil {
		r.Outcome, r.Sanction, r.Months = f.Outcome, f.Sanction, f.Months
	}
	return r
}

func (s *Server) caseViewOf(cv *plenum.CaseView, v *plenum.Viewer) (*caseView, error) {
	c := cv.Case
	out := &caseView{Organization: orgRefOf(cv.Org), caseRef: caseRefOf(cv, cv.Unit, cv.Body.Name), Access: string(cv.Access),
		Provisions: c.Provisions, Charges: c.Charges, ReplyDue: c.ReplyDue, Reply: c.Reply, Replied: c.Replied,
		Assistant: memberRefOf(cv.Names, c.Assistant), Minutes: c.Minutes, Heard: c.Heard, AppealDue: c.AppealDue,
		Appellant: memberRefOf(cv.Names, c.Appellant), Grounds: c.Grounds, Appealed: c.Appealed,
		Admission: verdictOf(c.Admission), Interim: verdictOf(c.Interim), Verdict: verdictOf(c.Verdict), Appeal: verdictOf(c.Appeal),
		Effective: c.Effective}
	for _, r := range []*verdictView{out.Admission, out.Interim, out.Verdict, out.Appeal} {
		if r != nil {
			out.Rulings = append(out.Rulings, r)
		}
	}
	if cv.AppealBody != nil {
		out.AppealBody = cv.AppealBody.Name
	}
	if c.Related != 0 {
		out.Related = c.Related.String()
	}
	for _, m := range c.Accusers {
		out.Accusers = append(out.Accusers, *memberRefOf(cv.Names, m))
	}
	for _, e := range cv.Evidence {
		out.Evidence = append(out.Evidence, evidenceView{ID: strconv.FormatInt(e.ID, 10), Name: e.Name, Type: e.Type, Size: e.Size,
			SHA256: hex.EncodeToString(e.SHA256), By: *memberRefOf(cv.Names, e.By), Added: e.Added})
	}
	for _, d := range cv.Decisions {
		out.Decisions = append(out.Decisions, caseDecision{decisionRefOf(d), verdictOf(c.ProposalOf(d))})
	}
	for _, m := range cv.Recused {
		out.Recused = append(out.Recused, memberRef{ID: m.String(), Name: cv.Names[m]})
	}
	for action, ok := range map[string]bool{"join": cv.CanJoin, "reply": cv.CanReply, "evidence": cv.CanAddEvidence,
		"appeal": cv.CanAppeal, "decide": cv.CanDecide} {
		if ok {
			out.Actions = append(out.Actions, action)
		}
	}
	slices.Sort(out.Actions)
	for _, sa := range cv.Sanctions {
		out.Sanctions = append(out.Sanctions, sanctionView{Name: sa.Name, Effect: sa.Effect, MaxMonths: sa.MaxMonths})
	}
	if v.Member != nil {
		out.Self = v.Member.ID.String()
	}
	if c.Charges != "" {
		html, err := s.md.HTML(c.Charges)
		if err != nil {
			return nil, err
		}
		out.ChargesHTML = html
	}
	return out, nil
}
