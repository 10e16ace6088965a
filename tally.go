package plenum

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"plenum/count"
	"plenum/secretballot"
)

// closeVote ends e's vote: it puts the end of voting and the encrypted
// tally into the record. The trustees then mix (ranked methods) and
// decrypt. When no ballot is counted there is nothing to mix or decrypt:
// the tally holds no ciphertext, and the result, every total zero, goes
// in at once and to the election commission to certify.
func (a *App) closeVote(ctx context.Context, tx Tx, e *Election) error {
	b, _, err := board(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	if b.Sums == nil || b.Counted == 0 {
		b.Sums = secretballot.EmptyTally(b.Manifest)
	}
	if err := decryptable(b.Sums); err != nil {
		return err
	}
	if _, err := a.appendBallotEvent(ctx, tx, e.ID, secretballot.EventEndBallots, secretballot.EndBallots{Cast: b.Cast, Counted: b.Counted}, nil); err != nil {
		return err
	}
	ev, err := a.appendBallotEvent(ctx, tx, e.ID, secretballot.EventTally, b.Sums, nil)
	if err != nil {
		return err
	}
	if _, err = a.appendRecord(ctx, tx, change{Type: "election.tally", Actor: System, Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "cast": b.Cast, "counted": b.Counted, "head": secretballot.Hash(ev.Hash)}}); err != nil {
		return err
	}
	if b.Counted == 0 {
		return a.publishResult(ctx, tx, e)
	}
	if !b.Manifest.Questions[0].Kind.Ranked() {
		// The trustees decrypt; b, read before the tally, has no mix-net.
		msgs, err := tx.TrusteeMessages(ctx, e.ID)
		if err != nil {
			return err
		}
		return a.awaitDecryptions(ctx, tx, e, b, messagesByStep(msgs))
	}
	// The mix-net opens: its deadline runs from now.
	return a.advanceRecord(ctx, tx, e)
}

// decryptable refuses a tally that no trustee could decrypt with a proof:
// one whose first half is the identity, which needs the randomness of the
// counted ballots to add up to zero. Only one who encrypted every counted
// ballot can bring that about (docs/election-record.md, section 6.4); the
// vote then does not close, and the error says why.
func decryptable(t *secretballot.Tally) error {
	for qi, cts := range t.Questions {
		for i, ct := range cts {
			if ct.A.IsIdentity() {
				return internalError("tally", fmt.Errorf("question %d, option %d: the randomness of the counted ballots adds up to zero, "+
					"which only one who encrypted every ballot can bring about: the tally cannot be decrypted", qi+1, i+1))
			}
		}
	}
	return nil
}

