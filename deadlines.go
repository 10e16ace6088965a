package plenum

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"plenum/crypto/dkg"
	"plenum/secretballot"
)

// An election goes on without trustees who do not take part, as long as a
// threshold of them does. Each step that waits for the trustees (their
// keys, their deals, the check of their shares, their answers to
// complaints, and after the vote their mixes of ranked ballots) waits for
// every trustee due to take it until its deadline, the constitution's
// trustees.deadline_hours after the step opened (for the key ceremony, and
// never before that long after the planned opening of the vote: the
// campaign is the trustees' time for it); a step every trustee took
// closes at once. At the deadline the step closes with the trustees
// who took it if they are at least the threshold (the keys, the deals and
// the mixes; checking and answering need no threshold, and a trustee who
// leaves a complaint unanswered is disqualified), the record says who did
// not (election.trustees_absent, and the end events of the secret-ballot
// record), and the election goes on. With fewer, the step stays open, the
// election is held with the reason, and the step closes as soon as the
// threshold have taken it.

// StepMix is a trustee's mix of the ranked ballots, sent as an event file.
const StepMix = "mix"

// coordinator is the trustee index under which plenum notes, as a
// TrusteeMessage, when it opened each step: its Sent is the step's
// opening, from which its deadline runs.
const coordinator = 0

// trusteeStep is the step under way, if any, and where it stands.
type trusteeStep struct {
	Step     string    // StepKeys, StepDeal, StepComplaints, StepReveals or StepMix
	Deadline time.Time // zero until the step is noted as open
	Due      []int     // trustees due to take it who have not
	Took     int       // trustees who took it, of those who could
	Overdue  bool      // the deadline has passed
	Remind   time.Time // when those still due are reminded: a quarter of its time left
}

// stepMessages are the trustees' messages, by step and trustee index.
type stepMessages map[string]map[int][]byte

func messagesByStep(msgs []*TrusteeMessage) stepMessages {
	sent := stepMessages{}
	for _, m := range msgs {
		if sent[m.Step] == nil {
			sent[m.Step] = map[int][]byte{}
		}
		sent[m.Step][m.Trustee] = m.Data
	}
	return sent
}

// complaints returns the complaints the trustees sent, by trustee order.
func (s stepMessages) complaints() ([]*dkg.Complaint, error) {
	var out []*dkg.Complaint
	for _, i := range sortedKeys(s[StepComplaints]) {
		if i == coordinator {
			continue
		}
		var cs []*dkg.Complaint
		if err := json.Unmarshal(s[StepComplaints][i], &cs); err != nil {
			return nil, internalError("complaints", err)
		}
		out = append(out, cs...)
	}
	return out, nil
}

