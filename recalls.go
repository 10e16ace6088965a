package plenum

import (
	"context"
	"encoding/hex"
	"io"
	"strings"
	"time"

	"plenum/constitution"
)

// MaxRecallReason is the longest reason a petition may give, in bytes.
const MaxRecallReason = 5000

// anonymousMember is the record's actor for a member of the electorate it
// does not name: the opener and the signers of a petition whose signers the
// constitution keeps private.
const anonymousMember Actor = "member"

// OpenRecall opens a petition to recall the holder of a running term, with
// a stated reason. The viewer must be an active member of the electorate
// that elected the holder (the active members of the office's unit and the
// units below it); they sign it as they open it. The threshold and the
// deadline come from the constitution (see Recall).
//
// Errors: NotFound; Forbidden (not in the electorate, or the holder);
// Invalid (no reason, or too long); Conflict (the term is not running, a
// petition or vote against it is under way, or a failed recall's
// cooling-off period runs).
func (a *App) OpenRecall(ctx context.Context, v *Viewer, term TermID, reason string) (*Recall, error) {
	const op = "open recall"
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return nil, FieldErrorf(Invalid, op, "reason", "say why the holder should be recalled")
	case len(reason) > MaxRecallReason:
		return nil, FieldErrorf(Invalid, op, "reason", "is longer than %d characters", MaxRecallReason)
	}
	var r *Recall
	err := a.serialized(ctx, func(tx Tx) error {
		t, err := tx.Term(ctx, term)
		if err != nil {
			return err
		}
		off, err := tx.Office(ctx, t.Office)
		if err != nil {
			return err
		}
		now := a.now()
		if !t.Current(now) {
			return Errorf(Conflict, op, "the term is not running")
		}
		if err := a.maySign(ctx, tx, v, t, off.Unit, op); err != nil {
			return err
		}
		if err := a.noRecallUnderWay(ctx, tx, t, now, op); err != nil {
			return err
		}
		c, err := a.charter(ctx, tx, v.Member.Org)
		if err != nil {
			return err
		}
		eligible, err := tx.ActiveMembers(ctx, off.Unit)
		if err != nil {
			return err
		}
		// A petition cannot outlive the term it is against.
		deadline := now.Add(days(c.Recall.PetitionDays))
		if t.End.Before(deadline) {
			deadline = t.End
		}
		r = &Recall{Org: v.Member.Org, Term: t.ID, Office: off.ID, Unit: off.Unit, Holder: t.Holder, Electorate: off.Unit,
			Opener: v.Member.ID, Reason: reason, Eligible: eligible, Needed: max(1, c.Thresholds.RecallPetition.Of(eligible)),
			Status: RecallOpen, Opened: now, Deadline: deadline}
		if err := tx.CreateRecall(ctx, r); err != nil {
			return err
		}
		holder, err := tx.Member(ctx, t.Holder)
		if err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "recall.opened", Actor: a.signerActor(v, c), Org: r.Org, Unit: r.Unit,
			Payload: map[string]any{"recall": r.ID, "term": t.ID, "office": off.ID, "office_name": off.Name,
				"holder": t.Holder, "holder_name": holder.Name, "electorate": r.Electorate, "reason": reason,
				"eligible": eligible, "needed": r.Needed, "deadline": r.Deadline}})
		if err != nil {
			return err
		}
		// The holder hears of it at once: they may answer the reason.
		err = a.notify(ctx, tx, Notice{Kind: "recall", To: []MemberID{t.Holder}, Subject: "recall.notice.petition_subject",
			Text: "recall.notice.petition_text", Args: []any{off.Name, reason, r.Needed, r.Deadline},
			Link: "/recalls/" + r.ID.String(), Required: true})
		if err != nil {
			return err
		}
		return a.sign(ctx, tx, v, c, r)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return r, nil
}

// noRecallUnderWay refuses a new petition against term t while another is
// open or its vote runs, and during the cooling-off period of a failed one.
func (a *App) noRecallUnderWay(ctx context.Context, tx Tx, t *Term, now time.Time, op string) error {
	rs, err := tx.TermRecalls(ctx, t.ID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		switch {
		case r.Status == RecallOpen || r.Status == RecallVoting:
			return Errorf(Conflict, op, "a recall of this term is under way: sign that petition")
		case r.Status == RecallFailed && now.Before(r.CoolingOff):
			return Errorf(Conflict, op, "a recall of this holder failed on %s: the constitution bars a new petition until %s",
				r.Closed.Format("2006-01-02"), r.CoolingOff.Format("2006-01-02"))
		}
	}
	return nil
}

