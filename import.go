package plenum

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
)

// MemberImport is a members file read by ReadMembersCSV.
type MemberImport struct {
	File    string      // the file's name, for messages and the record
	Rows    []MemberRow // the good rows
	Bad     Errors      // the bad rows found while reading
	SkipBad bool        // import the good rows even when some are bad
}

// ImportReport says what an import did.
type ImportReport struct {
	Imported int
	Skipped  Errors // the bad rows left out (SkipBad)
}

// ImportMembers adds the members of a members file to organization org, in
// one transaction: all of them, or, if any row is bad, none (unless SkipBad,
// which imports the good rows and reports the bad ones). A row is bad when
// ReadMembersCSV found it so, when its unit is not a leaf unit of org, or
// when its email or member number is taken.
//
// Who may call: the command line (CommandLine). Errors: Forbidden; Invalid
// as Errors, one per bad row, naming file:line and column; NotFound (org).
func (a *App) ImportMembers(ctx context.Context, v *Viewer, org OrgID, in MemberImport) (*ImportReport, error) {
	const op = "import members"
	if !v.console {
		return nil, Errorf(Forbidden, op, "members are imported from the command line")
	}
	var rep *ImportReport
	err := a.Store.Update(ctx, func(tx Tx) error {
		if _, err := tx.Org(ctx, org); err != nil {
			return err
		}
		var err error
		rep, err = a.importMembers(ctx, tx, v, org, in)
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return rep, nil
}

func (a *App) importMembers(ctx context.Context, tx Tx, v *Viewer, org OrgID, in MemberImport) (*ImportReport, error) {
	ms, bad, err := a.checkRows(ctx, tx, org, in)
	if err != nil {
		return nil, err
	}
	bad = append(append(Errors{}, in.Bad...), bad...)
	sort.SliceStable(bad, func(i, j int) bool { return bad[i].line < bad[j].line })
	if len(bad) > 0 && !in.SkipBad {
		return nil, bad
	}
	if len(ms) > 0 {
		if err := tx.CreateMembers(ctx, ms); err != nil {
			return nil, err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "members.imported", Actor: v.Actor(), Org: org, Internal: true,
			Payload: map[string]any{"file": filepath.Base(in.File), "count": len(ms), "sha256": digestMembers(ms)}})
		if err != nil {
			return nil, err
		}
	}
	return &ImportReport{Imported: len(ms), Skipped: bad}, nil
}

// checkRows turns the rows into members, with a problem for each row whose
// unit is not a leaf of org or whose email or number is taken.
func (a *App) checkRows(ctx context.Context, tx Tx, org OrgID, in MemberImport) ([]*Member, Errors, error) {
	units, err := tx.Units(ctx, org)
	if err != nil {
		return nil, nil, err
	}
	byPath := make(map[string]*Unit, len(units))
	for _, u := range units {
		byPath[u.Path] = u
	}
	var emails, numbers []string
	for _, r := range in.Rows {
		emails = append(emails, r.Email)
		if r.Number != "" {
			numbers = append(numbers, r.Number)
		}
	}
	takenEmails, err := tx.TakenEmails(ctx, org, emails)
	if err != nil {
		return nil, nil, err
	}
	takenNumbers, err := tx.TakenNumbers(ctx, org, numbers)
	if err != nil {
		return nil, nil, err
	}
	te, tn := set(takenEmails), set(takenNumbers)
	now := a.now()
	var ms []*Member
	var bad Errors
	fail := func(r MemberRow, col, format string, args ...any) {
		bad = append(bad, lineError("import members", in.File, r.Line, col, format, args...))
	}
	for _, r := range in.Rows {
		u, ok := byPath[r.Unit]
		switch {
		case !ok:
			fail(r, "unit", "no unit %q (give the full path, e.g. %q)", r.Unit, examplePath(units))
		case !u.Leaf:
			fail(r, "unit", "%q has sub-units; members belong to units without sub-units", r.Unit)
		case te[r.Email]:
			fail(r, "email", "a member with email %s exists", r.Email)
		case tn[r.Number]:
			fail(r, "member_number", "a member with number %s exists", r.Number)
		default:
			ms = append(ms, &Member{Org: org, Name: r.Name, Email: r.Email, Number: r.Number, Joined: now,
				Memberships: []Membership{{Unit: u.ID, Status: Active, Since: now}}})
		}
	}
	return ms, bad, nil
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

func examplePath(units []*Unit) string {
	for _, u := range units {
		if u.Leaf {
			return u.Path
		}
	}
	return "Unit/Sub-unit"
}

// digestMembers is the SHA-256 of the imported members, one
// "name\temail\tunit\tnumber\n" line each in import order, so that the record
// pins down who was imported without publishing it.
func digestMembers(ms []*Member) string {
	h := sha256.New()
	for _, m := range ms {
		fmt.Fprintf(h, "%s\t%s\t%d\t%s\n", m.Name, m.Email, m.Memberships[0].Unit, m.Number)
	}
	return hex.EncodeToString(h.Sum(nil))
}
