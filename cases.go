package plenum

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Due process (rule R10). A sanction exists only as the outcome of a case:
//   - One or more named members file written charges against one member,
//     citing the constitution; the accused sees who accuses them.
//   - The control body the constitution names for the accused's unit (the
//     nearest above it) admits or dismisses the charges with reasons, by
//     vote (a decision of kind "case").
//   - The accused has the reply period to answer in writing, with evidence,
//     and may name a member to assist them; the body decides only after
//     the reply or the end of the period.
//   - Members of the body who are an accuser, the accused, or hold an office
//     directly over or under the accused are recused (see recusal).
//   - The decision is "not proven", or "proven" with one sanction of the
//     constitution's list; the parties may appeal to the next level's body,
//     which decides again. A lasting sanction takes effect only when the
//     appeal period has passed or the appeal is decided, unless the body
//     took an interim measure, itself a reasoned, time-limited decision.
//   - The membership status of a member changes only here (SetMemberStatus
//     has no other caller: TestOnlyCasesChangeStatus).

// CaseFiling is what a member files to open a case.
type CaseFiling struct {
	Accused    MemberID
	Provisions []string // the constitution's provisions the charges cite
	Charges    string   // Markdown
	Related    CaseID   // for charges of false accusation: the original case
}

// Limits of a case's texts.
const (
	maxCaseText   = 100_000 // bytes of charges, a reply, minutes, reasons or grounds
	maxProvisions = 20
	maxProvision  = 200 // characters
)

// validText checks a required text of a case.
func validText(op, field, text string) error {
	switch {
	case strings.TrimSpace(text) == "":
		return FieldErrorf(Invalid, op, field, "%s must not be empty", field)
	case len(text) > maxCaseText:
		return FieldErrorf(Invalid, op, field, "%s is longer than %d bytes", field, maxCaseText)
	case !utf8.ValidString(text):
		return FieldErrorf(Invalid, op, field, "%s is not valid UTF-8", field)
	}
	return nil
}

func (f *CaseFiling) validate(op string) error {
	if len(f.Provisions) == 0 {
		return FieldErrorf(Invalid, op, "provisions", "cite at least one provision of the constitution")
	}
	if len(f.Provisions) > maxProvisions {
		return FieldErrorf(Invalid, op, "provisions", "cite at most %d provisions", maxProvisions)
	}
	for i, p := range f.Provisions {
		f.Provisions[i] = strings.Join(strings.Fields(p), " ")
		if f.Provisions[i] == "" || utf8.RuneCountInString(p) > maxProvision || !utf8.ValidString(p) {
			return FieldErrorf(Invalid, op, "provisions", "each provision is a text of 1 to %d characters", maxProvision)
		}
	}
	return validText(op, "charges", f.Charges)
}

