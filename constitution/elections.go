package constitution

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DefaultCommission is the body a constitution without an
// election_commissions section gives every unit that has an elected body
// of this name, so that the files written before the section existed
// keep their meaning.
const DefaultCommission = "Election commission"

// Commission names the election commission of the units Unit names: the
// body that holds the elections of their offices and of the offices of
// the units below them that have no commission of their own. Its seat
// holders, or the members Trustees names, hold the election key (rule
// R3); the body certifies the result by a decision (R7).
type Commission struct {
	Unit     string   // a unit reference
	Body     string   // the name of an elected body of those units
	Trustees []string // email addresses of the trustees; empty: the body's seat holders
	Line     int
}

// Commission returns the election commission the constitution gives unit
// u itself, or nil.
func (c *Constitution) Commission(u *Unit) *Commission {
	for _, ec := range c.ElectionCommissions {
		if slices.Contains(c.Resolve(ec.Unit), u) {
			return ec
		}
	}
	return nil
}

func (d *decoder) commission(n *yaml.Node, field string) *Commission {
	ec := &Commission{Line: n.Line}
	d.fields(n, field, handlers{
		"unit!":    func(v *yaml.Node, f string) { d.str(v, f, &ec.Unit) },
		"body!":    func(v *yaml.Node, f string) { d.str(v, f, &ec.Body) },
		"trustees": func(v *yaml.Node, f string) { d.texts(v, f, &ec.Trustees) },
	})
	return ec
}

// checkCommissions verifies that each commission is an elected body of
// the units named, that no unit has two, and that named trustees are
// email addresses, distinct, enough for the threshold and no more than
// the count. Without the section, it gives the default commissions.
func (d *decoder) checkCommissions(c *Constitution, given bool) {
	if !given {
		for _, u := range c.AllUnits() {
			bodies, _ := c.At(u)
			for _, b := range bodies {
				if strings.EqualFold(b.Name, DefaultCommission) && !b.AllMembers {
					c.ElectionCommissions = append(c.ElectionCommissions, &Commission{Unit: u.Path, Body: b.Name})
				}
			}
		}
		return
	}
	holding := map[*Unit]int{}
	for i, ec := range c.ElectionCommissions {
		f := fmt.Sprintf("election_commissions[%d]", i)
		for _, b := range d.bodiesAt(c, ec.Line, i, f, "an election commission (election_commissions", ec.Unit, ec.Body, holding) {
			if b.AllMembers {
				d.fail(ec.Line, f+".body", "%q is an assembly of all members; an election commission is an elected body", ec.Body)
			}
		}
		if len(ec.Trustees) == 0 {
			continue
		}
		if len(ec.Trustees) < c.Trustees.Threshold || len(ec.Trustees) > c.Trustees.Count {
			d.fail(ec.Line, f+".trustees", "names %d trustees; trustees.threshold is %d and trustees.count %d: name from %d to %d",
				len(ec.Trustees), c.Trustees.Threshold, c.Trustees.Count, c.Trustees.Threshold, c.Trustees.Count)
		}
		for j, t := range ec.Trustees {
			tf := fmt.Sprintf("%s.trustees[%d]", f, j)
			if a, err := mail.ParseAddress(t); err != nil || a.Address != t {
				d.fail(ec.Line, tf, "must be the trustee's email address, not %q", t)
			} else if slices.Contains(ec.Trustees[:j], t) {
				d.fail(ec.Line, tf, "%s is named twice", t)
			}
		}
	}
}

// body returns the body named name that the constitution gives u, or nil.
func (c *Constitution) body(u *Unit, name string) *Body {
	bodies, _ := c.At(u)
	for _, b := range bodies {
		if b.Name == name {
			return b
		}
	}
	return nil
}