func sortedKeys[V any](m map[int]V) []int {
	var ks []int
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// currentStep says which step e's record waits for, whom it waits for and
// until when, and notes the step's opening the first time it is asked.
// nil: no step waits for the trustees.
func (a *App) currentStep(ctx context.Context, tx Tx, e *Election, b *secretballot.Board, sent stepMessages) (*trusteeStep, error) {
	return a.stepOf(ctx, tx, e, b, sent, true)
}

// stepOf is currentStep; without open, it notes nothing (a step not yet
// noted has no deadline yet).
func (a *App) stepOf(ctx context.Context, tx Tx, e *Election, b *secretballot.Board, sent stepMessages, open bool) (*trusteeStep, error) {
	st := &trusteeStep{}
	switch {
	case b.Election == nil && !b.KeysClosed:
		st.Step = StepKeys
		for j := 1; j <= b.Manifest.Trustees; j++ {
			if _, ok := sent[StepKeys][j]; !ok {
				st.Due = append(st.Due, j)
			}
		}
		st.Took = b.Manifest.Trustees - len(st.Due)
	case b.Election == nil && !b.DealsClosed:
		st.Step = StepDeal
		for _, k := range b.Roster {
			if _, ok := sent[StepDeal][k.Index]; !ok {
				st.Due = append(st.Due, k.Index)
			}
		}
		st.Took = len(b.Roster) - len(st.Due)
	case b.Election == nil && b.Complaints == nil && sent[StepReveals][coordinator] == nil:
		st.Step = StepComplaints
		for _, c := range b.Commitments {
			if _, ok := sent[StepComplaints][c.From]; !ok {
				st.Due = append(st.Due, c.From)
			}
		}
	case b.Election == nil && b.Complaints == nil:
		st.Step = StepReveals
		cs, err := sent.complaints()
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if _, ok := sent[StepReveals][c.Against]; !ok && !slices.Contains(st.Due, c.Against) {
				st.Due = append(st.Due, c.Against)
			}
		}
		slices.Sort(st.Due)
	case b.MixNet != nil && b.MixNet.Ranked && !b.MixNet.Closed && e.Status == ElectionTally:
		st.Step, st.Due, st.Took = StepMix, b.MixNet.Absent, len(b.MixNet.Mixed)
	default:
		return nil, nil
	}
	opened := a.now()
	if m, ok := sent[st.Step][coordinator]; ok {
		if err := json.Unmarshal(m, &opened); err != nil {
			return nil, internalError("trustee step", err)
		}
	} else if !open {
		return st, nil
	} else if err := a.openStep(ctx, tx, e, st.Step, sent); err != nil {
		return nil, err
	}
	if st.Step != StepMix && opened.Before(e.Timeline.VotingOpen) {
		// Nobody is left out of the key ceremony before the vote was due
		// to open.
		opened = e.Timeline.VotingOpen
	}
	return st, a.setDeadline(ctx, tx, e, st, opened)
}

// setDeadline sets st's deadline, the constitution's trustees.deadline_hours
// after opened, and when those still due are reminded of it.
func (a *App) setDeadline(ctx context.Context, tx Tx, e *Election, st *trusteeStep, opened time.Time) error {
	c, err := a.charter(ctx, tx, e.Org)
	if err != nil {
		return err
	}
	period := time.Duration(c.Trustees.DeadlineHours) * time.Hour
	st.Deadline = opened.Add(period)
	st.Remind = st.Deadline.Add(-period / 4)
	st.Overdue = !a.now().Before(st.Deadline)
	return nil
}

// openStep notes that step opens now.
func (a *App) openStep(ctx context.Context, tx Tx, e *Election, step string, sent stepMessages) error {
	now := a.now()
	data, _ := json.Marshal(now)
	if err := tx.AddTrusteeMessage(ctx, &TrusteeMessage{Election: e.ID, Trustee: coordinator, Step: step, Data: data, Sent: now}); err != nil {
		return err
	}
	if sent[step] == nil {
		sent[step] = map[int][]byte{}
	}
	sent[step][coordinator] = data
	return nil
}

// trusteeNames names trustees by index, "Ana Ruiz (trustee 2), …"; and
// without the words, "Ana Ruiz (2), …".
func trusteeNames(ctx context.Context, tx Tx, e *Election, idx []int) (words, plain string, ids []MemberID, err error) {
	members, err := tx.Trustees(ctx, e.ID)
	if err != nil {
		return "", "", nil, err
	}
	var names, short []string
	for _, j := range idx {
		m, err := tx.Member(ctx, members[j-1])
		if err != nil {
			return "", "", nil, err
		}
		names, ids = append(names, fmt.Sprintf("%s (trustee %d)", m.Name, j)), append(ids, m.ID)
		short = append(short, fmt.Sprintf("%s (%d)", m.Name, j))
	}
	return strings.Join(names, ", "), strings.Join(short, ", "), ids, nil
}

// stepWords says what a step is, in words.
var stepWords = map[string]string{
	StepKeys:       "their public keys",
	StepDeal:       "their shares",
	StepComplaints: "the check of their shares",
	StepReveals:    "the answers to complaints about their shares",
	StepMix:        "their mixes of the ranked ballots",
}

