package plenum

import (
	"context"
	"slices"
	"time"
)

// Who sees what of a decision (R8):
//   - Decisions are published: anyone sees a decision, its text, tally
//     and quorum figures, unless it is Internal (then only members of its
//     unit, who see its internal matters).
//   - The roll call of a representative body is public: each vote lands
//     on the member's record page (R4). The roll call of an assembly of
//     all members names ordinary members, who are private, so only members
//     of the unit see it.
//   - Dissent notes are seen by members of the unit only.

// visible returns NotFound unless v may see d.
func visible(v *Viewer, d *Decision) error {
	if d.Internal && !v.SeesInternal(d.Unit) {
		return Errorf(NotFound, "decision", "no such decision")
	}
	return nil
}

// DecisionPage is a decision with what its page shows.
type DecisionPage struct {
	Decision *Decision
	Body     *Body
	Unit     *Unit
	Names    map[MemberID]string // of the proposer, the voters named and the recused
	RollCall bool                // the viewer sees who voted how
	// The viewer's standing: may vote (and has not), has voted, may close.
	CanVote  bool
	Voted    bool
	CanClose bool
	Quorum   QuorumFigures // the figures now, while voting; the recorded ones once closed
	// Ballot is the election of a decision voted by secret ballot, nil
	// otherwise: its status and why it is held; Turnout counts its roll
	// and ballots; OnRoll, that the viewer may vote in it (in its booth).
	Ballot  *Election
	Turnout Turnout
	OnRoll  bool
}

// Decision returns decision id as v may see it (see the rules above).
// Anyone may call it. Errors: NotFound.
func (a *App) Decision(ctx context.Context, v *Viewer, id DecisionID) (*Decision, error) {
	p, err := a.DecisionPage(ctx, v, id)
	if err != nil {
		return nil, err
	}
	return p.Decision, nil
}

// DecisionPage returns decision id with its body, names and the viewer's
// standing. Anyone may call it. Errors: NotFound.
func (a *App) DecisionPage(ctx context.Context, v *Viewer, id DecisionID) (*DecisionPage, error) {
	p := &DecisionPage{Names: map[MemberID]string{}}
	err := a.Store.View(ctx, func(tx Tx) error {
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		if err := visible(v, d); err != nil {
			return err
		}
		p.Decision = d
		if p.Body, err = tx.Body(ctx, d.Body); err != nil {
			return err
		}
		if p.Unit, err = tx.Unit(ctx, d.Unit); err != nil {
			return err
		}
		var votes []DecisionVote
		if v.Member != nil {
			if votes, err = a.whoVoted(ctx, tx, d, v.Member.ID); err != nil {
				return err
			}
		}
		if err := a.ballotOfDecision(ctx, tx, v, p); err != nil {
			return err
		}
		p.RollCall = !d.Secret && (!p.Body.AllMembers || v.SeesInternal(d.Unit))
		if p.RollCall {
			if d.Votes, err = tx.DecisionVotes(ctx, d.ID); err != nil {
				return err
			}
		}
		if v.SeesInternal(d.Unit) {
			if d.Dissents, err = tx.Dissents(ctx, d.ID); err != nil {
				return err
			}
		}
		if err := a.standing(ctx, tx, v, p, votes); err != nil {
			return err
		}
		return a.nameMembers(ctx, tx, p)
	})
	if err != nil {
		return nil, wrap("decision", err)
	}
	return p, nil
}

// standing fills what v may do on p's decision, and its quorum figures.
func (a *App) standing(ctx context.Context, tx Tx, v *Viewer, p *DecisionPage, votes []DecisionVote) error {
	d := p.Decision
	p.Voted = v.Member != nil && slices.ContainsFunc(votes, func(dv DecisionVote) bool { return dv.Member == v.Member.ID })
	if d.IsClosed() {
		p.Quorum = d.Quorum
		return nil
	}
	var err error
	if p.Quorum, err = a.quorum(ctx, tx, p.Body, d); err != nil {
		return err
	}
	if p.Ballot != nil {
		p.Quorum.Voted = p.Turnout.Voted
		return nil
	}
	if v.Member == nil {
		return nil
	}
	in, err := a.inBody(ctx, tx, v, p.Body)
	if err != nil {
		return err
	}
	p.CanVote = in && !p.Voted && !slices.Contains(d.Recused, v.Member.ID)
	p.CanClose = in && (!a.now().Before(d.Deadline) || p.Quorum.Voted >= p.Quorum.Eligible)
	return nil
}