// maySign makes sure v is an active member of electorate and not the
// holder of term t.
func (a *App) maySign(ctx context.Context, tx Tx, v *Viewer, t *Term, electorate UnitID, op string) error {
	if v.Member == nil {
		return Errorf(Forbidden, op, "only members of the electorate that elected the holder may petition for a recall")
	}
	if v.Member.ID == t.Holder {
		return Errorf(Forbidden, op, "the holder may not petition for their own recall: they may resign")
	}
	in, err := a.inElectorate(ctx, tx, v.Member, electorate)
	if err != nil {
		return err
	}
	if !in {
		return Errorf(Forbidden, op, "only members of the electorate that elected the holder may petition for a recall")
	}
	return nil
}

// SignRecall adds the viewer's signature to an open petition. The
// signature that reaches the threshold closes the petition and schedules
// the recall vote in the same transaction; petitions are changed one at a
// time (serialized), so two signatures at the threshold schedule one vote,
// and the later one is refused.
//
// Errors: NotFound; Forbidden (not in the electorate, or the holder);
// Conflict (signed already, the petition is closed or past its deadline).
func (a *App) SignRecall(ctx context.Context, v *Viewer, id RecallID) (*Recall, error) {
	const op = "sign recall"
	var r *Recall
	err := a.serialized(ctx, func(tx Tx) error {
		var t *Term
		var err error
		if r, t, err = a.openRecall(ctx, tx, id, op); err != nil {
			return err
		}
		if err := a.maySign(ctx, tx, v, t, r.Electorate, op); err != nil {
			return err
		}
		c, err := a.charter(ctx, tx, r.Org)
		if err != nil {
			return err
		}
		return a.sign(ctx, tx, v, c, r)
	})
	return r, wrap(op, err)
}

// openRecall returns recall id and its term if it takes signatures.
func (a *App) openRecall(ctx context.Context, tx Tx, id RecallID, op string) (*Recall, *Term, error) {
	r, err := tx.Recall(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case r.Status != RecallOpen:
		return nil, nil, Errorf(Conflict, op, "the petition is closed: %s", r.Status)
	case !a.now().Before(r.Deadline):
		return nil, nil, Errorf(Conflict, op, "the petition's deadline has passed")
	}
	t, err := tx.Term(ctx, r.Term)
	return r, t, err
}

// sign adds v's signature to r and, at the threshold, schedules the vote.
func (a *App) sign(ctx context.Context, tx Tx, v *Viewer, c *constitution.Constitution, r *Recall) error {
	receipt, err := a.receipt()
	if err != nil {
		return err
	}
	s := &Signature{Recall: r.ID, Member: v.Member.ID, Receipt: receipt, Signed: a.now()}
	if err := tx.AddSignature(ctx, s); err != nil {
		if IsKind(err, Conflict) {
			return Errorf(Conflict, "sign recall", "you have signed this petition")
		}
		return err
	}
	r.Signatures++
	if err := a.recordSignature(ctx, tx, v, c, r, "recall.signed", receipt); err != nil {
		return err
	}
	if r.Signatures < r.Needed {
		return nil
	}
	return a.scheduleRecallVote(ctx, tx, c, r)
}

// recordSignature records a signature or its withdrawal: in public with
// the receipt and the count, or, where the constitution shows signers to
// the electorate, as an internal entry of the electorate naming the signer.
func (a *App) recordSignature(ctx context.Context, tx Tx, v *Viewer, c *constitution.Constitution, r *Recall, typ, receipt string) error {
	payload := map[string]any{"recall": r.ID, "signatures": r.Signatures, "needed": r.Needed, "receipt": receipt}
	ch := change{Type: typ, Actor: a.signerActor(v, c), Org: r.Org, Unit: r.Electorate, Payload: payload}
	if c.Recall.ShowSigners {
		ch.Internal = true
		payload["signer"], payload["signer_name"] = v.Member.ID, v.Member.Name
	}
	_, err := a.appendRecord(ctx, tx, ch)
	return err
}

