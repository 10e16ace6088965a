package plenum

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"time"

	"plenum/secretballot"
)

// Voters' credentials (see docs/elections.md, "Credentials"): a ballot
// counts only if it is signed with a credential listed in the record when
// the vote opens. A member may register their own during the campaign (the
// booth or `plenum vote` makes it on their device; the server never sees
// the secret, and so can never sign for them). For every other member of
// the electorate plenum issues one when the vote opens and hands it to them
// in the booth; each member sees whether a ballot is recorded for them.

// RegisterCredential puts the viewer on the roll of election id with a
// public credential made on their own device, in place of one plenum would
// issue. It is taken during the campaign, once the ballot is drawn up (the
// credential depends on its fingerprint), and once.
//
// Errors: NotFound; Forbidden (not in the electorate); Invalid (not a
// credential); Conflict (not the campaign, or registered already).
func (a *App) RegisterCredential(ctx context.Context, v *Viewer, id ElectionID, public string) error {
	const op = "register credential"
	var cred secretballot.PublicCredential
	if err := cred.UnmarshalJSON([]byte(`"` + public + `"`)); err != nil {
		return wrap(op, FieldErrorf(Invalid, op, "credential", "not a public credential: %v", err))
	}
	err := a.serialized(ctx, func(tx Tx) error {
		e, err := tx.Election(ctx, id)
		if err != nil {
			return err
		}
		if err := a.mayTakePart(ctx, tx, v, e, op, "vote"); err != nil {
			return err
		}
		if n, _, err := tx.BallotHead(ctx, id); err != nil || e.Status != ElectionCampaign || n == 0 {
			if err != nil {
				return err
			}
			return Errorf(Conflict, op, "credentials are registered during the campaign, once the ballot is drawn up")
		}
		return tx.CreateVoter(ctx, &Voter{Election: id, Member: v.Member.ID, Credential: cred})
	})
	return wrap(op, err)
}

// openVote opens e's vote: the key ceremony must be complete. It issues a
// credential to every active member of the electorate who did not register
// one, drops those who left the electorate, and publishes the list. It
// returns why the vote cannot open, or "".
func (a *App) openVote(ctx context.Context, tx Tx, e *Election) (string, error) {
	n, _, err := tx.BallotHead(ctx, e.ID)
	if err != nil {
		return "", err
	}
	if n == 0 {
		if err := a.openCeremony(ctx, tx, e); err != nil {
			if IsKind(err, Conflict) {
				return err.Error(), nil
			}
			return "", err
		}
	}
	c := &Ceremony{Election: e}
	if err := a.ceremonyState(ctx, tx, c); err != nil {
		return "", err
	}
	if !c.Key {
		return "the key ceremony is not complete: it waits for " + c.Waiting, nil
	}
	b, _, err := board(ctx, tx, e.ID)
	if err != nil {
		return "", err
	}
	if err := a.issueCredentials(ctx, tx, e, b.Fingerprint); err != nil {
		return "", err
	}
	voters, err := tx.Voters(ctx, e.ID)
	if err != nil {
		return "", err
	}
	slices.SortFunc(voters, func(x, y *Voter) int { return bytes.Compare(x.Credential[:], y.Credential[:]) })
	items := make([][]byte, len(voters))
	issued := 0
	for i, vt := range voters {
		items[i], _ = secretballot.PublicCredential(vt.Credential).MarshalJSON()
		if vt.Secret != nil {
			issued++
		}
	}
	if _, err := a.appendBallotEvent(ctx, tx, e.ID, secretballot.EventCredentials, secretballot.CredentialsPayload{}, items); err != nil {
		return "", err
	}
	if now := a.now(); now.After(e.Timeline.VotingOpen.Add(time.Minute)) {
		// Held: the vote runs as long as it was meant to.
		e.Timeline.VotingClose = e.Timeline.VotingClose.Add(now.Sub(e.Timeline.VotingOpen))
		e.Timeline.VotingOpen = now
	}
	e.Hold = ""
	_, err = a.appendRecord(ctx, tx, change{Type: "election.credentials", Actor: System, Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "voters": len(voters), "registered": len(voters) - issued, "issued": issued,
			"voting_open": e.Timeline.VotingOpen, "voting_close": e.Timeline.VotingClose}})
	return "", err
}