// FileCase opens a case: v files charges against f.Accused. Who may call: a
// member with an active membership in the accused's organization, against
// another member. Errors: Invalid (naming the field), NotFound (no such
// member or related case), Forbidden, Conflict (the constitution names no
// control body for the accused).
func (a *App) FileCase(ctx context.Context, v *Viewer, f CaseFiling) (*Case, error) {
	const op = "file case"
	if err := f.validate(op); err != nil {
		return nil, err
	}
	var c *Case
	err := a.serialized(ctx, func(tx Tx) error {
		accused, err := tx.Member(ctx, f.Accused)
		if err != nil {
			return FieldErrorf(NotFound, op, "accused", "no such member")
		}
		switch {
		case v.Member == nil || !v.SeesOrgInternal(accused.Org):
			return Errorf(Forbidden, op, "only members of the organization may file charges")
		case v.Member.ID == accused.ID:
			return FieldErrorf(Invalid, op, "accused", "a member cannot file charges against themselves")
		}
		if f.Related != 0 {
			if err := checkRelated(ctx, tx, op, f, accused); err != nil {
				return err
			}
		}
		if c, err = a.openCase(ctx, tx, op, accused); err != nil {
			return err
		}
		c.Accusers, c.Provisions, c.Charges, c.Related = []MemberID{v.Member.ID}, f.Provisions, f.Charges, f.Related
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		err = a.recordCase(ctx, tx, c, "case.filed", v.Actor(), map[string]any{"body": c.Body, "appeal_body": c.AppealBody,
			"member_unit": c.MemberUnit, "provisions": c.Provisions, "charges_sha256": digest(c.Charges), "related": c.Related})
		if err != nil {
			return err
		}
		if err := a.tell(ctx, tx, c, "filed", true, []MemberID{c.Accused}, v.Member.Name); err != nil {
			return err
		}
		return a.tellBody(ctx, tx, c, "to_admit", c.Body)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return c, nil
}

// checkRelated allows a case about false charges only against an accuser of
// a case that ended without a proven charge.
func checkRelated(ctx context.Context, tx Tx, op string, f CaseFiling, accused *Member) error {
	orig, err := tx.Case(ctx, f.Related)
	if err != nil || orig.Org != accused.Org {
		return FieldErrorf(NotFound, op, "related", "no such case")
	}
	final := orig.Final()
	ended := orig.Status == CaseDismissed || orig.Status == CaseClosed && final != nil && final.Outcome == NotProven
	switch {
	case !ended:
		return FieldErrorf(Invalid, op, "related", "only a case dismissed or closed as not proven can found charges of false accusation")
	case !orig.isAccuser(accused.ID):
		return FieldErrorf(Invalid, op, "related", "the accused did not bring case %d", orig.ID)
	}
	return nil
}

func (c *Case) isAccuser(m MemberID) bool {
	for _, id := range c.Accusers {
		if id == m {
			return true
		}
	}
	return false
}

// openCase finds where a case against accused is heard: the control body
// nearest above the accused's first unit, and the next level's for appeal.
func (a *App) openCase(ctx context.Context, tx Tx, op string, accused *Member) (*Case, error) {
	if len(accused.Memberships) == 0 || accused.Memberships[0].Status == Expelled {
		return nil, FieldErrorf(Conflict, op, "accused", "the member has no membership to answer for")
	}
	con, err := a.charter(ctx, tx, accused.Org)
	if err != nil {
		return nil, err
	}
	unit := accused.Memberships[0].Unit
	anc, err := tx.Ancestors(ctx, unit)
	if err != nil {
		return nil, err
	}
	self, err := tx.Unit(ctx, unit)
	if err != nil {
		return nil, err
	}
	chain := append(anc, self) // root first
	var bodies []*Body         // control bodies, nearest first
	for i := len(chain) - 1; i >= 0; i-- {
		if name := con.ControlBody(con.Unit(chain[i].Path)); name != "" {
			b, err := bodyNamed(ctx, tx, chain[i].ID, name)
			if err != nil {
				return nil, err
			}
			bodies = append(bodies, b)
		}
	}
	if len(bodies) == 0 {
		return nil, Errorf(Conflict, op, "the constitution names no control body to hear a case against this member")
	}
	if len(bodies) == 1 && con.Cases.FinalAppeal != "" {
		b, err := bodyNamed(ctx, tx, chain[0].ID, con.Cases.FinalAppeal)
		if err != nil {
			return nil, err
		}
		bodies = append(bodies, b)
	}
	c := &Case{Org: accused.Org, Unit: bodies[0].Unit, Body: bodies[0].ID, Accused: accused.ID, MemberUnit: unit,
		Status: CaseFiled, Opened: a.now()}
	if len(bodies) > 1 {
		c.AppealBody = bodies[1].ID
	}
	return c, nil
}

func bodyNamed(ctx context.Context, tx Tx, unit UnitID, name string) (*Body, error) {
	bodies, err := tx.Bodies(ctx, unit)
	if err != nil {
		return nil, err
	}
	for _, b := range bodies {
		if b.Name == name {
			return b, nil
		}
	}
	return nil, Errorf(Internal, "find body", "unit %d has no body %q", unit, name)
}

// digest is the hex SHA-256 of a text, for the record: the record proves
// what was written without showing it.
func digest(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:])
}

