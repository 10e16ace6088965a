package plenum

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"plenum/constitution"
	"plenum/crypto/dkg"
	"plenum/secretballot"
)

// The secret ballot of an election (rule R3) lives in its own record, the
// directory of event files that `plenum verify` checks
// (docs/election-record.md), which plenum keeps one event per row. Its
// first event, the manifest with the candidates, is written when
// nominations close; the trustees then run the key ceremony through the
// server, each on their own machine, and the vote opens only once the
// election key is in the record.

// Trustee steps: what a trustee sends, and when.
const (
	StepKeys       = "keys"       // a secretballot.TrusteePayload: the trustee's public keys
	StepDeal       = "deal"       // a secretballot.DealPayload, once every trustee sent keys
	StepComplaints = "complaints" // a list of dkg.Complaint (often empty), once every trustee dealt
	StepReveals    = "reveals"    // a list of dkg.Reveal, answering the complaints against the trustee
	StepDecrypt    = "decrypt"    // a Decryption, once the tally (and every mix) is in
)

// Decryption is what a trustee sends to decrypt the result: its partial
// decryption of the tally and, for each ranked question, of the last mix.
type Decryption struct {
	Partial *secretballot.PartialDecryption `json:"partial"`
	Ranked  []secretballot.RankedDecryption `json:"ranked"`
}

// ballotKind is the kind of question of a counting method, with the
// bounds of a valid answer.
func ballotQuestion(method string, seats, options int) (secretballot.Question, error) {
	q := secretballot.Question{Seats: seats, Min: 1, Max: options}
	switch method {
	case "plurality", "block":
		q.Kind, q.Max = secretballot.Plurality, seats
	case "approval":
		q.Kind = secretballot.Approval
	case "irv":
		q.Kind, q.Seats = secretballot.IRV, 1
	case "stv-scottish":
		q.Kind = secretballot.STVScottish
	case "stv-meek":
		q.Kind = secretballot.STVMeek
	case "schulze":
		q.Kind = secretballot.Schulze
	case YesNoMethod:
		q.Kind, q.Max = secretballot.Referendum, 1
	default:
		return q, fmt.Errorf("the secret ballot cannot count by %s", method)
	}
	return q, nil
}

// Ballot is an election's secret ballot: its options, in the order of the
// manifest: the candidates, or yes and no for a recall vote.
type Ballot struct {
	Manifest   *secretballot.Manifest
	Candidates []*Nomination // option i is Candidates[i]; none for a recall vote
	Names      []string
}

