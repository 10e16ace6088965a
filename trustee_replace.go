package plenum

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
)

// The election commission names a replacement for a trustee by a decision
// of kind "trustee" (rule R7: no one alone chooses who holds the key). The
// replacement must be an active member of the commission's unit, as a
// trustee the constitution names must, and may not stand in the election.
// Until the vote opens no ballot is cast under the election key: adopting
// the decision begins the key ceremony again with the new list of
// trustees (the record keeps the entries of the ceremony it supersedes;
// the election's secret-ballot record begins afresh, as after a withdrawal).
// Once ballots are cast the key cannot change: a new trustee cannot be
// given the absent one's share, and is refused (the others decrypt if they
// are at least the threshold).

// trusteeReplacement is the payload of a decision of kind "trustee".
type trusteeReplacement struct {
	Election ElectionID `json:"election"`
	Trustee  int        `json:"trustee"`  // the index of the trustee replaced
	Member   MemberID   `json:"member"`   // who replaces them
	Replaces MemberID   `json:"replaces"` // the trustee replaced, set when proposed
}

func parseTrusteeReplacement(raw []byte) (*trusteeReplacement, error) {
	const op = "propose decision"
	var p trusteeReplacement
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, FieldErrorf(Invalid, op, "payload", `a trustee's replacement is {"election": ID, "trustee": index, "member": ID}`)
	}
	switch {
	case p.Election <= 0:
		return nil, FieldErrorf(Invalid, op, "payload.election", "name the election")
	case p.Trustee <= 0:
		return nil, FieldErrorf(Invalid, op, "payload.trustee", "name the trustee replaced by their index, 1 for the first")
	case p.Member <= 0:
		return nil, FieldErrorf(Invalid, op, "payload.member", "name the member who replaces them")
	}
	return &p, nil
}

// ReplaceTrustee proposes to election id's commission that member replace
// its trustee with index trustee. Who may call: a member of the
// commission, and the command line.
//
// Errors: NotFound; Forbidden; Invalid (the replacement is not eligible,
// named by field); Conflict (not while the key may change).
func (a *App) ReplaceTrustee(ctx context.Context, v *Viewer, id ElectionID, trustee int, member MemberID) (*Decision, error) {
	const op = "replace trustee"
	return a.commissionProposal(ctx, v, id, op, "propose a trustee", func(tx Tx, e *Election, body *Body, proposer MemberID) (*Decision, error) {
		payload, err := json.Marshal(trusteeReplacement{Election: id, Trustee: trustee, Member: member})
		if err != nil {
			return nil, internalError(op, err)
		}
		office, unit, err := officeOf(ctx, tx, e)
		if err != nil {
			return nil, err
		}
		m, err := tx.Member(ctx, member)
		if IsKind(err, NotFound) {
			return nil, FieldErrorf(Invalid, op, "member", "no member %s", member)
		} else if err != nil {
			return nil, err
		}
		return a.proposeDecision(ctx, tx, v, proposer, body, ProposeDecision{Body: body.ID, Kind: "trustee",
			Title:   fmt.Sprintf("%s replaces trustee %d of the election of %s, %s", m.Name, trustee, office, unit),
			Text:    "The key ceremony begins again with the new list of trustees: no ballot has been cast under the election key.",
			Payload: payload})
	})
}

// checkTrusteeReplacement checks a proposed replacement (see
// replacementOf) and fixes in its payload the trustee it replaces.
func checkTrusteeReplacement(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	const op = "propose decision"
	p, e, err := a.replacementOf(ctx, tx, d, op)
	if err != nil {
		return err
	}
	d.Subject = "election:" + e.ID.String()
	ds, err := tx.SubjectDecisions(ctx, d.Subject)
	if err != nil {
		return err
	}
	for _, other := range ds {
		if other.Kind == "trustee" && !other.IsClosed() {
			if q, err := parseTrusteeReplacement(other.Payload); err == nil && q.Trustee == p.Trustee {
				return Errorf(Conflict, op, "a replacement of trustee %d is being voted on already (decision %s)", p.Trustee, other.ID)
			}
		}
	}
	d.Payload, err = json.Marshal(p)
	return err
}

