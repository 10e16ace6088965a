package plenum

import (
	"context"
	"fmt"

	"plenum/constitution"
)

// DemandReferendum opens a demand that motion id, on its body's agenda, be
// put to a referendum of the active members of its unit, signed by the
// viewer. Its threshold is fixed now: the constitution's referendums.demand
// share of the unit's active members. While the demand is open the
// motion's text is fixed and the body may not vote on it.
//
// Errors: NotFound; Forbidden (not an active member of the unit);
// Conflict (not on the agenda, amendments pending, or a referendum or
// demand under way).
func (a *App) DemandReferendum(ctx context.Context, v *Viewer, id MotionID) (*Referendum, error) {
	const op = "demand referendum"
	var r *Referendum
	err := a.onMotion(ctx, v, id, op, func(tx Tx, m *Motion) error {
		if err := a.mayDemand(ctx, tx, v, m, op); err != nil {
			return err
		}
		if err := a.referable(ctx, tx, m, op); err != nil {
			return err
		}
		c, err := a.charter(ctx, tx, m.Org)
		if err != nil {
			return err
		}
		eligible, err := tx.ActiveMembers(ctx, m.Unit)
		if err != nil {
			return err
		}
		now := a.now()
		r = &Referendum{Org: m.Org, Motion: m.ID, Unit: m.Unit, Body: m.Body, Via: ViaDemand, Opener: v.Member.ID,
			Eligible: eligible, Needed: max(c.Referendums.Demand.Of(eligible), 1), Status: ReferendumDemand,
			Opened: now, Deadline: now.Add(days(c.Referendums.DemandDays))}
		if err := tx.CreateReferendum(ctx, r); err != nil {
			return err
		}
		err = a.recordReferendum(ctx, tx, v.Actor(), r, "referendum.demanded", true, map[string]any{
			"eligible": r.Eligible, "needed": r.Needed, "deadline": r.Deadline})
		if err != nil {
			return err
		}
		return a.signDemand(ctx, tx, v, c, m, r)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return r, nil
}

// SignDemand adds the viewer's signature to the demand for a referendum on
// motion id (a motion has one open at a time); the signature that reaches
// its threshold calls the referendum. Errors: NotFound; Forbidden (not an
// active member of the unit); Conflict (signed already, or no demand open).
func (a *App) SignDemand(ctx context.Context, v *Viewer, id MotionID) (*Referendum, error) {
	const op = "sign demand"
	var r *Referendum
	err := a.onMotion(ctx, v, id, op, func(tx Tx, m *Motion) error {
		if err := a.mayDemand(ctx, tx, v, m, op); err != nil {
			return err
		}
		rs, err := tx.MotionReferendums(ctx, m.ID)
		if err != nil {
			return err
		}
		if len(rs) == 0 || rs[0].Status != ReferendumDemand || !a.now().Before(rs[0].Deadline) || m.Phase != MotionAdmitted {
			return Errorf(Conflict, op, "no demand for a referendum on the motion is open")
		}
		r = rs[0]
		c, err := a.charter(ctx, tx, m.Org)
		if err != nil {
			return err
		}
		return a.signDemand(ctx, tx, v, c, m, r)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return r, nil
}

// mayDemand makes sure v is an active member of m's unit: who votes in
// its referendum.
func (a *App) mayDemand(ctx context.Context, tx Tx, v *Viewer, m *Motion, op string) error {
	ok, err := a.inElectorate(ctx, tx, v.Member, m.Unit)
	if err != nil || !ok {
		return orForbidden(err, op, "only active members of the motion's unit may demand a referendum")
	}
	return nil
}

// signDemand records v's signature on demand r and calls the referendum
// once it has its signatures.
func (a *App) signDemand(ctx context.Context, tx Tx, v *Viewer, c *constitution.Constitution, m *Motion, r *Referendum) error {
	if err := tx.SignDemand(ctx, r.ID, v.Member.ID, a.now()); err != nil {
		return err
	}
	r.Signatures++
	err := a.recordReferendum(ctx, tx, v.Actor(), r, "referendum.signed", true, map[string]any{
		"member": v.Member.ID, "signatures": r.Signatures, "needed": r.Needed})
	if err != nil {
		return err
	}
	// The signer's receipt: what they signed, when, and where it stands.
	err = a.notify(ctx, tx, Notice{Kind: "motion", To: []MemberID{v.Member.ID},
		Subject: "referendum.notice.signed_subject", Text: "referendum.notice.signed_text",
		Args: []any{m.Title, a.now(), r.Signatures, r.Needed, r.Deadline}, Link: "/motions/" + m.ID.String()})
	if err != nil || r.Signatures < r.Needed {
		return err
	}
	return a.callReferendum(ctx, tx, System, c, m, r)
}

// CallReferendum puts a constitution change on the agenda of its body to
// the members, where the constitution decides its changes by referendum
// (referendums.constitution) instead of by the body's vote. Who may call:
// a member of the body, once the amendments are decided.
//
// Errors: NotFound; Forbidden (not a member of the body); Conflict (the
// constitution does not ask it, not on the agenda, amendments pending, or
// a referendum under way).
func (a *App) CallReferendum(ctx context.Context, v *Viewer, id MotionID) (*Referendum, error) {
	const op = "call referendum"
	var r *Referendum
	err := a.onMotion(ctx, v, id, op, func(tx Tx, m *Motion) error {
		body, err := tx.Body(ctx, m.Body)
		if err != nil {
			return err
		}
		if ok, err := a.inBody(ctx, tx, v, body); err != nil || !ok {
			return orForbidden(err, op, "only members of %s may put its motions to the members", body.Name)
		}
		c, err := a.charter(ctx, tx, m.Org)
		if err != nil {
			return err
		}
		if m.Kind != MotionConstitution || !c.Referendums.Constitution {
			return Errorf(Conflict, op, "only a constitution change the constitution decides by referendum is put to the members this way; members may demand a referendum, or the body refer it")
		}
		if err := a.referable(ctx, tx, m, op); err != nil {
			return err
		}
		r = &Referendum{Org: m.Org, Motion: m.ID, Unit: m.Unit, Body: m.Body, Via: ViaConstitution, Opener: v.Member.ID}
		return a.callReferendum(ctx, tx, v.Actor(), c, m, r)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return r, nil
}

// referable makes sure m may go to a referendum now: a motion or a
// constitution change on its body's agenda, its amendments decided, and
// no referendum or demand on it under way.
func (a *App) referable(ctx context.Context, tx Tx, m *Motion, op string) error {
	if m.Kind == MotionReconsideration {
		return Errorf(Conflict, op, "a reconsideration is the body's own matter: it does not go to a referendum")
	}
	if m.Phase != MotionAdmitted {
		return Errorf(Conflict, op, "only a motion on the agenda goes to a referendum; this one is %s", m.Phase)
	}
	if am, err := firstPending(ctx, tx, m.ID, 0); err != nil || am != nil {
		return orConflict(err, op, "the amendments are decided first: amendment %s is pending", am)
	}
	return a.noReferendum(ctx, tx, m, op)
}

// noReferendum refuses, with Conflict, what a referendum or a demand under
// way on m excludes: another, the body's vote, amendments.
func (a *App) noReferendum(ctx context.Context, tx Tx, m *Motion, op string) error {
	rs, err := tx.MotionReferendums(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.Open() && (r.Status == ReferendumVoting || a.now().Before(r.Deadline)) {
			return Errorf(Conflict, op, "a referendum on the motion is under way (%s): its text is fixed and the members decide", r.Status)
		}
	}
	return nil
}

// callReferendum calls referendum r on motion m: a secret yes/no election
// of the unit's active members, with the constitution's campaign and
// voting periods and its rule for passing, fixed now so that they cannot
// change while the vote runs. The motion leaves the body's agenda: the
// members decide.
func (a *App) callReferendum(ctx context.Context, tx Tx, actor Actor, c *constitution.Constitution, m *Motion, r *Referendum) error {
	now := a.now()
	open := now.Add(days(c.Referendums.CampaignDays))
	e := &Election{Org: m.Org, Unit: m.Unit, Electorate: m.Unit, Seats: 1, Motion: m.ID,
		Timeline: Timeline{NominationsOpen: now, NominationsClose: now, VotingOpen: open,
			VotingClose: open.Add(days(c.Referendums.VotingDays)), ChallengeDays: DefaultCalendar.ChallengeDays}}
	if err := a.addElection(ctx, tx, System, c, e, map[string]any{"motion": m.ID}); err != nil {
		return err
	}
	r.Status, r.Election, r.Rule = ReferendumVoting, e.ID, voteRule(c.Referendums.Vote)
	if r.ID == 0 {
		r.Opened = now
		if err := tx.CreateReferendum(ctx, r); err != nil {
			return err
		}
	} else if err := tx.UpdateReferendum(ctx, r); err != nil {
		return err
	}
	m.Phase = MotionReferendum
	if err := tx.UpdateMotion(ctx, m); err != nil {
		return err
	}
	// The members vote on the text as it stands: an amendment still
	// pending (proposed, or put to the vote, while the body decided to
	// refer the motion) lapses, and a vote on it that runs on changes
	// nothing.
	pending := func(am *Amendment) bool { return am.Status == AmendmentProposed || am.Status == AmendmentVoting }
	if err := a.lapseAmendments(ctx, tx, m, "referendum", pending); err != nil {
		return err
	}
	// The call is public, like the election it opens; the motion's text
	// stays the unit's.
	err := a.recordReferendum(ctx, tx, actor, r, "referendum.called", false, map[string]any{"election": e.ID,
		"via": r.Via, "referral": r.Referral, "majority": r.Rule.Majority, "turnout": r.Rule.Turnout.String(),
		"voting_open": e.Timeline.VotingOpen, "voting_close": e.Timeline.VotingClose})
	if err != nil {
		return err
	}
	return a.notify(ctx, tx, Notice{Kind: "motion", Unit: m.Unit, Required: true,
		Subject: "referendum.notice.called_subject", Text: "referendum.notice.called_text",
		Args: []any{m.Title, e.Timeline.VotingOpen, e.Timeline.VotingClose}, Link: "/motions/" + m.ID.String()})
}

// referendumCertified applies the certified result of referendum vote e:
// yes and no votes cast, of an electorate of voters. The motion is adopted
// if it passes under the rule fixed when the referendum was called, and
// then does what an adopted motion of its kind does (a constitution change
// takes effect); otherwise it is rejected.
func (a *App) referendumCertified(ctx context.Context, tx Tx, e *Election, yes, no, voters int) error {
	r, err := tx.ElectionReferendum(ctx, e.ID)
	if err != nil {
		return err
	}
	m, err := tx.Motion(ctx, r.Motion)
	if err != nil {
		return err
	}
	r.Yes, r.No, r.Voters, r.Closed = yes, no, voters, a.now()
	r.Status, m.Phase = ReferendumRejected, MotionRejected
	if r.Rule.passes(yes, no, voters) {
		r.Status, m.Phase = ReferendumAdopted, MotionAdopted
	}
	if err := tx.UpdateReferendum(ctx, r); err != nil {
		return err
	}
	if err := tx.UpdateMotion(ctx, m); err != nil {
		return err
	}
	err = a.recordReferendum(ctx, tx, System, r, "referendum."+string(r.Status), false, map[string]any{"election": e.ID,
		"yes": yes, "no": no, "voters": voters, "majority": r.Rule.Majority, "turnout": r.Rule.Turnout.String()})
	if err != nil {
		return err
	}
	if err := a.recordMotion(ctx, tx, System, m, "motion.decided", map[string]any{"referendum": r.ID, "phase": m.Phase}); err != nil {
		return err
	}
	if r.Status == ReferendumAdopted && m.Kind == MotionConstitution {
		if err := a.amendConstitution(ctx, tx, m, 0, r.ID); err != nil {
			return err
		}
	}
	return a.notify(ctx, tx, Notice{Kind: "motion", Unit: m.Unit, Required: true,
		Subject: "referendum.notice." + string(r.Status) + "_subject", Text: "referendum.notice.result_text",
		Args: []any{m.Title, yes, no, voters}, Link: "/motions/" + m.ID.String()})
}

// lapseDemands closes the demands whose deadline passed short of their
// signatures.
func (a *App) lapseDemands(ctx context.Context, tx Tx) (int, error) {
	rs, err := tx.LapsingDemands(ctx, a.now(), 500)
	if err != nil {
		return 0, err
	}
	for _, r := range rs {
		r.Status, r.Closed = ReferendumLapsed, a.now()
		if err := tx.UpdateReferendum(ctx, r); err != nil {
			return 0, err
		}
		err := a.recordReferendum(ctx, tx, System, r, "referendum.lapsed", true, map[string]any{
			"signatures": r.Signatures, "needed": r.Needed})
		if err != nil {
			return 0, err
		}
	}
	return len(rs), nil
}

// recordReferendum appends a referendum's entry: internal while it is a
// demand, as the motion is; public once it is an election.
func (a *App) recordReferendum(ctx context.Context, tx Tx, actor Actor, r *Referendum, typ string, internal bool, payload map[string]any) error {
	payload["referendum"], payload["motion"] = r.ID, r.Motion
	_, err := a.appendRecord(ctx, tx, change{Type: typ, Actor: actor, Org: r.Org, Unit: r.Unit, Internal: internal, Payload: payload})
	return err
}

// electionSubject returns what e is about: its office, or for a
// referendum its motion, when v is a member of the motion's unit (motions
// are internal matters; the vote on one is public).
func (a *App) electionSubject(ctx context.Context, tx Tx, v *Viewer, e *Election) (*Office, *Motion, error) {
	if e.Decides != 0 {
		return nil, nil, nil
	}
	if e.Motion == 0 {
		off, err := tx.Office(ctx, e.Office)
		return off, nil, err
	}
	if !v.SeesInternal(e.Unit) {
		return nil, nil, nil
	}
	m, err := tx.Motion(ctx, e.Motion)
	return nil, m, err
}

// checkReferral lets a body decide to refer a motion on its agenda, its
// amendments decided, to a referendum of the unit's members.
func checkReferral(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	const op = "refer to a referendum"
	m, err := motionOf(ctx, tx, d)
	if err != nil {
		return err
	}
	if m.Body != d.Body {
		return FieldErrorf(Invalid, op, "payload", "the motion is not before this body")
	}
	if err := a.referable(ctx, tx, m, op); err != nil {
		return err
	}
	d.Subject, d.Title = "motion:"+m.ID.String(), fmt.Sprintf("Refer to a referendum: %s", m.Title)
	return nil
}

// adoptReferral calls the referendum a body decided, unless the motion
// left the agenda or went to a referendum meanwhile.
func adoptReferral(a *App, ctx context.Context, tx Tx, d *Decision) error {
	m, err := motionOf(ctx, tx, d)
	if err != nil {
		return err
	}
	if m.Phase != MotionAdmitted || a.noReferendum(ctx, tx, m, "refer") != nil {
		return nil
	}
	c, err := a.charter(ctx, tx, m.Org)
	if err != nil {
		return err
	}
	r := &Referendum{Org: m.Org, Motion: m.ID, Unit: m.Unit, Body: m.Body, Via: ViaReferral, Opener: d.Proposer, Referral: d.ID}
	return a.callReferendum(ctx, tx, System, c, m, r)
}