// issueCredentials puts on e's roll every member who may vote in it (the
// active members of the electorate, or those who may vote on a secret
// decision) who is not on it, with a credential plenum makes, and takes
// off it those who registered one but may no longer vote.
func (a *App) issueCredentials(ctx context.Context, tx Tx, e *Election, fingerprint secretballot.Hash) error {
	onRoll, err := tx.Voters(ctx, e.ID)
	if err != nil {
		return err
	}
	registered := map[MemberID]bool{}
	for _, vt := range onRoll {
		registered[vt.Member] = true
	}
	err = a.eachVoter(ctx, tx, e, func(m MemberID) error {
		if registered[m] {
			// On the roll with their own credential: kept while they may
			// vote, dropped below otherwise.
			delete(registered, m)
			return nil
		}
		secret, err := secretballot.NewCredential(a.Rand)
		if err != nil {
			return internalError("issue credential", err)
		}
		return tx.CreateVoter(ctx, &Voter{Election: e.ID, Member: m, Credential: secret.Public(fingerprint), Secret: secret[:]})
	})
	if err != nil {
		return err
	}
	// Those left registered were not found among who may vote.
	for m := range registered {
		if err := tx.DeleteVoter(ctx, e.ID, m); err != nil {
			return err
		}
	}
	return nil
}

// Receipt is what a voter gets for a ballot: its tracker, to find it in
// the record, and where it is.
type Receipt struct {
	Tracker secretballot.Hash
	Height  int
	At      time.Time
	Audit   bool
}

// Cast takes the viewer's ballot in election id: a line as
// secretballot.EncryptBallot writes it, signed with the viewer's
// credential. The vote must be open; the ballot must be well formed, signed
// and proved; the voter must not have voted unless the constitution lets
// them vote again (the last ballot counts). Ballots are serialized: of
// many casts at once by one voter, exactly one is taken when re-voting is
// refused.
//
// Errors: NotFound; Forbidden (not on the roll); Invalid (the ballot, named
// by field); Conflict (the vote is not open, the voter has voted, the
// ballot is in the record already).
func (a *App) Cast(ctx context.Context, v *Viewer, id ElectionID, line []byte) (*Receipt, error) {
	return a.ballot(ctx, v, id, line, false)
}

// Audit publishes a ballot the viewer chose to audit rather than cast (the
// cast-or-audit challenge): an audits item, the ballot and its opening. It
// is checked like a cast ballot and its opening must re-encrypt to it; it
// is never counted, and may not have been cast. Errors: as Cast, except
// that a voter may audit any number of ballots.
func (a *App) Audit(ctx context.Context, v *Viewer, id ElectionID, line []byte) (*Receipt, error) {
	return a.ballot(ctx, v, id, line, true)
}

