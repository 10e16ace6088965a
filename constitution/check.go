package constitution

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
)

// check verifies what no single field shows: that references resolve, names are
// unique where they must be, and the founding mandates respect the rules.
func (d *decoder) check(c *Constitution) {
	d.checkUnits(c)
	seats := map[string]int{} // "unit path\x00name" -> seats, for every instantiated body and office
	for i, b := range c.Bodies {
		f := fmt.Sprintf("bodies[%d]", i)
		switch {
		case b.AllMembers && b.Seats > 0:
			d.fail(b.Line, f+".seats", "a body of all members has no elected seats; remove seats or all_members")
		case b.AllMembers && b.Method != "":
			d.fail(b.Line, f+".method", "a body of all members is not elected; remove method")
		case !b.AllMembers && b.Seats == 0:
			d.fail(b.Line, f+".seats", "is required unless all_members is true")
		}
		d.checkMethod(b.Line, f, b.Method, b.Seats)
		d.instantiate(c, seats, b.Line, f, b.Unit, b.Name, b.Seats)
	}
	names := map[string]bool{}
	for _, b := range c.Bodies {
		names[b.Name] = true
	}
	for _, o := range c.Offices {
		names[o.Name] = true
	}
	for i, o := range c.Offices {
		f := fmt.Sprintf("offices[%d]", i)
		d.checkMethod(o.Line, f, o.Method, o.Seats)
		d.instantiate(c, seats, o.Line, f, o.Unit, o.Name, o.Seats)
		for j, other := range o.IncompatibleWith {
			switch {
			case other == o.Name:
				d.fail(o.Line, fmt.Sprintf("%s.incompatible_with[%d]", f, j), "an office cannot be incompatible with itself")
			case !names[other]:
				d.fail(o.Line, fmt.Sprintf("%s.incompatible_with[%d]", f, j), "no office or body is named %q", other)
			}
		}
	}
	d.checkMandates(c, seats)
	d.checkCases(c)
	d.checkCommissions(c, d.commissionsGiven)
}

func (d *decoder) checkUnits(c *Constitution) {
	paths := map[string]bool{}
	for _, u := range c.AllUnits() {
		if strings.ContainsAny(u.Name, "/*?[]") {
			d.fail(u.Line, "units", "unit name %q may not contain / * ? [ or ]", u.Name)
		}
		if paths[u.Path] {
			d.fail(u.Line, "units", "two units are named %q", u.Path)
		}
		paths[u.Path] = true
	}
}

// checkMethod refuses a method that cannot fill the number of seats.
func (d *decoder) checkMethod(line int, field, method string, seats int) {
	switch method {
	case "irv", "plurality", "schulze", "ranked-pairs":
		if seats > 1 {
			d.fail(line, field+".method", "%s fills one seat; for %d seats use stv-meek, stv-scottish, stv-wigm, block or approval", method, seats)
		}
	}
}

// instantiate records the body or office at every unit that ref names, and
// reports references that name no unit, or several by a plain name.
func (d *decoder) instantiate(c *Constitution, seats map[string]int, line int, field, ref, name string, n int) {
	units := c.Resolve(ref)
	switch {
	case len(units) == 0:
		d.fail(line, field+".unit", "no unit is named %q", ref)
	case len(units) > 1 && !isGlob(ref):
		d.fail(line, field+".unit", "%d units are named %q; give the full path, such as %q", len(units), ref, units[0].Path)
	}
	for _, u := range units {
		key := u.Path + "\x00" + name
		if _, dup := seats[key]; dup {
			d.fail(line, field+".name", "%q is already a body or office of %s", name, u.Path)
		}
		seats[key] = n
	}
}

func (d *decoder) checkMandates(c *Constitution, seats map[string]int) {
	held := map[string]int{}          // "unit path\x00office" -> mandates
	byMember := map[string][]string{} // member -> offices held
	for i, m := range c.FoundingMandates {
		f := fmt.Sprintf("founding_mandates[%d]", i)
		if a, err := mail.ParseAddress(m.Member); err != nil || a.Address != m.Member {
			d.fail(m.Line, f+".member", "must be the holder's email address, not %q", m.Member)
		}
		units := c.Resolve(m.Unit)
		if len(units) != 1 {
			d.fail(m.Line, f+".unit", "must name exactly one unit; %q names %d", m.Unit, len(units))
			continue
		}
		key := units[0].Path + "\x00" + m.Office
		n, ok := seats[key]
		switch {
		case !ok:
			d.fail(m.Line, f+".office", "%s has no office or body named %q", units[0].Path, m.Office)
			continue
		case n == 0:
			d.fail(m.Line, f+".office", "%q is a body of all members: nobody holds it by mandate", m.Office)
			continue
		}
		held[key]++
		if held[key] > n {
			d.fail(m.Line, f, "more founding mandates for %s of %s than its %d seats", m.Office, units[0].Path, n)
		}
		for _, other := range byMember[m.Member] {
			if c.Incompatible(m.Office, other) {
				d.fail(m.Line, f, "%s would hold %s and %s, which are incompatible (rule R9)", m.Member, other, m.Office)
			}
		}
		byMember[m.Member] = append(byMember[m.Member], m.Office)
	}
}

// Incompatible reports whether the offices or bodies named a and b may not be
// held by the same member (rule R9); the constitution may say so on either side.
func (c *Constitution) Incompatible(a, b string) bool {
	for _, o := range c.Offices {
		if (o.Name == a && slices.Contains(o.IncompatibleWith, b)) || (o.Name == b && slices.Contains(o.IncompatibleWith, a)) {
			return a != b
		}
	}
	return false
}

// At returns the bodies and offices the constitution gives unit u.
func (c *Constitution) At(u *Unit) (bodies []*Body, offices []*Office) {
	for _, b := range c.Bodies {
		if slices.Contains(c.Resolve(b.Unit), u) {
			bodies = append(bodies, b)
		}
	}
	for _, o := range c.Offices {
		if slices.Contains(c.Resolve(o.Unit), u) {
			offices = append(offices, o)
		}
	}
	return bodies, offices
}

// bodiesAt checks entry i of a list that gives each unit ref names its
// body called name (a control body, an election commission): the units
// and the bodies must exist, and no unit may be given two (taken holds
// the entry each unit got; role, "a control body (control_bodies", says
// what in errors). It returns the bodies found.
func (d *decoder) bodiesAt(c *Constitution, line, i int, field, role, ref, name string, taken map[*Unit]int) []*Body {
	units := c.Resolve(ref)
	if len(units) == 0 {
		d.fail(line, field+".unit", "no unit is named %q", ref)
	}
	var found []*Body
	for _, u := range units {
		if b := c.body(u, name); b == nil {
			d.fail(line, field+".body", "%s has no body named %q", u.Path, name)
		} else {
			found = append(found, b)
		}
		if j, dup := taken[u]; dup {
			d.fail(line, field+".unit", "%s already has %s[%d])", u.Path, role, j)
		}
		taken[u] = i
	}
	return found
}
