package plenum

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"plenum/constitution"
)

// Founding is what founds an organization: its constitution and, in the
// same transaction, its first members, among whom the holders of the
// founding mandates must be.
type Founding struct {
	File         string // the constitution's file name, for messages
	Source       []byte // the constitution's YAML, kept as it is
	Constitution *constitution.Constitution
	Members      *MemberImport // nil: no members yet
}

// Found creates an organization from its constitution: the units, bodies
// and offices, the members given, and the founding mandates (rule R1: the
// holders elected before the organization moved onto plenum, marked as such
// in the record, ending on the date the constitution gives). All of it or
// nothing.
//
// Who may call: the operator and the command line. Errors: Forbidden;
// Conflict (an organization of that name exists); Invalid as Errors naming
// file:line and field (a bad member row, a mandate whose holder is not
// among the members, a mandate already ended).
func (a *App) Found(ctx context.Context, v *Viewer, f Founding) (*Organization, error) {
	const op = "found organization"
	if !v.CanFound() {
		return nil, Errorf(Forbidden, op, "only the operator may create organizations")
	}
	c := f.Constitution
	org := &Organization{Slug: Slugify(c.Name), Name: c.Name, Constitution: string(f.Source), Created: a.now()}
	if org.Slug == "" {
		return nil, FieldErrorf(Invalid, op, "name", "the name needs letters or digits")
	}
	err := a.Store.Update(ctx, func(tx Tx) error {
		if err := tx.CreateOrg(ctx, org); err != nil {
			return err
		}
		fs := &founder{app: a, tx: tx, c: c, org: org, units: map[*constitution.Unit]*Unit{}, offices: map[string]*Office{}}
		if err := fs.build(ctx); err != nil {
			return err
		}
		sum := sha256.Sum256(f.Source)
		_, err := a.appendRecord(ctx, tx, change{Type: "org.founded", Actor: v.Actor(), Org: org.ID,
			Payload: map[string]any{"name": org.Name, "slug": org.Slug, "constitution_sha256": hex.EncodeToString(sum[:]),
				"units": len(fs.units), "offices": len(fs.offices)}})
		if err != nil {
			return err
		}
		if f.Members != nil {
			if _, err := a.importMembers(ctx, tx, v, org.ID, *f.Members); err != nil {
				return err
			}
		}
		return fs.mandates(ctx, f.File, v)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return org, nil
}

// founder builds one organization inside a transaction.
type founder struct {
	app     *App
	tx      Tx
	c       *constitution.Constitution
	org     *Organization
	units   map[*constitution.Unit]*Unit
	offices map[string]*Office // "unit path\x00name"
}

func (fs *founder) build(ctx context.Context) error {
	for _, cu := range fs.c.AllUnits() {
		u := &Unit{Org: fs.org.ID, Name: cu.Name, Path: cu.Path}
		if cu.Parent != nil {
			u.Parent = fs.units[cu.Parent].ID
		}
		if err := fs.tx.CreateUnit(ctx, u); err != nil {
			return err
		}
		fs.units[cu] = u
	}
	for _, cu := range fs.c.AllUnits() {
		bodies, offices := fs.c.At(cu)
		for _, b := range bodies {
			if err := fs.body(ctx, cu, b); err != nil {
				return err
			}
		}
		for _, o := range offices {
			off := &Office{Unit: fs.units[cu].ID, Name: o.Name, Seats: o.Seats, Method: o.Method, TermMonths: o.TermMonths,
				TermLimit: o.TermLimit, IncompatibleWith: fs.incompatible(o.Name)}
			if o.Pay != nil {
				off.Pay = &Pay{Minor: o.Pay.Minor, Currency: o.Pay.Currency, Period: o.Pay.Period}
			}
			if err := fs.office(ctx, cu, off); err != nil {
				return err
			}
		}
	}
	return nil
}

// body creates a body and, for an elected one, the office of its seats.
func (fs *founder) body(ctx context.Context, cu *constitution.Unit, b *constitution.Body) error {
	u := fs.units[cu]
	body := &Body{Unit: u.ID, Name: b.Name, AllMembers: b.AllMembers, Seats: b.Seats, Method: b.Method,
		TermMonths: b.TermMonths, TermLimit: b.TermLimit}
	if err := fs.tx.CreateBody(ctx, body); err != nil {
		return err
	}
	if b.AllMembers || b.Seats == 0 {
		return nil
	}
	seats := &Office{Unit: u.ID, Body: body.ID, Name: b.Name, Seats: b.Seats, Method: b.Method,
		TermMonths: b.TermMonths, TermLimit: b.TermLimit, IncompatibleWith: fs.incompatible(b.Name)}
	return fs.office(ctx, cu, seats)
}

func (fs *founder) office(ctx context.Context, cu *constitution.Unit, o *Office) error {
	if err := fs.tx.CreateOffice(ctx, o); err != nil {
		return err
	}
	// The constitution's pay opens the office's pay history; org.founded
	// records it with the constitution's hash.
	if err := fs.tx.AddPayChange(ctx, &PayChange{Office: o.ID, Pay: o.Pay, Allowances: []Allowance{}, Since: fs.org.Created}); err != nil {
		return err
	}
	fs.offices[cu.Path+"\x00"+o.Name] = o
	return nil
}

// incompatible lists the offices and bodies that may not be held with name,
// whichever side of the pair the constitution wrote it on.
func (fs *founder) incompatible(name string) []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range fs.c.Offices {
		for _, other := range append([]string{o.Name}, o.IncompatibleWith...) {
			if other != name && !seen[other] && fs.c.Incompatible(name, other) {
				seen[other] = true
				out = append(out, other)
			}
		}
	}
	return out
}

// mandates creates the founding terms. A mandate runs from the founding
// through the whole of its end date (UTC).
func (fs *founder) mandates(ctx context.Context, file string, v *Viewer) error {
	now := fs.app.now()
	var bad Errors
	for i, md := range fs.c.FoundingMandates {
		field := fmt.Sprintf("founding_mandates[%d]", i)
		u := fs.c.Resolve(md.Unit)[0]
		off := fs.offices[u.Path+"\x00"+md.Office]
		end := time.Date(md.Ends.Year(), md.Ends.Month(), md.Ends.Day()+1, 0, 0, 0, 0, time.UTC)
		m, err := fs.tx.MemberByEmail(ctx, fs.org.ID, NormalizeEmail(md.Member))
		switch {
		case IsKind(err, NotFound):
			bad = append(bad, lineError("found organization", file, md.Line, field+".member",
				"no member has the email %s; import the members with the constitution (init --members FILE)", md.Member))
			continue
		case err != nil:
			return err
		case !end.After(now):
			bad = append(bad, lineError("found organization", file, md.Line, field+".ends", "the mandate ended on %s", md.Ends.Format("2006-01-02")))
			continue
		}
		t := &Term{Office: off.ID, Holder: m.ID, Start: now, End: end, Founding: true}
		if err := fs.tx.CreateTerm(ctx, t); err != nil {
			return err
		}
		_, err = fs.app.appendRecord(ctx, fs.tx, change{Type: "term.founding", Actor: v.Actor(), Org: fs.org.ID, Unit: off.Unit,
			Payload: map[string]any{"term": t.ID, "office": off.ID, "office_name": off.Name, "holder": m.ID,
				"holder_name": m.Name, "start": t.Start, "end": t.End, "founding": true}})
		if err != nil {
			return err
		}
	}
	if len(bad) > 0 {
		return bad
	}
	return nil
}