// SubmitMix takes trustee index's mix of the ranked ballots of election
// id: an event file as `plenum trustee mix` appends it to a copy of the
// record, which must extend the record as it stands. It is verified (the
// proof of shuffle) before it goes in. Qualified trustees mix in the
// order their mixes arrive, until every one has or the mix-net closes at
// its deadline.
//
// Errors: NotFound; Forbidden (not the trustee); Invalid (not a mix, or a
// mix that does not verify); Conflict (not waiting for a mix, or another
// mix went in first: mix again from the record as it now stands).
func (a *App) SubmitMix(ctx context.Context, v *Viewer, id ElectionID, index int, file []byte) (*Ceremony, error) {
	const op = "mix"
	c := &Ceremony{}
	err := a.serialized(ctx, func(tx Tx) error {
		e, err := trusteeElection(ctx, tx, v, id, index, op, "mix")
		if err != nil {
			return err
		}
		b, _, err := board(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.Status != ElectionTally || b.MixNet == nil || b.MixNet.Closed {
			return Errorf(Conflict, op, "the record is not waiting for a mix")
		}
		var h secretballot.Header
		line, _, _ := bytes.Cut(file, []byte("\n"))
		height, head, err := tx.BallotHead(ctx, id)
		if err != nil {
			return err
		}
		if err := strictJSON(line, &h); err != nil || h.Type != secretballot.EventMix {
			return FieldErrorf(Invalid, op, "mix", "not a mix event")
		}
		if h.Height != height || h.Parent != head {
			// Another trustee's mix went in first: mix its output.
			return Errorf(Conflict, op, "the record has moved on: its next event is number %d, after %s; mix again from it", height, secretballot.Hash(head))
		}
		ev := &BallotEvent{Height: height, Type: h.Type, File: file, Hash: secretballot.HashFile(file)}
		if err := tx.AppendBallotEvent(ctx, id, ev); err != nil {
			return err
		}
		fsys, err := recordFS(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := secretballot.ReadBoard(fsys); err != nil {
			return FieldErrorf(Invalid, op, "mix", "the mix does not verify: %v", err)
		}
		var p struct{ Trustee int }
		if json.Unmarshal(h.Payload, &p); p.Trustee != index {
			return FieldErrorf(Invalid, op, "mix", "the mix is trustee %d's, not yours", p.Trustee)
		}
		return a.trusteeStepTaken(ctx, tx, v, e, index, StepMix, c)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return c, nil
}

// decrypt puts the trustees' decryptions into the record once the mix-net
// is closed (ranked methods): each partial decryption of the tally as it
// comes, and once a threshold of trustees decrypted, their decryptions of the ranked
// ballots, the rankings and the result, which is then verified with the
// whole record.
func (a *App) decrypt(ctx context.Context, tx Tx, e *Election, b *secretballot.Board, sent map[int][]byte) error {
	if !b.MixNet.Closed || len(b.Partials) >= b.Manifest.Threshold || b.Counted == 0 {
		return nil
	}
	in := map[int]bool{}
	for _, p := range b.Partials {
		in[p.Trustee] = true
	}
	decs := map[int]*Decryption{}
	for i := 1; i <= b.Manifest.Trustees; i++ {
		data, ok := sent[i]
		if !ok {
			continue
		}
		d := &Decryption{}
		if err := json.Unmarshal(data, d); err != nil {
			return internalError("decrypt", err)
		}
		decs[i] = d
		if !in[i] && len(in) < b.Manifest.Threshold {
			if err := a.appendChecked(ctx, tx, e.ID, secretballot.EventPartialDecryption, d.Partial, nil); err != nil {
				return err
			}
			in[i] = true
		}
	}
	if len(in) < b.Manifest.Threshold {
		return nil
	}
	b, _, err := board(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	for _, p := range b.Partials {
		for _, rd := range decs[p.Trustee].Ranked {
			items, err := canonicalItems(rd.Rows)
			if err != nil {
				return err
			}
			if err := a.appendChecked(ctx, tx, e.ID, secretballot.EventRankedDecryption, rd.Payload, items); err != nil {
				return err
			}
		}
	}
	return a.publishResult(ctx, tx, e)
}

// canonicalItems returns the canonical lines of items.
func canonicalItems[T any](items []T) ([][]byte, error) {
	out := make([][]byte, len(items))
	for i, it := range items {
		line, err := secretballot.Canonical(it)
		if err != nil {
			return nil, internalError("ballot record", err)
		}
		out[i] = line
	}
	return out, nil
}

// publishResult counts the decrypted ballots, puts the rankings and the
// result into the record, verifies the whole record and records the
// result.
func (a *App) publishResult(ctx context.Context, tx Tx, e *Election) error {
	fsys, err := recordFS(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	rankings, result, err := secretballot.CountRanked(fsys)
	if err != nil {
		return internalError("count", err)
	}
	for _, r := range rankings {
		items, err := canonicalItems(r.Items)
		if err != nil {
			return err
		}
		if _, err := a.appendBallotEvent(ctx, tx, e.ID, secretballot.EventRankings, r.Payload, items); err != nil {
			return err
		}
	}
	ev, err := a.appendBallotEvent(ctx, tx, e.ID, secretballot.EventResult, result, nil)
	if err != nil {
		return err
	}
	if fsys, err = recordFS(ctx, tx, e.ID); err != nil {
		return err
	}
	rep, err := secretballot.Verify(fsys, secretballot.VerifyOptions{})
	if err != nil {
		return internalError("verify the result", err)
	}
	q := result.Questions[0]
	_, err = a.appendRecord(ctx, tx, change{Type: "election.result", Actor: System, Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "elected": q.Elected, "ballots": q.Ballots, "invalid": q.Invalid,
			"decrypted_by": rep.Decrypted, "head": secretballot.Hash(ev.Hash)}})
	if err != nil {
		return err
	}
	// The result goes to the election commission to certify (certify.go).
	if _, err := a.proposeCertification(ctx, tx, CommandLine, 0, e); IsKind(err, Conflict) {
		return a.hold(ctx, tx, e, err.Error(), Phrase{})
	} else if err != nil {
		return err
	}
	return nil
}

// ElectionResult is the published result of an election and the record it
// comes from.
type ElectionResult struct {
	Result  *secretballot.Result
	Reports []*count.Report // each question's count, round by round
	Elected []MemberID
	Head    secretballot.Hash // the record's last event, which fixes it whole
}

// Result returns the result of election id, nil before it is in the
// record. Anyone may call it. Errors: NotFound.
func (a *App) Result(ctx context.Context, id ElectionID) (*ElectionResult, error) {
	var r *ElectionResult
	err := a.Store.View(ctx, func(tx Tx) error {
		e, err := tx.Election(ctx, id)
		if err != nil {
			return err
		}
		r, err = a.resultOf(ctx, tx, e)
		return err
	})
	return r, wrap("result", err)
}

// resultOf returns e's result, or nil before it is in the record.
func (a *App) resultOf(ctx context.Context, tx Tx, e *Election) (*ElectionResult, error) {
	n, head, err := tx.BallotHead(ctx, e.ID)
	if err != nil || n == 0 {
		return nil, err
	}
	evs, err := tx.BallotEvents(ctx, e.ID, n-1, n)
	if err != nil || len(evs) == 0 || evs[0].Type != secretballot.EventResult {
		return nil, err
	}
	p, err := eventPayload(evs[0].File)
	if err != nil {
		return nil, err
	}
	r := &ElectionResult{Result: &secretballot.Result{}, Head: head, Elected: []MemberID{}}
	if err := json.Unmarshal(p, r.Result); err != nil {
		return nil, internalError("result", err)
	}
	se, err := a.secretElection(ctx, tx, e.ID)
	if err != nil {
		return nil, err
	}
	r.Reports = r.Result.Tallies(&se.Manifest, se.Hash)
	ballot, err := a.ballotOf(ctx, tx, e, se.Manifest.Trustees, se.Manifest.Threshold)
	if err != nil {
		return nil, internalError("result", err)
	}
	q := r.Result.Questions[0]
	for _, name := range q.Elected {
		if i := slices.Index(q.Options, name); i >= 0 && i < len(ballot.Candidates) {
			r.Elected = append(r.Elected, ballot.Candidates[i].Nominee)
		}
	}
	return r, nil
}
