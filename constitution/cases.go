package constitution

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// Cases are the rules of disciplinary cases (rule R10): which body hears a
// case at each level, the graded sanctions a case may end with, the periods
// of the procedure and who sees what of it.
type Cases struct {
	// ControlBodies name the body that admits and hears the cases of the
	// members of each unit's subtree; a case is heard by the control body
	// nearest above the accused's unit and appealed to the next one above.
	ControlBodies []*ControlBody
	// FinalAppeal names a body of the root unit that hears appeals from the
	// root's own control body; "" when its decisions are final.
	FinalAppeal string
	Sanctions   []*Sanction // graded, the mildest first
	ReplyDays   int         // for the accused to answer the charges in writing
	AppealDays  int         // for the parties to appeal a decision
	Secret      bool        // the hearing body votes by secret vote; otherwise by roll call
	MembersSee  string      // what members of the unit see of a decided case: one of Visibilities
	PublicSees  string      // what visitors see: "nothing" or "outcome" (without names)
	Interim     bool        // interim measures (a suspension pending the final decision) are allowed
	InterimDays int         // the longest an interim measure may last

	line int // of the cases field, for errors of final_appeal
}

// ControlBody names the body that hears cases at the units Unit names.
type ControlBody struct {
	Unit string // a unit reference
	Body string // the name of a body of those units
	Line int
}

// Sanction is one sanction of the constitution's list and what it does.
type Sanction struct {
	Name      string
	Effect    string // one of Effects
	MaxMonths int    // for a suspension: the longest it may last
	Line      int
}

// The effects of a sanction on the sanctioned member.
const (
	EffectNone       = "none"       // recorded only: no action, a reprimand
	EffectOffice     = "office"     // the member loses an office they hold
	EffectSuspension = "suspension" // the member's rights are suspended for some months
	EffectExpulsion  = "expulsion"  // the member is expelled
)

// Effects are the effects a sanction may have.
var Effects = []string{EffectNone, EffectOffice, EffectSuspension, EffectExpulsion}

// Visibilities are what members or the public may be shown of a decided case:
// the decision with its reasons, its outcome alone, or nothing.
var Visibilities = []string{"decision", "outcome", "nothing"}

// Lasting reports whether the effect lasts beyond the decision, so that it
// waits for the appeal period or the appeal (rule R10).
func (s *Sanction) Lasting() bool { return s.Effect != EffectNone }

// Sanction returns the sanction of the list with the given name, or nil.
func (c *Cases) Sanction(name string) *Sanction {
	for _, s := range c.Sanctions {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// ControlBody returns the name of the body that hears cases at u, "" if none.
func (c *Constitution) ControlBody(u *Unit) string {
	for _, cb := range c.Cases.ControlBodies {
		if slices.Contains(c.Resolve(cb.Unit), u) {
			return cb.Body
		}
	}
	return ""
}

func (d *decoder) cases(n *yaml.Node, field string, cs *Cases) {
	cs.line = n.Line
	d.fields(n, field, handlers{
		"control_bodies!": func(v *yaml.Node, f string) {
			d.list(v, f, func(v *yaml.Node, f string) {
				cb := &ControlBody{Line: v.Line}
				d.fields(v, f, handlers{
					"unit!": func(v *yaml.Node, f string) { d.str(v, f, &cb.Unit) },
					"body!": func(v *yaml.Node, f string) { d.str(v, f, &cb.Body) },
				})
				cs.ControlBodies = append(cs.ControlBodies, cb)
			})
		},
		"final_appeal": func(v *yaml.Node, f string) { d.str(v, f, &cs.FinalAppeal) },
		"sanctions!": func(v *yaml.Node, f string) {
			d.list(v, f, func(v *yaml.Node, f string) { cs.Sanctions = append(cs.Sanctions, d.sanction(v, f)) })
		},
		"reply_days":  func(v *yaml.Node, f string) { d.whole(v, f, 1, &cs.ReplyDays) },
		"appeal_days": func(v *yaml.Node, f string) { d.whole(v, f, 1, &cs.AppealDays) },
		"vote": func(v *yaml.Node, f string) {
			var vote string
			d.oneOf(v, f, []string{"secret", "roll-call"}, &vote)
			cs.Secret = vote == "secret"
		},
		"members_see": func(v *yaml.Node, f string) { d.oneOf(v, f, Visibilities, &cs.MembersSee) },
		"public_sees": func(v *yaml.Node, f string) { d.oneOf(v, f, []string{"outcome", "nothing"}, &cs.PublicSees) },
		"interim_measures": func(v *yaml.Node, f string) {
			d.fields(v, f, handlers{
				"allowed!": func(v *yaml.Node, f string) { d.boolean(v, f, &cs.Interim) },
				"max_days": func(v *yaml.Node, f string) { d.whole(v, f, 1, &cs.InterimDays) },
			})
			if cs.Interim && cs.InterimDays == 0 {
				d.fail(v.Line, f+".max_days", "is required when interim measures are allowed: an interim measure is time-limited")
			}
		},
	})
}

func (d *decoder) sanction(n *yaml.Node, field string) *Sanction {
	s := &Sanction{Line: n.Line}
	d.fields(n, field, handlers{
		"name!":      func(v *yaml.Node, f string) { d.str(v, f, &s.Name) },
		"effect!":    func(v *yaml.Node, f string) { d.oneOf(v, f, Effects, &s.Effect) },
		"max_months": func(v *yaml.Node, f string) { d.whole(v, f, 1, &s.MaxMonths) },
	})
	switch {
	case s.Effect == EffectSuspension && s.MaxMonths == 0:
		d.fail(n.Line, field+".max_months", "a suspension needs the longest it may last, in months")
	case s.Effect != EffectSuspension && s.MaxMonths != 0:
		d.fail(n.Line, field+".max_months", "only a suspension lasts a number of months")
	}
	return s
}

// checkCases verifies that the control bodies and the final appeal body
// exist where they are named, and that sanctions have distinct names.
func (d *decoder) checkCases(c *Constitution) {
	cs := &c.Cases
	hearing := map[*Unit]int{}
	for i, cb := range cs.ControlBodies {
		f := fmt.Sprintf("cases.control_bodies[%d]", i)
		d.bodiesAt(c, cb.Line, i, f, "a control body (control_bodies", cb.Unit, cb.Body, hearing)
	}
	if cs.FinalAppeal != "" {
		for _, root := range c.Units {
			if !c.hasBody(root, cs.FinalAppeal) {
				d.fail(cs.line, "cases.final_appeal", "%s has no body named %q", root.Path, cs.FinalAppeal)
			} else if c.ControlBody(root) == cs.FinalAppeal {
				d.fail(cs.line, "cases.final_appeal", "%q already hears the cases of %s: an appeal goes to another body", cs.FinalAppeal, root.Path)
			}
		}
	}
	names := map[string]bool{}
	for i, s := range cs.Sanctions {
		if names[s.Name] {
			d.fail(s.Line, fmt.Sprintf("cases.sanctions[%d].name", i), "two sanctions are named %q", s.Name)
		}
		names[s.Name] = true
	}
}

func (c *Constitution) hasBody(u *Unit, name string) bool { return c.body(u, name) != nil }