// ballotOfDecision fills the secret ballot of p's decision, if it has
// one: its election, turnout, and whether v is on its roll (before the
// roll is drawn up, whether v may vote on the decision). While the vote
// runs, the quorum's votes are the ballots cast so far.
func (a *App) ballotOfDecision(ctx context.Context, tx Tx, v *Viewer, p *DecisionPage) error {
	d := p.Decision
	if d.Election == 0 {
		return nil
	}
	var err error
	if p.Ballot, err = tx.Election(ctx, d.Election); err != nil {
		return err
	}
	if p.Turnout.Voters, p.Turnout.Voted, err = tx.Turnout(ctx, d.Election); err != nil || v.Member == nil {
		return err
	}
	if p.Turnout.Voters > 0 {
		_, err := tx.Voter(ctx, d.Election, v.Member.ID)
		p.OnRoll = err == nil
		if IsKind(err, NotFound) {
			err = nil
		}
		return err
	}
	p.OnRoll, err = a.mayVote(ctx, tx, v, p.Body, d)
	return err
}

// nameMembers fills p.Names with the names of the members p shows.
func (a *App) nameMembers(ctx context.Context, tx Tx, p *DecisionPage) error {
	d := p.Decision
	ids := slices.Clone(d.Recused)
	if d.Proposer != 0 {
		ids = append(ids, d.Proposer)
	}
	for _, dv := range d.Votes {
		ids = append(ids, dv.Member)
	}
	for _, ds := range d.Dissents {
		ids = append(ids, ds.Member)
	}
	return nameAll(ctx, tx, p.Names, ids)
}

// nameAll adds to names the name of each member of ids it lacks.
func nameAll(ctx context.Context, tx Tx, names map[MemberID]string, ids []MemberID) error {
	for _, id := range ids {
		if _, ok := names[id]; ok {
			continue
		}
		m, err := tx.Member(ctx, id)
		if err != nil {
			return err
		}
		names[id] = m.Name
	}
	return nil
}

// DecisionList is one page of a body's decisions, newest first.
type DecisionList struct {
	Body      *Body
	Unit      *Unit
	Decisions []*Decision
	More      bool // there are older decisions
	Member    bool // the viewer is a member of the body: may propose
}

// BodyDecisions lists a page of a body's decisions, newest first, before
// decision before (zero: the newest); internal ones only for members of the
// unit. Anyone may call it. Errors: NotFound.
func (a *App) BodyDecisions(ctx context.Context, v *Viewer, body BodyID, before DecisionID, limit int) (*DecisionList, error) {
	l := &DecisionList{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if l.Body, err = tx.Body(ctx, body); err != nil {
			return err
		}
		if l.Unit, err = tx.Unit(ctx, l.Body.Unit); err != nil {
			return err
		}
		l.Decisions, err = tx.BodyDecisions(ctx, DecisionQuery{Body: body, Before: before, Limit: limit + 1,
			Internal: v.SeesInternal(l.Body.Unit)})
		if err != nil {
			return err
		}
		if len(l.Decisions) > limit {
			l.Decisions, l.More = l.Decisions[:limit], true
		}
		l.Member, err = a.inBody(ctx, tx, v, l.Body)
		return err
	})
	if err != nil {
		return nil, wrap("decisions", err)
	}
	return l, nil
}

// MemberVote is a member's roll-call vote with the decision it was cast on.
type MemberVote struct {
	DecisionVote
	Decision *Decision
	BodyName string
}

// MemberVotes lists up to limit of a member's public roll-call votes,
// newest first, cast before before (zero: the newest): what a
// representative's record page shows (R4). Votes in assemblies and on
// internal decisions are listed only for viewers who see the unit's
// internal matters. Anyone may call it. Errors: NotFound.
func (a *App) MemberVotes(ctx context.Context, v *Viewer, member MemberID, before time.Time, limit int) ([]MemberVote, error) {
	var out []MemberVote
	err := a.Store.View(ctx, func(tx Tx) error {
		if _, err := tx.Member(ctx, member); err != nil {
			return err
		}
		var err error
		out, err = a.memberVotes(ctx, tx, v, member, before, limit)
		return err
	})
	return out, wrap("member votes", err)
}

// memberVotes lists the roll-call votes of member that v may see.
func (a *App) memberVotes(ctx context.Context, tx Tx, v *Viewer, member MemberID, before time.Time, limit int) ([]MemberVote, error) {
	votes, err := tx.MemberDecisionVotes(ctx, member, before, limit)
	if err != nil {
		return nil, err
	}
	var out []MemberVote
	bodies := map[BodyID]*Body{}
	for _, dv := range votes {
		d, err := tx.Decision(ctx, dv.Decision)
		if err != nil {
			return nil, err
		}
		b, ok := bodies[d.Body]
		if !ok {
			if b, err = tx.Body(ctx, d.Body); err != nil {
				return nil, err
			}
			bodies[d.Body] = b
		}
		if (d.Internal || b.AllMembers) && !v.SeesInternal(d.Unit) {
			continue
		}
		out = append(out, MemberVote{DecisionVote: dv, Decision: d, BodyName: b.Name})
	}
	return out, nil
}