// signerActor is how the record names a signer: by name only where the
// constitution shows signers.
func (a *App) signerActor(v *Viewer, c *constitution.Constitution) Actor {
	if c.Recall.ShowSigners {
		return v.Actor()
	}
	return anonymousMember
}

// receipt returns a new signature receipt: 64 random bits in hex.
func (a *App) receipt() (string, error) {
	b := make([]byte, 8)
	if _, err := io.ReadFull(a.Rand, b); err != nil {
		return "", internalError("signature receipt", err)
	}
	return hex.EncodeToString(b), nil
}

// WithdrawSignature takes the viewer's signature off an open petition,
// which is possible until the threshold is reached.
// Errors: NotFound (no such petition, or not signed); Conflict (the
// petition is closed).
func (a *App) WithdrawSignature(ctx context.Context, v *Viewer, id RecallID) (*Recall, error) {
	const op = "withdraw signature"
	var r *Recall
	err := a.serialized(ctx, func(tx Tx) error {
		var err error
		if r, _, err = a.openRecall(ctx, tx, id, op); err != nil {
			return err
		}
		if v.Member == nil {
			return Errorf(Forbidden, op, "only signers may withdraw their signature")
		}
		s, err := tx.RemoveSignature(ctx, r.ID, v.Member.ID)
		if IsKind(err, NotFound) {
			return Errorf(NotFound, op, "you have not signed this petition")
		} else if err != nil {
			return err
		}
		r.Signatures--
		c, err := a.charter(ctx, tx, r.Org)
		if err != nil {
			return err
		}
		return a.recordSignature(ctx, tx, v, c, r, "recall.signature_withdrawn", s.Receipt)
	})
	return r, wrap(op, err)
}