// ballotOf builds the manifest of e from its candidacies, oldest first.
func (a *App) ballotOf(ctx context.Context, tx Tx, e *Election, trustees, threshold int) (*Ballot, error) {
	ns, err := tx.Nominations(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	qid, title, err := a.ballotTitle(ctx, tx, e)
	if err != nil {
		return nil, err
	}
	b := &Ballot{}
	if e.YesNo() {
		// A recall vote or a referendum asks yes or no: no candidates; a
		// body's secret decision also lets its members abstain.
		ns, b.Names = nil, []string{"yes", "no"}
		if e.Decides != 0 {
			b.Names = decisionOptions
		}
	}
	for _, n := range ns {
		if !n.IsCandidate(e.Rules) {
			continue
		}
		m, err := tx.Member(ctx, n.Nominee)
		if err != nil {
			return nil, err
		}
		name := m.Name
		for i := 2; slices.Contains(b.Names, name); i++ {
			name = fmt.Sprintf("%s (%d)", m.Name, i)
		}
		b.Candidates, b.Names = append(b.Candidates, n), append(b.Names, name)
	}
	q, err := ballotQuestion(e.Method, e.Seats, len(b.Names))
	if err != nil {
		return nil, err
	}
	q.ID, q.Title, q.Options = qid, title, b.Names
	b.Manifest = &secretballot.Manifest{ID: fmt.Sprintf("plenum-election-%d-%d", e.ID, e.Created.UnixMicro()),
		Title: q.Title, Group: secretballot.GroupName, Trustees: trustees, Threshold: threshold,
		Questions: []secretballot.Question{q}}
	return b, b.Manifest.Validate()
}

// ballotTitle returns the question's ID and title on e's ballot: the
// office and its unit, or for a referendum the motion's number and unit
// (the election record is public; a motion's text is the unit's internal
// matter, shown to its members by the booth).
func (a *App) ballotTitle(ctx context.Context, tx Tx, e *Election) (id, title string, err error) {
	unit, err := tx.Unit(ctx, e.Unit)
	if err != nil {
		return "", "", err
	}
	if e.Motion != 0 {
		return "motion-" + e.Motion.String(), fmt.Sprintf("Referendum on motion %s, %s", e.Motion, unit.Name), nil
	}
	if e.Decides != 0 {
		return decisionBallotTitle(ctx, tx, e)
	}
	off, err := tx.Office(ctx, e.Office)
	if err != nil {
		return "", "", err
	}
	return "office-" + off.ID.String(), off.Name + ", " + unit.Name, nil
}

// electionCommission returns the election commission of e: the body the
// constitution names for e's unit, or for the nearest unit above it that
// has one; its unit; and the commission's entry in the constitution.
func (a *App) electionCommission(ctx context.Context, tx Tx, e *Election) (*Body, *Unit, *constitution.Commission, error) {
	con, err := a.charter(ctx, tx, e.Org)
	if err != nil {
		return nil, nil, nil, err
	}
	chain, err := tx.Ancestors(ctx, e.Unit)
	if err != nil {
		return nil, nil, nil, err
	}
	unit, err := tx.Unit(ctx, e.Unit)
	if err != nil {
		return nil, nil, nil, err
	}
	chain = append(chain, unit)
	for i := len(chain) - 1; i >= 0; i-- {
		if ec := con.Commission(con.Unit(chain[i].Path)); ec != nil {
			b, err := bodyNamed(ctx, tx, chain[i].ID, ec.Body)
			return b, chain[i], ec, err
		}
	}
	return nil, nil, nil, Errorf(Conflict, "election commission", "the constitution names no election commission for %s or a unit above it, to hold the election's key and certify it", unit.Name)
}

// electionTrustees returns the trustees of e: the members its election
// commission's entry in the constitution names, or else the holders of
// the commission's seats, in the order they took their seats, at most the
// constitution's count; and the threshold.
func (a *App) electionTrustees(ctx context.Context, tx Tx, e *Election) ([]MemberID, int, error) {
	c, err := a.charter(ctx, tx, e.Org)
	if err != nil {
		return nil, 0, err
	}
	b, unit, ec, err := a.electionCommission(ctx, tx, e)
	if err != nil {
		return nil, 0, err
	}
	if len(ec.Trustees) > 0 {
		ms, err := a.namedTrustees(ctx, tx, unit, ec)
		return ms, c.Trustees.Threshold, err
	}
	holders, err := a.seatHolders(ctx, tx, b)
	if err != nil {
		return nil, 0, err
	}
	var ms []MemberID
	for _, m := range holders {
		if len(ms) < c.Trustees.Count && !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	if len(ms) < c.Trustees.Threshold {
		return nil, 0, Errorf(Conflict, "trustees", "the %s of %s has %d members in office; the key ceremony needs at least %d trustees",
			b.Name, unit.Name, len(ms), c.Trustees.Threshold)
	}
	return ms, c.Trustees.Threshold, nil
}

// namedTrustees returns the members ec names as trustees, who must be
// active members of unit, the commission's.
func (a *App) namedTrustees(ctx context.Context, tx Tx, unit *Unit, ec *constitution.Commission) ([]MemberID, error) {
	var ms []MemberID
	for _, email := range ec.Trustees {
		m, err := a.namedTrustee(ctx, tx, unit, email)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// namedTrustee returns the member a commission of unit names by email;
// Conflict if they are not an active member of unit.
func (a *App) namedTrustee(ctx context.Context, tx Tx, unit *Unit, email string) (MemberID, error) {
	m, err := tx.MemberByEmail(ctx, unit.Org, NormalizeEmail(email))
	in := false
	if err == nil {
		in, err = a.inElectorate(ctx, tx, m, unit.ID)
	}
	if IsKind(err, NotFound) || err == nil && !in {
		return 0, Errorf(Conflict, "trustees", "the constitution names %s a trustee, who is not an active member of %s", email, unit.Name)
	} else if err != nil {
		return 0, err
	}
	return m.ID, nil
}

// checkNamedTrustees refuses constitution c of org if a trustee it names
// is not an active member of their commission's unit: the elections it
// holds could not begin their key ceremony.
func (a *App) checkNamedTrustees(ctx context.Context, tx Tx, org OrgID, c *constitution.Constitution, op string) error {
	for _, ec := range c.ElectionCommissions {
		for _, cu := range c.Resolve(ec.Unit) {
			for _, email := range ec.Trustees {
				u, err := tx.UnitByPath(ctx, org, cu.Path)
				if err != nil {
					return err
				}
				if _, err := a.namedTrustee(ctx, tx, u, email); IsKind(err, Conflict) {
					return FieldErrorf(Invalid, op, "text", "line %d: the constitution names %s a trustee, who is not an active member of %s", ec.Line, email, u.Name)
				} else if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// namedTrusteeOf says why m may not stand in e if the constitution names
// them a trustee of e's election commission, who hold its key; "" if not.
func (a *App) namedTrusteeOf(ctx context.Context, tx Tx, e *Election, m *Member) (string, error) {
	_, _, ec, err := a.electionCommission(ctx, tx, e)
	if IsKind(err, Conflict) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	for _, email := range ec.Trustees {
		if NormalizeEmail(email) == NormalizeEmail(m.Email) {
			return fmt.Sprintf("the constitution names %s a trustee of this election: a trustee cannot stand in the election they hold a key for", m.Name), nil
		}
	}
	return "", nil
}

// openCeremony starts e's secret-ballot record: the manifest, with the
// candidates as they stand at the close of nominations, and the trustees.
// A record begun for a ballot that has since changed (a candidate withdrew
// during the campaign) is discarded first: no ballot was cast in it.
// Trustees the election commission named in place of others stay.
func (a *App) openCeremony(ctx context.Context, tx Tx, e *Election) error {
	trustees, threshold, err := a.electionTrustees(ctx, tx, e)
	if err != nil {
		return err
	}
	if replaced, err := a.trusteesReplaced(ctx, tx, e); err != nil {
		return err
	} else if replaced {
		if trustees, err = tx.Trustees(ctx, e.ID); err != nil {
			return err
		}
	}
	return a.beginCeremony(ctx, tx, e, trustees, threshold)
}

// trusteesReplaced reports whether the election commission replaced a
// trustee of e.
func (a *App) trusteesReplaced(ctx context.Context, tx Tx, e *Election) (bool, error) {
	ds, err := tx.SubjectDecisions(ctx, "election:"+e.ID.String())
	return slices.ContainsFunc(ds, func(d *Decision) bool { return d.Kind == "trustee" && d.Status == DecisionAdopted }), err
}

// beginCeremony starts e's secret-ballot record afresh with trustees.
func (a *App) beginCeremony(ctx context.Context, tx Tx, e *Election, trustees []MemberID, threshold int) error {
	b, err := a.ballotOf(ctx, tx, e, len(trustees), threshold)
	if err != nil {
		return Errorf(Conflict, "key ceremony", "%v", err)
	}
	if err := tx.DeleteBallotRecord(ctx, e.ID); err != nil {
		return err
	}
	if err := tx.SetTrustees(ctx, e.ID, trustees); err != nil {
		return err
	}
	ev, err := a.appendBallotEvent(ctx, tx, e.ID, secretballot.EventElection, secretballot.ElectionPayload{Manifest: *b.Manifest}, nil)
	if err != nil {
		return err
	}
	if _, err = a.appendRecord(ctx, tx, change{Type: "election.ceremony_opened", Actor: System, Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "fingerprint": secretballot.Hash(ev.Hash), "candidates": b.Names,
			"trustees": trustees, "threshold": threshold}}); err != nil {
		return err
	}
	// The trustees' first step opens: its deadline runs from now.
	return a.advanceRecord(ctx, tx, e)
}

// appendBallotEvent appends an event to e's secret-ballot record.
func (a *App) appendBallotEvent(ctx context.Context, tx Tx, id ElectionID, typ string, payload any, items [][]byte) (*BallotEvent, error) {
	height, parent, err := tx.BallotHead(ctx, id)
	if err != nil {
		return nil, err
	}
	file, err := secretballot.EventFile(height, parent, typ, payload, items)
	if err != nil {
		return nil, internalError("ballot record", err)
	}
	ev := &BallotEvent{Height: height, Type: typ, File: file, Hash: secretballot.HashFile(file)}
	return ev, tx.AppendBallotEvent(ctx, id, ev)
}

// recordFS returns e's secret-ballot record as a directory.
func recordFS(ctx context.Context, tx Tx, id ElectionID) (fstest.MapFS, error) {
	evs, err := tx.BallotEvents(ctx, id, 0, -1)
	if err != nil {
		return nil, err
	}
	return eventsFS(evs), nil
}

// eventsFS is a directory of events.
func eventsFS(evs []*BallotEvent) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, ev := range evs {
		fsys[secretballot.EventFileName(ev.Height, ev.Type)] = &fstest.MapFile{Data: ev.File, Mode: 0o644}
	}
	return fsys
}

// board reads and checks e's record as far as it goes.
func board(ctx context.Context, tx Tx, id ElectionID) (*secretballot.Board, fs.FS, error) {
	fsys, err := recordFS(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if len(fsys) == 0 {
		return nil, nil, Errorf(Conflict, "ballot record", "the key ceremony has not begun: nominations have not closed")
	}
	b, err := secretballot.ReadBoard(fsys)
	if err != nil {
		return nil, nil, internalError("ballot record", err)
	}
	return b, fsys, nil
}

// Ceremony is where an election's key ceremony stands.
type Ceremony struct {
	Election  *Election
	Trustees  []TrusteeView
	Threshold int
	// Waiting says what the ceremony waits for, in words; "" once the
	// election key is in the record. WaitingPhrase says it in words a
	// page translates.
	Waiting       string
	WaitingPhrase Phrase
	Key           bool // the election key is in the record
	Head          secretballot.Hash
	Events        int
	// Commission is the body that certifies the result; nil if the
	// organization has none above the election.
	Commission *Body
	// Decryption says what the result waits for once the vote has closed
	// (the trustees' mixes and decryptions); "" before and once it is in.
	// DecryptionPhrase says it in words a page translates.
	Decryption       string
	DecryptionPhrase Phrase
	// NoBallots: the vote closed without a ballot counted. There was
	// nothing to mix or decrypt: the result, every total zero, followed
	// the tally.
	NoBallots bool
	// Complaints are the trustees' complaints about the shares dealt to
	// them, which the accused answer before the record holds them.
	Complaints []*dkg.Complaint
	// Step is the trustees' step under way, "" if none; at Deadline it
	// closes without those who have not taken it (zero: not yet set).
	Step     string
	Deadline time.Time
}

// TrusteeView is a trustee and the steps they took.
type TrusteeView struct {
	Index  int
	Member MemberID
	Name   string
	Sent   []string // steps, in the order of the ceremony
	// Absent says why the election goes on without the trustee; "" while
	// they take part. AbsentPhrase says it in words a page translates.
	Absent       string
	AbsentPhrase Phrase
}

// Ceremony returns where the key ceremony and the decryption of election
// id stand. Anyone may call it: trustees are public, and so is the record.
// Errors: NotFound.
func (a *App) Ceremony(ctx context.Context, id ElectionID) (*Ceremony, error) {
	c := &Ceremony{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if c.Election, err = tx.Election(ctx, id); err != nil {
			return err
		}
		return a.ceremonyState(ctx, tx, c)
	})
	return c, wrap("ceremony", err)
}

func (a *App) ceremonyState(ctx context.Context, tx Tx, c *Ceremony) error {
	id := c.Election.ID
	members, err := tx.Trustees(ctx, id)
	if err != nil {
		return err
	}
	msgs, err := tx.TrusteeMessages(ctx, id)
	if err != nil {
		return err
	}
	for i, m := range members {
		mem, err := tx.Member(ctx, m)
		if err != nil {
			return err
		}
		tv := TrusteeView{Index: i + 1, Member: m, Name: mem.Name}
		for _, msg := range msgs {
			var cs []*dkg.Complaint
			if msg.Trustee == i+1 && msg.Step == StepComplaints && json.Unmarshal(msg.Data, &cs) == nil {
				c.Complaints = append(c.Complaints, cs...)
			}
		}
		for _, step := range []string{StepKeys, StepDeal, StepComplaints, StepReveals, StepDecrypt} {
			if slices.ContainsFunc(msgs, func(msg *TrusteeMessage) bool { return msg.Trustee == i+1 && msg.Step == step }) {
				tv.Sent = append(tv.Sent, step)
			}
		}
		c.Trustees = append(c.Trustees, tv)
	}
	if c.Commission, _, _, err = a.electionCommission(ctx, tx, c.Election); err != nil && !IsKind(err, Conflict) {
		return err
	}
	n, head, err := tx.BallotHead(ctx, id)
	if err != nil {
		return err
	}
	c.Head, c.Events = head, n
	if n == 0 {
		c.Waiting, c.WaitingPhrase = "the close of nominations, when the ballot is drawn up", Phrase{Key: "ceremony.wait.nominations"}
		return nil
	}
	s, err := a.boardOf(ctx, tx, id)
	if err != nil {
		return err
	}
	b := s.Board
	c.Threshold, c.Key = b.Manifest.Threshold, b.Election != nil
	for i := range c.Trustees {
		c.Trustees[i].Absent = trusteeAbsent(b, c.Trustees[i].Index)
		c.Trustees[i].AbsentPhrase = absentPhrase(c.Trustees[i].Absent)
	}
	st, err := a.stepOf(ctx, tx, c.Election, b, messagesByStep(msgs), false)
	if err != nil {
		return err
	}
	var waiting string
	var phrase Phrase
	if st != nil {
		c.Step, c.Deadline = st.Step, st.Deadline
		if waiting, phrase, err = stepWaiting(ctx, tx, c.Election, st, c.Threshold); err != nil {
			return err
		}
	}
	if !c.Key {
		c.Waiting, c.WaitingPhrase = waiting, phrase
		if st == nil {
			// dkg.Qualify failed: election.ceremony_failed says why.
			c.Waiting = "a new key ceremony: fewer than the threshold of trustees qualified"
			c.WaitingPhrase = Phrase{Key: "ceremony.wait.requalify"}
		}
	}
	c.NoBallots = b.Tally != nil && b.Counted == 0
	if b.Tally != nil && len(b.Partials) < c.Threshold && !c.NoBallots {
		if st != nil && st.Step == StepMix {
			c.Decryption = fmt.Sprintf("the mix-net: %d of the qualified trustees mixed the ranked ballots, at least %d must; it waits for %s", len(b.MixNet.Mixed), c.Threshold, waiting)
			c.DecryptionPhrase = Phrase{Key: "ceremony.decryption.mix", Args: []any{len(b.MixNet.Mixed), c.Threshold, phrase.Args[0]}}
			return nil
		}
		sent := 0
		for _, t := range c.Trustees {
			if slices.Contains(t.Sent, StepDecrypt) {
				sent++
			}
		}
		c.Decryption = fmt.Sprintf("the trustees' decryptions: %d of the %d needed are in", sent, c.Threshold)
		c.DecryptionPhrase = Phrase{Key: "ceremony.decryption.partials", Args: []any{sent, c.Threshold}}
	}
	return nil
}

// trusteeAbsent says why the key ceremony went on without trustee j (they
// hold no share of the key), or "".
func trusteeAbsent(b *secretballot.Board, j int) string {
	inRoster := slices.ContainsFunc(b.Roster, func(k dkg.TrusteeKeys) bool { return k.Index == j })
	dealt := slices.ContainsFunc(b.Commitments, func(c *dkg.Commitment) bool { return c.From == j })
	switch {
	case b.Election != nil:
		for _, d := range b.Election.Key.Disqualified {
			if d.Trustee == j {
				return d.Reason
			}
		}
	case b.KeysClosed && !inRoster:
		return dkg.ReasonNoKeys
	case b.DealsClosed && !dealt:
		return dkg.ReasonNoDeal
	}
	return ""
}

// absentPhrase is a reason the key ceremony gives for going on without a
// trustee (dkg.Qualify's, in the record) in words a page translates.
func absentPhrase(reason string) Phrase {
	var from int
	switch reason {
	case "":
		return Phrase{}
	case dkg.ReasonNoKeys:
		return Phrase{Key: "ceremony.absent.no_keys"}
	case dkg.ReasonNoDeal:
		return Phrase{Key: "ceremony.absent.no_deal"}
	case "sent two different commitments":
		return Phrase{Key: "ceremony.absent.two_commitments"}
	case "no valid commitment":
		return Phrase{Key: "ceremony.absent.bad_commitment"}
	}
	if _, err := fmt.Sscanf(reason, "did not answer trustee %d's complaint", &from); err == nil {
		return Phrase{Key: "ceremony.absent.unanswered", Args: []any{from}}
	}
	return Phrase{}
}

// trusteeElection returns election id, for its trustee index to send
// something (what: "part", "mix"): NotFound if the election has no
// trustee index, Forbidden unless v is that trustee.
func trusteeElection(ctx context.Context, tx Tx, v *Viewer, id ElectionID, index int, op, what string) (*Election, error) {
	e, err := tx.Election(ctx, id)
	if err != nil {
		return nil, err
	}
	members, err := tx.Trustees(ctx, id)
	if err != nil {
		return nil, err
	}
	if index < 1 || index > len(members) {
		return nil, FieldErrorf(NotFound, op, "trustee", "election %s has no trustee %d", id, index)
	}
	if v.Member == nil || v.Member.ID != members[index-1] {
		return nil, Errorf(Forbidden, op, "only trustee %d may send its %s", index, what)
	}
	return e, nil
}

// SubmitTrustee takes what trustee index of election id sends for a step
// of the key ceremony or of the decryption, checks it, and puts it into the
// record as soon as its turn comes: trustees' events go in in the order of
// their index, whatever order they send them in. The viewer must be that
// trustee.
//
// Errors: NotFound; Forbidden (not the trustee); Invalid (a message that
// does not parse or does not verify, named by field); Conflict (the step
// was sent, or it is not its time).
func (a *App) SubmitTrustee(ctx context.Context, v *Viewer, id ElectionID, index int, step string, data []byte) (*Ceremony, error) {
	const op = "trustee"
	c := &Ceremony{}
	err := a.serialized(ctx, func(tx Tx) error {
		e, err := trusteeElection(ctx, tx, v, id, index, op, "part")
		if err != nil {
			return err
		}
		b, err := a.boardOf(ctx, tx, id)
		if err != nil {
			return err
		}
		msgs, err := tx.TrusteeMessages(ctx, id)
		if err != nil {
			return err
		}
		if err := checkTurn(e, b.Board, messagesByStep(msgs), index, step); err != nil {
			return err
		}
		if err := checkTrusteeMessage(b.Board, index, step, data); err != nil {
			return err
		}
		if err := tx.AddTrusteeMessage(ctx, &TrusteeMessage{Election: id, Trustee: index, Step: step, Data: data, Sent: a.now()}); err != nil {
			return err
		}
		return a.trusteeStepTaken(ctx, tx, v, e, index, step, c)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return c, nil
}

// trusteeStepTaken records that trustee index took step, moves e's record
// on as far as the trustees' messages allow, and fills c with where the
// ceremony stands then.
func (a *App) trusteeStepTaken(ctx context.Context, tx Tx, v *Viewer, e *Election, index int, step string, c *Ceremony) error {
	if _, err := a.appendRecord(ctx, tx, change{Type: "election.trustee", Actor: v.Actor(), Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "trustee": index, "step": step}}); err != nil {
		return err
	}
	if err := a.advanceRecord(ctx, tx, e); err != nil {
		return err
	}
	c.Election = e
	return a.ceremonyState(ctx, tx, c)
}

// checkTurn refuses a step that is not due from trustee index: not yet,
// or no more, because its step closed without them at its deadline.
func checkTurn(e *Election, b *secretballot.Board, sent stepMessages, index int, step string) error {
	const op = "trustee"
	inRoster := slices.ContainsFunc(b.Roster, func(k dkg.TrusteeKeys) bool { return k.Index == index })
	dealt := slices.ContainsFunc(b.Commitments, func(c *dkg.Commitment) bool { return c.From == index })
	switch step {
	case StepKeys, StepDeal, StepComplaints, StepReveals:
		if b.Election != nil {
			return Errorf(Conflict, op, "the key ceremony is over: the election key is in the record")
		}
	case StepDecrypt:
		if b.Tally == nil || e.Status != ElectionTally {
			return Errorf(Conflict, op, "there is nothing to decrypt before the vote closes and the tally is in the record")
		}
		if b.Counted == 0 {
			return Errorf(Conflict, op, "no ballots were cast: there is nothing to decrypt, and the result is in the record")
		}
		if len(b.Partials) >= b.Manifest.Threshold {
			return Errorf(Conflict, op, "a threshold of trustees has decrypted: the result is in the record")
		}
		if !b.Election.Key.Qualified(index) {
			return Errorf(Conflict, op, "trustee %d is not qualified: the key ceremony went on without them", index)
		}
		return nil
	default:
		return FieldErrorf(NotFound, op, "step", "no step %q: keys, deal, complaints, reveals or decrypt", step)
	}
	closed := "the key ceremony went on without you: that step closed at its deadline"
	switch {
	case step == StepKeys && b.KeysClosed:
		return Errorf(Conflict, op, "%s", closed)
	case step == StepDeal && !b.KeysClosed:
		return Errorf(Conflict, op, "deal once every trustee's keys are in the record, or the step has closed at its deadline")
	case step == StepDeal && (!inRoster || b.DealsClosed):
		return Errorf(Conflict, op, "%s", closed)
	case step == StepComplaints && !b.DealsClosed:
		return Errorf(Conflict, op, "check the shares once every trustee has dealt, or the step has closed at its deadline")
	case step == StepComplaints && (!dealt || sent[StepReveals][coordinator] != nil):
		return Errorf(Conflict, op, "%s", closed)
	case step == StepReveals && b.Complaints != nil:
		return Errorf(Conflict, op, "%s", closed)
	}
	return nil
}

// checkTrusteeMessage checks what trustee index sent as far as it can be
// checked on its own; the record checks the rest when it goes in.
func checkTrusteeMessage(b *secretballot.Board, index int, step string, data []byte) error {
	const op = "trustee"
	bad := func(field string, err error) error { return FieldErrorf(Invalid, op, field, "%v", err) }
	switch step {
	case StepKeys:
		var p secretballot.TrusteePayload
		if err := strictJSON(data, &p); err != nil {
			return bad("keys", err)
		}
		if p.Keys.Index != index {
			return FieldErrorf(Invalid, op, "keys.index", "is %d; you are trustee %d", p.Keys.Index, index)
		}
	case StepDeal:
		var p secretballot.DealPayload
		if err := strictJSON(data, &p); err != nil {
			return bad("deal", err)
		}
		if p.Commitment == nil || p.Commitment.From != index {
			return FieldErrorf(Invalid, op, "commitment.from", "must be your index, %d", index)
		}
	case StepComplaints:
		var cs []*dkg.Complaint
		if err := strictJSON(data, &cs); err != nil {
			return bad("complaints", err)
		}
		for _, c := range cs {
			if c == nil || c.From != index {
				return FieldErrorf(Invalid, op, "complaints.from", "must be your index, %d", index)
			}
		}
	case StepReveals:
		var rs []*dkg.Reveal
		if err := strictJSON(data, &rs); err != nil {
			return bad("reveals", err)
		}
		for _, r := range rs {
			if r == nil || r.From != index {
				return FieldErrorf(Invalid, op, "reveals.from", "must be your index, %d", index)
			}
		}
	case StepDecrypt:
		var d Decryption
		if err := strictJSON(data, &d); err != nil {
			return bad("decryption", err)
		}
		if d.Partial == nil || d.Partial.Trustee != index {
			return FieldErrorf(Invalid, op, "partial.trustee", "must be your index, %d", index)
		}
		for _, r := range d.Ranked {
			if r.Payload.Trustee != index {
				return FieldErrorf(Invalid, op, "ranked.trustee", "must be your index, %d", index)
			}
		}
	}
	return nil
}

// strictJSON decodes data into v, refusing unknown fields.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("data after the JSON value")
	}
	return nil
}

// advanceRecord puts into e's record every trustee message whose turn has
// come, and the events that follow from them: the complaints once every
// trustee checked its shares and every accused answered, the election key,
// and after the tally the decryption and the result. A step whose
// deadline has passed closes without the trustees absent (deadlines.go).
// Each event is checked as it goes in; one that does not verify is
// refused, and nothing of the transaction is kept.
func (a *App) advanceRecord(ctx context.Context, tx Tx, e *Election) error {
	for {
		msgs, err := tx.TrusteeMessages(ctx, e.ID)
		if err != nil {
			return err
		}
		sent := messagesByStep(msgs)
		b, _, err := board(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		st, err := a.currentStep(ctx, tx, e, b, sent)
		if err != nil {
			return err
		}
		if b.Complaints != nil && b.Election == nil {
			return a.electionKey(ctx, tx, e, b)
		}
		if st == nil {
			if b.Tally == nil || e.Status != ElectionTally {
				return a.schedule(ctx, tx, e, nil)
			}
			if err := a.awaitDecryptions(ctx, tx, e, b, sent); err != nil {
				return err
			}
			return a.decrypt(ctx, tx, e, b, sent[StepDecrypt])
		}
		if err := a.tellTrustees(ctx, tx, e, st, sent); err != nil {
			return err
		}
		moved, err := a.advanceStep(ctx, tx, e, b, st, sent)
		if err != nil || !moved {
			return errors.Join(err, a.schedule(ctx, tx, e, st))
		}
	}
}

// advanceStep puts into e's record what the trustees sent for step st as
// far as its turn has come, and closes it when every trustee due took it
// or its deadline has passed. It reports whether the record moved on.
func (a *App) advanceStep(ctx context.Context, tx Tx, e *Election, b *secretballot.Board, st *trusteeStep, sent stepMessages) (bool, error) {
	t := b.Manifest.Threshold
	switch st.Step {
	case StepKeys, StepDeal:
		// Trustees' events go in by increasing index: the next one in
		// turn as it comes, and at the deadline those who sent, skipping
		// the absent.
		typ, end, in, took := secretballot.EventTrustee, secretballot.EventEndKeys, []int{}, len(b.Roster)
		for j := 1; j <= b.Manifest.Trustees; j++ {
			in = append(in, j)
		}
		if st.Step == StepDeal {
			typ, end, in, took = secretballot.EventDKGShares, secretballot.EventEndDeals, nil, len(b.Commitments)
			for _, k := range b.Roster {
				in = append(in, k.Index)
			}
		}
		if took > 0 {
			last := b.Roster[len(b.Roster)-1].Index
			if st.Step == StepDeal {
				last = b.Commitments[len(b.Commitments)-1].From
			}
			in = in[slices.Index(in, last)+1:]
		}
		var pending []int
		for _, j := range in {
			if _, ok := sent[st.Step][j]; ok {
				pending = append(pending, j)
			}
		}
		took += len(pending)
		switch {
		case len(pending) > 0 && pending[0] == in[0]:
			return true, a.appendChecked(ctx, tx, e.ID, typ, json.RawMessage(sent[st.Step][pending[0]]), nil)
		case !st.Overdue:
			return false, nil
		case took < t:
			return false, a.holdStep(ctx, tx, e, st, t)
		case len(pending) > 0:
			return true, a.appendChecked(ctx, tx, e.ID, typ, json.RawMessage(sent[st.Step][pending[0]]), nil)
		}
		return true, a.closeStep(ctx, tx, e, st, end, st.Due)
	case StepComplaints:
		if len(st.Due) > 0 && !st.Overdue {
			return false, nil
		}
		if err := a.closeStep(ctx, tx, e, st, "", st.Due); err != nil {
			return false, err
		}
		return true, a.openStep(ctx, tx, e, StepReveals, sent)
	case StepReveals:
		if len(st.Due) > 0 && !st.Overdue {
			return false, nil
		}
		cp := &secretballot.ComplaintsPayload{Complaints: []*dkg.Complaint{}, Reveals: []*dkg.Reveal{}}
		cs, err := sent.complaints()
		if err != nil {
			return false, err
		}
		cp.Complaints = append(cp.Complaints, cs...)
		for _, i := range sortedKeys(sent[StepReveals]) {
			if i == coordinator || !slices.ContainsFunc(cs, func(c *dkg.Complaint) bool { return c.Against == i }) {
				continue
			}
			var rs []*dkg.Reveal
			if err := json.Unmarshal(sent[StepReveals][i], &rs); err != nil {
				return false, internalError("reveals", err)
			}
			cp.Reveals = append(cp.Reveals, rs...)
		}
		if err := a.closeStep(ctx, tx, e, st, "", st.Due); err != nil {
			return false, err
		}
		return true, a.appendChecked(ctx, tx, e.ID, secretballot.EventDKGComplaints, cp, nil)
	case StepMix:
		switch {
		case !st.Overdue:
			return false, nil
		case b.MixNet.Fewest < t:
			return false, a.holdStep(ctx, tx, e, st, t)
		}
		return true, a.closeStep(ctx, tx, e, st, secretballot.EventEndMixes, st.Due)
	}
	return false, nil
}

// appendChecked appends an event and reads the record again: an event
// that does not verify is refused.
func (a *App) appendChecked(ctx context.Context, tx Tx, id ElectionID, typ string, payload any, items [][]byte) error {
	if raw, ok := payload.(json.RawMessage); ok {
		// Trustees' payloads go in canonical form.
		var v any
		switch typ {
		case secretballot.EventTrustee:
			v = &secretballot.TrusteePayload{}
		case secretballot.EventDKGShares:
			v = &secretballot.DealPayload{}
		}
		if err := json.Unmarshal(raw, v); err != nil {
			return FieldErrorf(Invalid, "trustee", typ, "%v", err)
		}
		payload = v
	}
	ev, err := a.appendBallotEvent(ctx, tx, id, typ, payload, items)
	if err != nil {
		return err
	}
	fsys, err := recordFS(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := secretballot.ReadBoard(fsys); err != nil {
		return FieldErrorf(Invalid, "trustee", typ, "event %d (%s) does not verify: %v", ev.Height, typ, err)
	}
	return nil
}

// electionKey computes the election key from the qualified trustees and
// puts it into the record: the key ceremony is complete.
func (a *App) electionKey(ctx context.Context, tx Tx, e *Election, b *secretballot.Board) error {
	p := dkg.Params{Fingerprint: b.Fingerprint[:], N: b.Manifest.Trustees, T: b.Manifest.Threshold}
	res, err := dkg.Qualify(p, b.Roster, b.Commitments, b.Complaints.Complaints, b.Complaints.Reveals)
	if err != nil {
		_, rerr := a.appendRecord(ctx, tx, change{Type: "election.ceremony_failed", Actor: System, Org: e.Org, Unit: e.Unit,
			Payload: map[string]any{"election": e.ID, "reason": err.Error()}})
		return rerr
	}
	if err := a.appendChecked(ctx, tx, e.ID, secretballot.EventElectionKey, res, nil); err != nil {
		return err
	}
	b, _, err = board(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	_, err = a.appendRecord(ctx, tx, change{Type: "election.key", Actor: System, Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "election_hash": b.Election.Hash, "qualified": res.QualifiedTrustees}})
	return err
}

// BallotRecord returns election id's secret-ballot record, every event in
// order: what `plenum verify` checks. It is public from the moment the
// ballot is drawn up. Errors: NotFound.
func (a *App) BallotRecord(ctx context.Context, id ElectionID) ([]*BallotEvent, error) {
	var evs []*BallotEvent
	err := a.Store.View(ctx, func(tx Tx) error {
		if _, err := tx.Election(ctx, id); err != nil {
			return err
		}
		var err error
		evs, err = tx.BallotEvents(ctx, id, 0, -1)
		return err
	})
	return evs, wrap("ballot record", err)
}
