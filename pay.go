package plenum

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"plenum/constitution"
)

// Allowance is a sum an office pays besides its pay, for a named purpose
// (travel, childcare, a phone), public like the pay (R9).
type Allowance struct {
	Name string `json:"name"`
	Pay
}

// PayChange is one entry of an office's pay history: what the office pays
// from Since on. The constitution's pay is the first entry, written at the
// founding; every later one is the effect of an adopted decision of kind
// "pay" of a body competent for the office, and names it (R9: there is no
// other way to change pay).
type PayChange struct {
	ID         int64
	Office     OfficeID
	Pay        *Pay // nil: unpaid from Since on
	Allowances []Allowance
	Since      time.Time
	Decision   DecisionID // the adopted decision; zero for the founding pay
}

// PayStore keeps the pay history of offices.
type PayStore interface {
	// AddPayChange appends c to its office's history and makes it the
	// office's current pay (Office.Pay); sets c.ID.
	AddPayChange(ctx context.Context, c *PayChange) error
	// PayHistory lists an office's pay changes, oldest first.
	PayHistory(ctx context.Context, office OfficeID) ([]*PayChange, error)
}

// MaxAllowances is how many allowances one office may pay.
const MaxAllowances = 20

// payProposal is the payload of a decision of kind "pay": the office and
// what it is to pay from the decision's adoption on. Amounts are in the
// currency's minor unit (cents), so that no rounding is ever involved.
type payProposal struct {
	Office     OfficeID    `json:"office"`
	Pay        *Pay        `json:"pay"` // null: unpaid
	Allowances []Allowance `json:"allowances"`
}

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// parsePayProposal reads and checks the payload of a pay decision; the
// error names the field at fault.
func parsePayProposal(op string, raw []byte) (*payProposal, error) {
	var p payProposal
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, FieldErrorf(Invalid, op, "payload", "a pay decision's payload is {office, pay: {amount_minor, currency, period} or null, allowances: [{name, amount_minor, currency, period}]}")
	}
	if p.Office <= 0 {
		return nil, FieldErrorf(Invalid, op, "payload.office", "name the office whose pay changes")
	}
	if p.Pay != nil {
		if err := p.Pay.check(op, "payload.pay"); err != nil {
			return nil, err
		}
	}
	if len(p.Allowances) > MaxAllowances {
		return nil, FieldErrorf(Invalid, op, "payload.allowances", "at most %d allowances", MaxAllowances)
	}
	for i, al := range p.Allowances {
		field := fmt.Sprintf("payload.allowances[%d]", i)
		if name := strings.TrimSpace(al.Name); name == "" || len(name) > 100 {
			return nil, FieldErrorf(Invalid, op, field+".name", "say what the allowance is for, in at most 100 characters")
		}
		if err := al.check(op, field); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

func (p *Pay) check(op, field string) error {
	switch {
	case p.Minor < 0 || p.Minor > 1e14:
		return FieldErrorf(Invalid, op, field+".amount_minor", "must be an amount in cents from 0 up")
	case !currencyCode.MatchString(p.Currency):
		return FieldErrorf(Invalid, op, field+".currency", "must be a three-letter currency code such as EUR")
	case !slices.Contains(constitution.Periods, p.Period):
		return FieldErrorf(Invalid, op, field+".period", "must be one of %s", strings.Join(constitution.Periods, ", "))
	}
	return nil
}

// change turns a checked proposal into the pay change it makes at time at.
func (p *payProposal) change(at time.Time, decision DecisionID) *PayChange {
	c := &PayChange{Office: p.Office, Pay: p.Pay, Since: at, Decision: decision, Allowances: []Allowance{}}
	for _, al := range p.Allowances {
		al.Name = strings.TrimSpace(al.Name)
		c.Allowances = append(c.Allowances, al)
	}
	return c
}

// checkPay checks a proposed pay decision: its payload, and that the body
// is competent for the office (a body of its unit or of a unit above it).
// The decision is about the office: Subject "office:ID".
func checkPay(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	const op = "propose decision"
	p, err := parsePayProposal(op, d.Payload)
	if err != nil {
		return err
	}
	off, err := tx.Office(ctx, p.Office)
	if IsKind(err, NotFound) {
		return FieldErrorf(Invalid, op, "payload.office", "no such office")
	} else if err != nil {
		return err
	}
	body, err := tx.Body(ctx, d.Body)
	if err != nil {
		return err
	}
	if err := competentFor(ctx, tx, op, "body", off.Unit, body); err != nil {
		return err
	}
	d.Subject = "office:" + off.ID.String()
	return nil
}

// adoptPay makes an adopted pay decision's pay the office's, from now on,
// and records it.
func adoptPay(a *App, ctx context.Context, tx Tx, d *Decision) error {
	p, err := parsePayProposal("adopt pay", d.Payload)
	if err != nil {
		return err
	}
	off, err := tx.Office(ctx, p.Office)
	if err != nil {
		return err
	}
	c := p.change(a.now(), d.ID)
	if err := tx.AddPayChange(ctx, c); err != nil {
		return err
	}
	_, err = a.appendRecord(ctx, tx, change{Type: "office.pay", Actor: System, Org: d.Org, Unit: off.Unit,
		Payload: map[string]any{"office": off.ID, "office_name": off.Name, "pay": c.Pay, "allowances": c.Allowances,
			"since": c.Since, "decision": d.ID}})
	return err
}