func (a *App) ballot(ctx context.Context, v *Viewer, id ElectionID, line []byte, audit bool) (*Receipt, error) {
	op := "cast"
	if audit {
		op = "audit"
	}
	var r *Receipt
	err := a.serialized(ctx, func(tx Tx) error {
		e, err := tx.Election(ctx, id)
		if err != nil {
			return err
		}
		now := a.now()
		if e.Status != ElectionVoting || !now.Before(e.Timeline.VotingClose) {
			return Errorf(Conflict, op, "the vote is not open: it runs from %s to %s", e.Timeline.VotingOpen.Format(time.RFC3339), e.Timeline.VotingClose.Format(time.RFC3339))
		}
		if v.Member == nil {
			return Errorf(Forbidden, op, "only members on the roll of voters may vote")
		}
		vt, err := tx.Voter(ctx, id, v.Member.ID)
		if IsKind(err, NotFound) {
			return Errorf(Forbidden, op, "you are not on the roll of voters of this election: only active members of its electorate when the vote opened are")
		}
		if err != nil {
			return err
		}
		if !audit && vt.Ballots > 0 && !e.Revote {
			return Errorf(Conflict, op, "you have voted in this election; its constitution does not let a voter vote again")
		}
		se, err := a.secretElection(ctx, tx, id)
		if err != nil {
			return err
		}
		var b *secretballot.Ballot
		var tracker secretballot.Hash
		typ := secretballot.EventBallots
		if audit {
			b, tracker, _, err = se.CheckAudit(line)
			typ = secretballot.EventAudits
		} else {
			b, tracker, err = se.CheckBallot(line)
		}
		if err != nil {
			return FieldErrorf(Invalid, op, "ballot", "%v", err)
		}
		if b.Credential != vt.Credential {
			return FieldErrorf(Forbidden, op, "ballot.credential", "the ballot is not signed with your credential")
		}
		ev, err := a.appendBallotEvent(ctx, tx, id, typ, struct{}{}, [][]byte{line})
		if err != nil {
			return err
		}
		r = &Receipt{Tracker: tracker, Height: ev.Height, At: now, Audit: audit}
		if err := tx.AddTracker(ctx, &BallotTracker{Election: id, Tracker: tracker, Audit: audit, Height: ev.Height, At: now}); err != nil {
			return err
		}
		if audit {
			return nil
		}
		if err := tx.MarkVoted(ctx, id, v.Member.ID, now); err != nil {
			return err
		}
		return a.mailTracker(ctx, tx, e, v.Member, r, vt.Voted)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return r, nil
}

// TrackBallot says where a ballot's tracker is in election id's record,
// for anyone who has one. Errors: NotFound.
func (a *App) TrackBallot(ctx context.Context, id ElectionID, tracker secretballot.Hash) (*Receipt, error) {
	var r *Receipt
	err := a.Store.View(ctx, func(tx Tx) error {
		t, err := tx.Tracker(ctx, id, tracker)
		if err != nil {
			return err
		}
		r = &Receipt{Tracker: tracker, Height: t.Height, At: t.At, Audit: t.Audit}
		return nil
	})
	return r, wrap("track ballot", err)
}

// Turnout is how many may vote and how many did; anyone may see it while
// the vote runs. Who voted is never shown, except to each voter whether
// they did.
type Turnout struct {
	Voters, Voted int
}

// ElectionTurnout counts election id's roll and voters. Errors: NotFound.
func (a *App) ElectionTurnout(ctx context.Context, id ElectionID) (*Turnout, error) {
	t := &Turnout{}
	err := a.Store.View(ctx, func(tx Tx) error {
		if _, err := tx.Election(ctx, id); err != nil {
			return err
		}
		var b *boardState
		if n, _, err := tx.BallotHead(ctx, id); err != nil || n > 0 {
			if b, err = a.boardOf(ctx, tx, id); err != nil {
				return err
			}
		}
		var err error
		*t, err = turnoutOf(ctx, tx, id, b)
		return err
	})
	return t, wrap("turnout", err)
}

// turnoutOf counts election id's roll and voters: from its record b once
// the roll is published in it, from the store before.
func turnoutOf(ctx context.Context, tx Tx, id ElectionID, b *boardState) (Turnout, error) {
	if b != nil && b.Credentials > 0 {
		return Turnout{Voters: b.Credentials, Voted: b.Counted}, nil
	}
	var t Turnout
	var err error
	t.Voters, t.Voted, err = tx.Turnout(ctx, id)
	return t, err
}

// Booth is what a voter's device needs to encrypt and cast a ballot.
type Booth struct {
	Election *Election
	Office   *Office   // nil for a referendum
	Motion   *Motion   // a referendum's, for a member of its unit
	Decision *Decision // a secret decision's, for whoever may see it
	// Manifest, Fingerprint and Key, once the key ceremony is complete,
	// are what secretballot.NewElection takes.
	Manifest    *secretballot.Manifest
	Fingerprint secretballot.Hash
	Record      []byte // the election-key event's payload (a dkg.Result), nil before
	// Order is the order to show the candidates in, fixed per voter:
	// indexes into the manifest's options.
	Order      []int
	Candidates []NomineeView // by option index
	// The viewer's status: on the roll, their credential (the secret, when
	// plenum issued it), whether they registered their own, and their
	// ballots so far.
	OnRoll     bool
	Own        bool
	Credential string
	Public     secretballot.PublicCredential
	Voted      time.Time
	Ballots    int
	Turnout    Turnout
}

// Booth returns the viewer's booth for election id. Anyone may see the
// ballot; only a voter sees their credential and status.
// Errors: NotFound; Conflict (the ballot is not drawn up yet).
func (a *App) Booth(ctx context.Context, v *Viewer, id ElectionID) (*Booth, error) {
	bo := &Booth{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if bo.Election, err = tx.Election(ctx, id); err != nil {
			return err
		}
		if bo.Office, bo.Motion, err = a.electionSubject(ctx, tx, v, bo.Election); err != nil {
			return err
		}
		if bo.Election.Decides != 0 {
			d, err := tx.Decision(ctx, bo.Election.Decides)
			if err != nil {
				return err
			}
			if visible(v, d) == nil {
				bo.Decision = d
			}
		}
		b, err := a.boardOf(ctx, tx, id)
		if err != nil {
			return err
		}
		bo.Manifest, bo.Fingerprint, bo.Record = b.Manifest, b.Fingerprint, b.Key
		ballot, err := a.ballotOf(ctx, tx, bo.Election, b.Manifest.Trustees, b.Manifest.Threshold)
		if err != nil {
			return internalError("booth", err)
		}
		for i, n := range ballot.Candidates {
			bo.Candidates = append(bo.Candidates, NomineeView{Nomination: n, Name: ballot.Names[i]})
		}
		var seed MemberID
		if v.Member != nil {
			seed = v.Member.ID
			vt, err := tx.Voter(ctx, id, v.Member.ID)
			switch {
			case err == nil:
				bo.OnRoll, bo.Own, bo.Public, bo.Voted, bo.Ballots = true, vt.Secret == nil, vt.Credential, vt.Voted, vt.Ballots
				if vt.Secret != nil {
					var s secretballot.SecretCredential
					copy(s[:], vt.Secret)
					bo.Credential = s.String()
				}
			case !IsKind(err, NotFound):
				return err
			}
		}
		bo.Order = voterOrder(b.Fingerprint, seed, len(bo.Candidates))
		bo.Turnout, err = turnoutOf(ctx, tx, id, b)
		return err
	})
	if err != nil {
		return nil, wrap("booth", err)
	}
	return bo, nil
}

// voterOrder is the order a voter sees n candidates in: a shuffle seeded
// by the ballot and the voter, the same each time they look, different
// from voter to voter, so that no candidate gains by their place.
func voterOrder(fingerprint secretballot.Hash, member MemberID, n int) []int {
	seed := sha256.Sum256(binary.BigEndian.AppendUint64(fingerprint[:], uint64(member)))
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	r := rand.New(rand.NewChaCha8(seed))
	r.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	return order
}

// eventPayload returns the payload of an event file's header.
func eventPayload(file []byte) ([]byte, error) {
	line, _, _ := bytes.Cut(file, []byte("\n"))
	var h secretballot.Header
	if err := strictJSON(line, &h); err != nil {
		return nil, internalError("ballot record", err)
	}
	return h.Payload, nil
}