// recordCase appends an internal entry about c in its hearing unit: case
// details never reach the public record.
func (a *App) recordCase(ctx context.Context, tx Tx, c *Case, typ string, actor Actor, payload map[string]any) error {
	payload["case"] = c.ID
	_, err := a.appendRecord(ctx, tx, change{Type: typ, Actor: actor, Org: c.Org, Unit: c.Unit, Internal: true, Payload: payload})
	return err
}

// caseStep loads case id for a party's step in a serialized transaction.
func (a *App) caseStep(ctx context.Context, op string, id CaseID, fn func(tx Tx, c *Case) error) (*Case, error) {
	var c *Case
	err := a.serialized(ctx, func(tx Tx) (err error) {
		if c, err = tx.Case(ctx, id); err != nil {
			return err
		}
		return fn(tx, c)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return c, nil
}

// JoinCase adds v to the accusers of a case not yet admitted or dismissed.
// Who may call: a member of the organization other than the accused.
// Errors: NotFound, Forbidden, Conflict.
func (a *App) JoinCase(ctx context.Context, v *Viewer, id CaseID) (*Case, error) {
	const op = "join case"
	return a.caseStep(ctx, op, id, func(tx Tx, c *Case) error {
		switch {
		case v.Member == nil || !v.SeesOrgInternal(c.Org):
			return Errorf(NotFound, op, "no such case")
		case v.Member.ID == c.Accused:
			return Errorf(Forbidden, op, "the accused cannot accuse themselves")
		case c.Status != CaseFiled:
			return Errorf(Conflict, op, "accusers may join only before the charges are admitted")
		}
		if err := tx.AddAccuser(ctx, c.ID, v.Member.ID); err != nil {
			return err
		}
		c.Accusers = append(c.Accusers, v.Member.ID)
		return a.recordCase(ctx, tx, c, "case.accuser_joined", v.Actor(), map[string]any{"accusers": len(c.Accusers)})
	})
}

// ReplyToCase stores the accused's written reply, and the member they name
// to assist them (zero for none); the reply may be rewritten until the
// reply period ends. Who may call: the accused. Errors: Invalid, NotFound,
// Forbidden, Conflict (not admitted, or the period is over).
func (a *App) ReplyToCase(ctx context.Context, v *Viewer, id CaseID, reply string, assistant MemberID) (*Case, error) {
	const op = "reply to case"
	if err := validText(op, "reply", reply); err != nil {
		return nil, err
	}
	return a.caseStep(ctx, op, id, func(tx Tx, c *Case) error {
		now := a.now()
		switch {
		case v.Member == nil || v.Member.ID != c.Accused:
			return Errorf(Forbidden, op, "only the accused replies to the charges")
		case c.Status != CaseAdmitted:
			return Errorf(Conflict, op, "the charges are not admitted, or the case is past the reply")
		case !now.Before(c.ReplyDue):
			return Errorf(Conflict, op, "the reply period ended on %s", c.ReplyDue.Format(time.RFC3339))
		}
		if assistant != 0 {
			m, err := tx.Member(ctx, assistant)
			switch {
			case err != nil || m.Org != c.Org:
				return FieldErrorf(Invalid, op, "assistant", "no such member")
			case c.isAccuser(assistant) || assistant == c.Accused:
				return FieldErrorf(Invalid, op, "assistant", "an accuser or the accused cannot assist the accused")
			}
		}
		c.Reply, c.Replied, c.Assistant = reply, now, assistant
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		return a.recordCase(ctx, tx, c, "case.replied", v.Actor(), map[string]any{"reply_sha256": digest(reply), "assistant": assistant})
	})
}

// RecordHearing stores the minutes of the hearing. Who may call: a member
// of the body hearing the case (the appeal body once appealed) who is not
// recused. Errors: Invalid, NotFound, Forbidden, Conflict.
func (a *App) RecordHearing(ctx context.Context, v *Viewer, id CaseID, minutes string) (*Case, error) {
	const op = "record hearing"
	if err := validText(op, "minutes", minutes); err != nil {
		return nil, err
	}
	return a.caseStep(ctx, op, id, func(tx Tx, c *Case) error {
		body := c.Body
		switch c.Status {
		case CaseAdmitted:
		case CaseAppealed:
			body = c.AppealBody
		default:
			return Errorf(Conflict, op, "a case is heard after its admission and before its decision, or on appeal")
		}
		if err := a.mayDecide(ctx, tx, op, v, c, body); err != nil {
			return err
		}
		c.Minutes, c.Heard = minutes, a.now()
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		return a.recordCase(ctx, tx, c, "case.heard", v.Actor(), map[string]any{"body": body, "minutes_sha256": digest(minutes)})
	})
}

// AppealCase appeals the decision of a case to the next level's body. Who
// may call: the accused or an accuser, within the appeal period. Errors:
// Invalid, NotFound, Forbidden, Conflict (no decision, no appeal body, or
// the period is over).
func (a *App) AppealCase(ctx context.Context, v *Viewer, id CaseID, grounds string) (*Case, error) {
	const op = "appeal case"
	if err := validText(op, "grounds", grounds); err != nil {
		return nil, err
	}
	return a.caseStep(ctx, op, id, func(tx Tx, c *Case) error {
		now := a.now()
		switch {
		case v.Member == nil || (v.Member.ID != c.Accused && !c.isAccuser(v.Member.ID)):
			return Errorf(Forbidden, op, "only the accused or an accuser may appeal")
		case c.Status != CaseDecided:
			return Errorf(Conflict, op, "only a decided case can be appealed, once")
		case c.AppealBody == 0:
			return Errorf(Conflict, op, "the constitution provides no appeal from this body")
		case !now.Before(c.AppealDue):
			return Errorf(Conflict, op, "the appeal period ended on %s", c.AppealDue.Format(time.RFC3339))
		}
		c.Status, c.Appellant, c.Grounds, c.Appealed = CaseAppealed, v.Member.ID, grounds, now
		c.Due = c.nextDue(now)
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		if err := a.recordCase(ctx, tx, c, "case.appealed", v.Actor(), map[string]any{"body": c.AppealBody, "grounds_sha256": digest(grounds)}); err != nil {
			return err
		}
		parties := slices.DeleteFunc(append([]MemberID{c.Accused}, c.Accusers...), func(m MemberID) bool { return m == v.Member.ID })
		if err := a.tell(ctx, tx, c, "appealed", false, parties); err != nil {
			return err
		}
		return a.tellBody(ctx, tx, c, "to_hear", c.AppealBody)
	})
}

// tell notifies members of an event of case c (C2): the subject and text
// are the catalog's case.notice.EVENT and case.notice.EVENT_text, with the
// case's number and args. A notice to the accused of what concerns them is
// required: they cannot turn it off.
func (a *App) tell(ctx context.Context, tx Tx, c *Case, event string, required bool, to []MemberID, args ...any) error {
	if len(to) == 0 {
		return nil
	}
	return a.notify(ctx, tx, Notice{Kind: "case", To: to, Subject: "case.notice." + event, Text: "case.notice." + event + "_text",
		Args: append([]any{int64(c.ID)}, args...), Link: "/cases/" + c.ID.String(), Required: required})
}

// tellBody notifies the members of body of an event of case c: the holders
// of its seats, or the active members of an assembly's unit.
func (a *App) tellBody(ctx context.Context, tx Tx, c *Case, event string, body BodyID) error {
	b, err := tx.Body(ctx, body)
	if err != nil {
		return err
	}
	if b.AllMembers {
		return a.notify(ctx, tx, Notice{Kind: "case", Unit: b.Unit, Subject: "case.notice." + event,
			Text: "case.notice." + event + "_text", Args: []any{int64(c.ID)}, Link: "/cases/" + c.ID.String()})
	}
	seats, err := a.seatHolders(ctx, tx, b)
	if err != nil {
		return err
	}
	return a.tell(ctx, tx, c, event, false, seats)
}
