package plenum

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"plenum/crypto/dkg"
	"plenum/secretballot"
)

// Trustees are told by a required notice (no one can turn it off) when a
// step is due from them: each step of the key ceremony (their keys, their
// shares, the check of the shares dealt to them, their answers to
// complaints against them), their mix of ranked ballots and their
// decryption, with the step's deadline and a link to their trustee's page.
// Those who still have not taken it are reminded once, when a quarter of
// its time is left. plenum notes that it told and reminded the trustees of
// a step as messages of the coordinator, so that each is sent once
// whatever the clock does; a ceremony begun again tells them again.

// Notes of the coordinator: the trustees due to take a step were told, or
// reminded (the step's name follows).
const (
	toldNote     = "told:"
	remindedNote = "reminded:"
)

// decryptStep is the trustees' decryption the tally waits for: due from
// the qualified trustees who have not sent theirs. Its deadline, which
// runs from when they were told, is the date they are asked to decrypt
// by; the tally does not close at it (any threshold of them decrypts,
// whenever they come). nil once a threshold has sent theirs.
func (a *App) decryptStep(ctx context.Context, tx Tx, e *Election, key *dkg.Result, sent stepMessages) (*trusteeStep, error) {
	st := &trusteeStep{Step: StepDecrypt}
	for _, j := range key.QualifiedTrustees {
		if _, ok := sent[StepDecrypt][j]; ok {
			st.Took++
		} else {
			st.Due = append(st.Due, j)
		}
	}
	if st.Took >= key.Params.T {
		return nil, nil
	}
	opened := a.now()
	if m, ok := sent[toldNote+StepDecrypt][coordinator]; ok {
		if err := json.Unmarshal(m, &opened); err != nil {
			return nil, internalError("trustee step", err)
		}
	}
	return st, a.setDeadline(ctx, tx, e, st, opened)
}

// awaitDecryptions tells the trustees whose decryption the tally of e
// waits for, or reminds them, and has the clock come back for the reminder.
// A tally of no ballot waits for none.
func (a *App) awaitDecryptions(ctx context.Context, tx Tx, e *Election, b *secretballot.Board, sent stepMessages) error {
	var st *trusteeStep
	if b.Counted > 0 && (b.MixNet == nil || b.MixNet.Closed && len(b.Partials) < b.Manifest.Threshold) {
		var err error
		if st, err = a.decryptStep(ctx, tx, e, b.Election.Key, sent); err != nil {
			return err
		}
	}
	if err := a.tellTrustees(ctx, tx, e, st, sent); err != nil {
		return err
	}
	return a.schedule(ctx, tx, e, st)
}

// tellTrustees tells the trustees due to take step st that it waits for
// them, the first time it does, and reminds once those who still have not
// taken it when its reminder comes. Nothing once the deadline has passed.
func (a *App) tellTrustees(ctx context.Context, tx Tx, e *Election, st *trusteeStep, sent stepMessages) error {
	if st == nil || len(st.Due) == 0 || st.Deadline.IsZero() || st.Overdue {
		return nil
	}
	m, ok := sent[toldNote+st.Step][coordinator]
	if !ok {
		return a.noticeTrustees(ctx, tx, e, st, toldNote, sent)
	}
	var told time.Time
	if err := json.Unmarshal(m, &told); err != nil {
		return internalError("trustee step", err)
	}
	if a.now().Before(st.Remind) || !told.Before(st.Remind) || sent[remindedNote+st.Step][coordinator] != nil {
		// Not yet time; or told so late that the notice was the reminder;
		// or reminded already.
		return nil
	}
	return a.noticeTrustees(ctx, tx, e, st, remindedNote, sent)
}

// noticeTrustees notes (note: toldNote or remindedNote) and sends the
// notice of step st to the trustees due to take it, each with their index.
func (a *App) noticeTrustees(ctx context.Context, tx Tx, e *Election, st *trusteeStep, note string, sent stepMessages) error {
	if err := a.openStep(ctx, tx, e, note+st.Step, sent); err != nil {
		return err
	}
	office, unit, err := officeOf(ctx, tx, e)
	if err != nil {
		return err
	}
	members, err := tx.Trustees(ctx, e.ID)
	if err != nil {
		return err
	}
	subject := "notice.trustee.due_subject"
	if note == remindedNote {
		subject = "notice.trustee.reminder_subject"
	}
	for _, j := range st.Due {
		if err := a.notify(ctx, tx, Notice{Kind: "election", To: []MemberID{members[j-1]}, Required: true,
			Subject: subject, Text: "notice.trustee." + st.Step + "." + strings.TrimSuffix(note, ":"),
			Args: []any{office, unit, st.Deadline, j}, Link: "/elections/" + e.ID.String() + "/trustee"}); err != nil {
			return err
		}
	}
	return nil
}