// closeStep closes st at its deadline without the trustees absent: it
// records who they were and appends the record's end event, if any.
func (a *App) closeStep(ctx context.Context, tx Tx, e *Election, st *trusteeStep, end string, absent []int) error {
	if len(absent) > 0 {
		names, _, ids, err := trusteeNames(ctx, tx, e, absent)
		if err != nil {
			return err
		}
		if _, err := a.appendRecord(ctx, tx, change{Type: "election.trustees_absent", Actor: System, Org: e.Org, Unit: e.Unit,
			Payload: map[string]any{"election": e.ID, "step": st.Step, "absent": absent, "members": ids, "deadline": st.Deadline,
				"reason": fmt.Sprintf("the deadline passed without %s from %s: the election goes on without them", stepWords[st.Step], names)}}); err != nil {
			return err
		}
		if end != "" {
			if err := a.appendChecked(ctx, tx, e.ID, end, secretballot.Absent{Absent: absent}, nil); err != nil {
				return err
			}
		}
	}
	if e.Hold != "" {
		// A hold for too few trustees no longer stands.
		e.Hold = ""
		due, _ := e.due()
		return tx.UpdateElection(ctx, e, due)
	}
	return nil
}

// holdStep holds e at st's deadline: fewer than the threshold took the step.
func (a *App) holdStep(ctx context.Context, tx Tx, e *Election, st *trusteeStep, threshold int) error {
	reason, why, err := stepWaiting(ctx, tx, e, st, threshold)
	if err != nil {
		return err
	}
	return a.hold(ctx, tx, e, reason, why)
}

// stepWaiting says whom st waits for, and until when: in English, and in
// words a page translates (keys ceremony.wait.STEP, with the trustees'
// names; STEP_until, also the deadline and the threshold; STEP_few, the
// names, how many took the step and the threshold).
func stepWaiting(ctx context.Context, tx Tx, e *Election, st *trusteeStep, threshold int) (string, Phrase, error) {
	names, plain, _, err := trusteeNames(ctx, tx, e, st.Due)
	key := "ceremony.wait." + st.Step
	switch {
	case err != nil:
		return "", Phrase{}, err
	case st.Overdue && st.Took < threshold && st.Step != StepComplaints && st.Step != StepReveals:
		return fmt.Sprintf("too few trustees: the deadline passed with %s from %d trustees, %d are needed; waiting for %s",
			stepWords[st.Step], st.Took, threshold, names), Phrase{Key: key + "_few", Args: []any{plain, st.Took, threshold}}, nil
	case st.Deadline.IsZero():
		return stepWords[st.Step] + " from " + names, Phrase{Key: key, Args: []any{plain}}, nil
	}
	return fmt.Sprintf("%s from %s (the step closes without them at %s if %d trustees took it)",
			stepWords[st.Step], names, st.Deadline.Format(time.RFC3339), threshold),
		Phrase{Key: key + "_until", Args: []any{plain, st.Deadline, threshold}}, nil
}

// schedule has the clock look at e at its next date, or at the deadline of
// the step under way (or first at its reminder) if that comes first.
func (a *App) schedule(ctx context.Context, tx Tx, e *Election, st *trusteeStep) error {
	due, byClock := e.due()
	if !byClock {
		due = time.Time{}
	}
	if st != nil && !st.Overdue {
		next := st.Deadline
		if a.now().Before(st.Remind) {
			next = st.Remind
		}
		if due.IsZero() || next.Before(due) {
			due = next
		}
	}
	return tx.UpdateElection(ctx, e, due)
}

// TrusteeDeadlines closes the step of election id's trustees whose
// deadline has passed, and moves the record on. The clock calls it.
// Errors: NotFound.
func (a *App) TrusteeDeadlines(ctx context.Context, id ElectionID) error {
	err := a.serialized(ctx, func(tx Tx) error {
		e, err := tx.Election(ctx, id)
		if err != nil {
			return err
		}
		if n, _, err := tx.BallotHead(ctx, id); err != nil || n == 0 || (e.Status != ElectionCampaign && e.Status != ElectionTally) {
			return err
		}
		return a.advanceRecord(ctx, tx, e)
	})
	return wrap("trustee deadlines", err)
}
