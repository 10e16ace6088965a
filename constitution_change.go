package plenum

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"plenum/constitution"
	"plenum/textdiff"
)

// ConstitutionVersion is a version of an organization's constitution that
// a decision put in force (R7). The founding version is the organization's
// first; each later one keeps the one it replaced.
type ConstitutionVersion struct {
	Org      OrgID
	Version  int // 2 for the first change
	Source   string
	Previous string
	Decision DecisionID // the body's decision that adopted it, or zero
	// Referendum is the referendum of the members that adopted it, or zero.
	Referendum ReferendumID
	Adopted    time.Time
}

// ConstitutionStore keeps the versions of constitutions.
type ConstitutionStore interface {
	// AddConstitutionVersion stores a version and makes it the
	// organization's constitution; Conflict if the version exists.
	AddConstitutionVersion(ctx context.Context, v *ConstitutionVersion) error
	// ConstitutionVersions lists an organization's later versions, newest first.
	ConstitutionVersions(ctx context.Context, org OrgID) ([]*ConstitutionVersion, error)
}

// newConstitution parses a proposed constitution and checks that it keeps
// the organization's units, bodies and offices: what a change may alter
// here is the rules (thresholds, nominations, motions, trustees, names of
// nothing structural). Its problems name the line.
func (a *App) newConstitution(ctx context.Context, tx Tx, org OrgID, src, op string) (*constitution.Constitution, error) {
	c, err := constitution.Parse("constitution.yaml", []byte(src))
	if err != nil {
		var list constitution.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			return nil, FieldErrorf(Invalid, op, "text", "%s", list[0].Error())
		}
		return nil, FieldErrorf(Invalid, op, "text", "%v", err)
	}
	o, err := tx.Org(ctx, org)
	if err != nil {
		return nil, err
	}
	cur, err := constitution.Parse("constitution.yaml", []byte(o.Constitution))
	if err != nil {
		return nil, internalError("read constitution", err)
	}
	if structure(c) != structure(cur) || c.Name != cur.Name {
		return nil, FieldErrorf(Invalid, op, "text", "a change may alter the rules, not the name, units, bodies, offices or founding mandates")
	}
	return c, a.checkNamedTrustees(ctx, tx, org, c, op)
}

// structure is what of a constitution plenum has built into units, bodies
// and offices, without line numbers.
func structure(c *constitution.Constitution) string {
	var units []string
	for _, u := range c.AllUnits() {
		units = append(units, u.Path)
	}
	// Line numbers differ between versions without changing anything.
	var bodies, offices []string
	for _, b := range c.Bodies {
		x := *b
		x.Line = 0
		bodies = append(bodies, fmt.Sprintf("%+v", x))
	}
	for _, o := range c.Offices {
		x := *o
		x.Line, x.Pay = 0, nil
		offices = append(offices, fmt.Sprintf("%+v %+v", x, o.Pay))
	}
	return fmt.Sprint(units, bodies, offices, len(c.FoundingMandates))
}

// amendConstitution puts a constitution change in force, adopted by the
// body's decision d or by referendum r: the new version becomes the
// organization's constitution, and the record keeps it with the diff from
// the one it replaces.
func (a *App) amendConstitution(ctx context.Context, tx Tx, m *Motion, d DecisionID, r ReferendumID) error {
	const op = "amend constitution"
	if _, err := a.newConstitution(ctx, tx, m.Org, m.Text, op); err != nil {
		return err
	}
	o, err := tx.Org(ctx, m.Org)
	if err != nil {
		return err
	}
	versions, err := tx.ConstitutionVersions(ctx, m.Org)
	if err != nil {
		return err
	}
	cv := &ConstitutionVersion{Org: m.Org, Version: len(versions) + 2, Source: m.Text, Previous: o.Constitution,
		Decision: d, Referendum: r, Adopted: a.now()}
	if err := tx.AddConstitutionVersion(ctx, cv); err != nil {
		return err
	}
	old, cur := sha256.Sum256([]byte(cv.Previous)), sha256.Sum256([]byte(cv.Source))
	_, err = a.appendRecord(ctx, tx, change{Type: "constitution.amended", Actor: System, Org: m.Org,
		Payload: map[string]any{"version": cv.Version, "decision": d, "referendum": r, "motion": m.ID,
			"previous_sha256": hex.EncodeToString(old[:]), "sha256": hex.EncodeToString(cur[:]),
			"source": cv.Source, "diff": UnifiedDiff(cv.Previous, cv.Source)}})
	if err != nil {
		return err
	}
	// Offices the change makes incompatible may be held together now (R9).
	return a.flagOrgIncompatible(ctx, tx, m.Org)
}

// UnifiedDiff renders the line changes from a to b: each line prefixed
// with "- " (removed), "+ " (added) or "  " (kept), with the kept lines
// more than two lines away from a change left out, marked "...".
func UnifiedDiff(a, b string) string {
	type line struct {
		op   textdiff.Op
		text string
	}
	var lines []line
	for _, c := range textdiff.Lines(a, b) {
		for _, l := range strings.SplitAfter(strings.TrimSuffix(c.Text, "\n"), "\n") {
			lines = append(lines, line{c.Op, strings.TrimSuffix(l, "\n")})
		}
	}
	near := func(i int) bool {
		for j := max(i-2, 0); j <= min(i+2, len(lines)-1); j++ {
			if lines[j].op != textdiff.Equal {
				return true
			}
		}
		return false
	}
	prefix := map[textdiff.Op]string{textdiff.Equal: "  ", textdiff.Delete: "- ", textdiff.Insert: "+ "}
	var out strings.Builder
	skipped := false
	for i, l := range lines {
		if !near(i) {
			if !skipped {
				out.WriteString("...\n")
			}
			skipped = true
			continue
		}
		skipped = false
		out.WriteString(prefix[l.op] + l.text + "\n")
	}
	return out.String()
}