// LapseRecalls closes the open petitions whose deadline has passed short
// of their threshold; the background job runner calls it with the clock.
// It returns how many lapsed.
func (a *App) LapseRecalls(ctx context.Context) (int, error) {
	n := 0
	err := a.serialized(ctx, func(tx Tx) error {
		now := a.now()
		rs, err := tx.LapsingRecalls(ctx, now, 500)
		if err != nil {
			return err
		}
		for _, r := range rs {
			r.Status, r.Closed = RecallLapsed, now
			if err := a.recordRecall(ctx, tx, r, "recall.lapsed", nil); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, wrap("lapse recalls", err)
}

// recordRecall stores r's new state and records it with extra fields.
func (a *App) recordRecall(ctx context.Context, tx Tx, r *Recall, typ string, extra map[string]any) error {
	if err := tx.UpdateRecall(ctx, r); err != nil {
		return err
	}
	payload := map[string]any{"recall": r.ID, "term": r.Term, "status": r.Status, "signatures": r.Signatures, "needed": r.Needed}
	for k, v := range extra {
		payload[k] = v
	}
	_, err := a.appendRecord(ctx, tx, change{Type: typ, Actor: System, Org: r.Org, Unit: r.Unit, Payload: payload})
	return err
}

// overtakeRecalls closes the petitions and votes against term t, which has
// ended otherwise (a resignation); there is no one left to recall.
func (a *App) overtakeRecalls(ctx context.Context, tx Tx, t *Term) error {
	rs, err := tx.TermRecalls(ctx, t.ID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.Status != RecallOpen && r.Status != RecallVoting {
			continue
		}
		r.Status, r.Closed = RecallOvertake, a.now()
		if err := a.recordRecall(ctx, tx, r, "recall.overtaken", map[string]any{"reason": t.Reason}); err != nil {
			return err
		}
	}
	return nil
}

// charter returns an organization's parsed constitution.
func (a *App) charter(ctx context.Context, tx Tx, org OrgID) (*constitution.Constitution, error) {
	o, err := tx.Org(ctx, org)
	if err != nil {
		return nil, err
	}
	c, err := constitution.Parse("constitution.yaml", []byte(o.Constitution))
	if err != nil {
		return nil, internalError("read constitution", err)
	}
	return c, nil
}

// days is n days as a duration.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// RecallPage is what the page of a recall petition shows. The petition,
// its reason and its count are public; who signed is shown only where the
// constitution says so, and then only to the holder's electorate.
type RecallPage struct {
	Recall   *Recall
	Term     *Term
	Office   *Office
	Unit     *Unit
	Holder   string     // the holder's name
	Election *Election  // the recall vote, once scheduled
	Mine     *Signature // the viewer's signature, nil if they have not signed
	MaySign  bool       // the viewer may sign it now
	Signers  []SignerView
	// SignersShown says whether Signers is the list of signers (the
	// constitution shows them and the viewer is in the electorate).
	SignersShown bool
}

// SignerView is a signer's name, where signers are shown.
type SignerView struct {
	Member MemberID
	Name   string
	Signed time.Time
}

// maxSignersShown caps the names a petition's page lists.
const maxSignersShown = 1000

// RecallPage returns petition id as v may see it. Anyone may call it.
// Errors: NotFound.
func (a *App) RecallPage(ctx context.Context, v *Viewer, id RecallID) (*RecallPage, error) {
	p := &RecallPage{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if p.Recall, err = tx.Recall(ctx, id); err != nil {
			return err
		}
		r := p.Recall
		if p.Term, err = tx.Term(ctx, r.Term); err != nil {
			return err
		}
		if p.Office, err = tx.Office(ctx, r.Office); err != nil {
			return err
		}
		if p.Unit, err = tx.Unit(ctx, r.Unit); err != nil {
			return err
		}
		holder, err := tx.Member(ctx, r.Holder)
		if err != nil {
			return err
		}
		p.Holder = holder.Name
		if r.Election != 0 {
			if p.Election, err = tx.Election(ctx, r.Election); err != nil {
				return err
			}
		}
		return a.viewerOnRecall(ctx, tx, v, p)
	})
	if err != nil {
		return nil, wrap("recall", err)
	}
	return p, nil
}

// viewerOnRecall fills in what concerns viewer v on page p.
func (a *App) viewerOnRecall(ctx context.Context, tx Tx, v *Viewer, p *RecallPage) error {
	r := p.Recall
	if v.Member == nil || v.Member.Org != r.Org {
		return nil
	}
	s, err := tx.MemberSignature(ctx, r.ID, v.Member.ID)
	switch {
	case err == nil:
		p.Mine = s
	case !IsKind(err, NotFound):
		return err
	}
	in, err := a.inElectorate(ctx, tx, v.Member, r.Electorate)
	if err != nil || !in {
		return err
	}
	p.MaySign = p.Mine == nil && r.Status == RecallOpen && a.now().Before(r.Deadline) && v.Member.ID != r.Holder
	c, err := a.charter(ctx, tx, r.Org)
	if err != nil || !c.Recall.ShowSigners {
		return err
	}
	p.SignersShown = true
	sigs, err := tx.Signatures(ctx, r.ID, 0, maxSignersShown)
	if err != nil {
		return err
	}
	for _, s := range sigs {
		m, err := tx.Member(ctx, s.Member)
		if err != nil {
			return err
		}
		p.Signers = append(p.Signers, SignerView{Member: s.Member, Name: m.Name, Signed: s.Signed})
	}
	return nil
}

// RecallList is the recall petitions of a unit's offices, newest first.
type RecallList struct {
	Unit    *Unit
	Recalls []*Recall
	Offices map[OfficeID]*Office
	Holders map[MemberID]string
}

// Recalls lists the recall petitions of a unit's offices. Anyone may call
// it. Errors: NotFound.
func (a *App) Recalls(ctx context.Context, unit UnitID) (*RecallList, error) {
	l := &RecallList{Offices: map[OfficeID]*Office{}, Holders: map[MemberID]string{}}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if l.Unit, err = tx.Unit(ctx, unit); err != nil {
			return err
		}
		if l.Recalls, err = tx.UnitRecalls(ctx, unit); err != nil {
			return err
		}
		offices, err := tx.Offices(ctx, unit)
		if err != nil {
			return err
		}
		for _, o := range offices {
			l.Offices[o.ID] = o
		}
		for _, r := range l.Recalls {
			if _, ok := l.Holders[r.Holder]; !ok {
				m, err := tx.Member(ctx, r.Holder)
				if err != nil {
					return err
				}
				l.Holders[r.Holder] = m.Name
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap("recalls", err)
	}
	return l, nil
}