// replacementOf reads replacement decision d and checks it against its
// election as it stands: the decision is its commission's; the vote has
// not opened; the trustee exists (and is the one the decision replaces,
// once proposed); and the replacement is an active member of the
// commission's unit, no trustee of the election yet, and stands in it.
func (a *App) replacementOf(ctx context.Context, tx Tx, d *Decision, op string) (*trusteeReplacement, *Election, error) {
	p, err := parseTrusteeReplacement(d.Payload)
	if err != nil {
		return nil, nil, err
	}
	e, err := tx.Election(ctx, p.Election)
	if IsKind(err, NotFound) {
		return nil, nil, FieldErrorf(Invalid, op, "payload.election", "no such election")
	} else if err != nil {
		return nil, nil, err
	}
	body, unit, _, err := a.electionCommission(ctx, tx, e)
	if err != nil {
		return nil, nil, err
	}
	if body.ID != d.Body {
		return nil, nil, FieldErrorf(Forbidden, op, "body", "the trustees of this election are named by the %s", body.Name)
	}
	switch e.Status {
	case ElectionScheduled, ElectionNominations:
		return nil, nil, Errorf(Conflict, op, "the trustees are named when nominations close and the key ceremony begins")
	case ElectionCampaign:
	default:
		return nil, nil, Errorf(Conflict, op, "the vote has opened: ballots are cast under the election key, and a new trustee cannot be given an absent trustee's share of it. "+
			"Any threshold of the other trustees decrypts; with fewer, the vote cannot be decrypted and must be held again")
	}
	trustees, err := tx.Trustees(ctx, e.ID)
	if err != nil {
		return nil, nil, err
	}
	if p.Trustee > len(trustees) {
		return nil, nil, FieldErrorf(Invalid, op, "payload.trustee", "the election has %d trustees", len(trustees))
	}
	if p.Replaces == 0 {
		p.Replaces = trustees[p.Trustee-1]
	} else if p.Replaces != trustees[p.Trustee-1] {
		return nil, nil, Errorf(Conflict, op, "trustee %d is no longer the member this decision replaces", p.Trustee)
	}
	m, err := tx.Member(ctx, p.Member)
	in := false
	if err == nil {
		in, err = a.inElectorate(ctx, tx, m, unit.ID)
	}
	if IsKind(err, NotFound) || err == nil && (!in || m.Org != e.Org) {
		return nil, nil, FieldErrorf(Invalid, op, "payload.member", "a trustee must be an active member of %s", unit.Name)
	} else if err != nil {
		return nil, nil, err
	}
	if slices.Contains(trustees, m.ID) {
		return nil, nil, FieldErrorf(Invalid, op, "payload.member", "%s is a trustee of this election already", m.Name)
	}
	stood, err := a.stood(ctx, tx, e)
	if err != nil {
		return nil, nil, err
	}
	if slices.Contains(stood, m.ID) {
		return nil, nil, FieldErrorf(Invalid, op, "payload.member", "%s stands in this election: a candidate cannot hold its key", m.Name)
	}
	return p, e, nil
}

// adoptTrusteeReplacement begins the key ceremony again with the
// replacement in the trustee's place.
func adoptTrusteeReplacement(a *App, ctx context.Context, tx Tx, d *Decision) error {
	p, e, err := a.replacementOf(ctx, tx, d, "replace trustee")
	if err != nil {
		return err
	}
	trustees, err := tx.Trustees(ctx, e.ID)
	if err != nil {
		return err
	}
	trustees[p.Trustee-1] = p.Member
	if _, err := a.appendRecord(ctx, tx, change{Type: "election.trustee_replaced", Actor: System, Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "decision": d.ID, "trustee": p.Trustee, "replaced": p.Replaces, "member": p.Member}}); err != nil {
		return err
	}
	c, err := a.charter(ctx, tx, e.Org)
	if err != nil {
		return err
	}
	// A hold for too few trustees no longer stands: the new ceremony's
	// steps have their own deadlines.
	e.Hold = ""
	return a.beginCeremony(ctx, tx, e, trustees, c.Trustees.Threshold)
}

// MayReplaceTrustee reports whether v may propose a replacement for a
// trustee of election id: the key ceremony has begun, the vote has not
// opened, and v sits on the election commission. Errors: NotFound.
func (a *App) MayReplaceTrustee(ctx context.Context, v *Viewer, id ElectionID) (bool, error) {
	may := false
	err := a.Store.View(ctx, func(tx Tx) error {
		e, err := tx.Election(ctx, id)
		if err != nil || e.Status != ElectionCampaign {
			return err
		}
		body, _, _, err := a.electionCommission(ctx, tx, e)
		if IsKind(err, Conflict) {
			return nil
		} else if err != nil {
			return err
		}
		may, err = a.inBody(ctx, tx, v, body)
		return err
	})
	return may, wrap("replace trustee", err)
}
