package trustee

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing/fstest"

	"plenum/crypto/dkg"
	"plenum/secretballot"
)

// A Client takes the steps due from a trustee of one election.
type Client struct {
	API      API
	Election int64
	// State is the trustee's secrets: nil for a trustee who starts, whose
	// keys the first step makes.
	State *State
	// Save keeps the state (sealed, where the trustee keeps it): it is
	// called before the server hears of a step that changed it.
	Save func(*State) error
	// Sent, if set, hears of each step sent.
	Sent func(step string)
}

// Progress says where the trustee's part stands after a pass.
type Progress struct {
	// Done: the trustee's part of the current phase is done.
	Done bool
	// Wait is what the trustee waits for: WaitCeremony (Detail says for
	// whom), WaitVote (after the ceremony), WaitMix (Detail: the qualified
	// trustees who mixed, "1 of 3"), WaitResult (the decryption is in;
	// Detail: the election's status), WaitNoBallots (the vote closed
	// without a ballot: there is nothing to decrypt; Detail: the
	// election's status), or WaitLeft (the election goes on without the
	// trustee; Detail: why).
	Wait   string
	Detail string
}

// What a trustee may wait for.
const (
	WaitCeremony  = "ceremony"
	WaitVote      = "vote"
	WaitMix       = "mix"
	WaitResult    = "result"
	WaitNoBallots = "no_ballots"
	WaitLeft      = "left"
)

func (p Progress) String() string {
	switch p.Wait {
	case WaitCeremony:
		return "the key ceremony waits for " + p.Detail
	case WaitVote:
		return "the key ceremony is complete and your share of the election key is in your state; run again after the vote closes"
	case WaitMix:
		return "the mix-net waits for another trustee's mix (" + p.Detail + " done)"
	case WaitLeft:
		return "the election goes on without you: " + p.Detail
	case WaitNoBallots:
		return "no ballots were cast: there is nothing to decrypt, and the result is in the record; " + p.Detail
	}
	return "your decryption is in; " + p.Detail
}

// Pass takes every step due now, and says what the trustee waits for.
func (c *Client) Pass(ctx context.Context) (Progress, error) {
	for {
		step, p, err := c.step(ctx)
		if err != nil || step == "" {
			return p, err
		}
		if c.Sent != nil {
			c.Sent(step)
		}
	}
}

// ceremony is what GET /api/v1/elections/{id}/trustees says.
type ceremony struct {
	Status   string `json:"status"`
	Hold     string `json:"hold"`
	Waiting  string `json:"waiting"`
	Trustees []struct {
		Index  int `json:"index"`
		Member struct {
			ID string `json:"id"`
		} `json:"member"`
		Sent   []string `json:"sent"`
		Absent string   `json:"absent"`
	} `json:"trustees"`
	Complaints []*dkg.Complaint `json:"complaints"`
	Step       string           `json:"step"` // the trustees' step under way
}

// stands says where the election stands once the trustee's part is done.
func (cs *ceremony) stands() string {
	if cs.Hold != "" {
		return cs.Hold
	}
	return "the election is in " + cs.Status
}

func (c *Client) get(ctx context.Context, path string, v any) error {
	b, err := c.API.Do(ctx, "GET", path, nil)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func (c *Client) path(step string, index int) string {
	return fmt.Sprintf("/api/v1/elections/%d/trustees/%d/%s", c.Election, index, step)
}

// step takes the next step due, if any, and names it.
func (c *Client) step(ctx context.Context) (string, Progress, error) {
	var me struct {
		Member *struct {
			ID string `json:"id"`
		} `json:"member"`
	}
	var cs ceremony
	if err := c.get(ctx, "/api/v1/session", &me); err != nil {
		return "", Progress{}, err
	}
	if err := c.get(ctx, fmt.Sprintf("/api/v1/elections/%d/trustees", c.Election), &cs); err != nil {
		return "", Progress{}, err
	}
	index, sent, absent := 0, []string(nil), ""
	for _, tr := range cs.Trustees {
		if me.Member != nil && tr.Member.ID == me.Member.ID {
			index, sent, absent = tr.Index, tr.Sent, tr.Absent
		}
	}
	if index == 0 {
		return "", Progress{}, fmt.Errorf("you are not a trustee of election %d", c.Election)
	}
	archive, err := c.API.Do(ctx, "GET", fmt.Sprintf("/api/v1/elections/%d/record", c.Election), nil)
	if err != nil {
		return "", Progress{}, err
	}
	fsys, err := ReadRecord(bytes.NewReader(archive))
	if err != nil {
		return "", Progress{}, err
	}
	b, err := secretballot.ReadBoard(fsys)
	if err != nil {
		return "", Progress{}, fmt.Errorf("the server's record does not verify: %w", err)
	}
	has := func(s string) bool { return slices.Contains(sent, s) }
	if err := c.own(index, has("keys"), b); err != nil {
		return "", Progress{}, err
	}
	st := c.State
	send := func(step string, v any) (string, Progress, error) {
		data, err := json.Marshal(v)
		if err == nil {
			err = c.Save(st) // the state is kept before the server hears of the step
		}
		if err == nil {
			_, err = c.API.Do(ctx, "POST", c.path(step, index), data)
		}
		return step, Progress{}, err
	}
	switch {
	case absent != "" && (b.Election == nil || !b.Election.Key.Qualified(index)):
		// A step closed at its deadline without the trustee.
		return "", Progress{Done: true, Wait: WaitLeft, Detail: absent}, nil
	case !has("keys"):
		keys, err := st.Identity.Public()
		if err != nil {
			return "", Progress{}, err
		}
		return send("keys", secretballot.TrusteePayload{Keys: keys})
	case b.Election == nil && b.KeysClosed && !has("deal"):
		out, err := st.Deal(b)
		if err != nil {
			return "", Progress{}, err
		}
		return send("deal", out)
	case b.Election == nil && cs.Step == "complaints" && !has("complaints"):
		out, err := st.Check(b)
		if err != nil {
			return "", Progress{}, err
		}
		return send("complaints", out)
	case b.Election == nil && cs.Step == "reveals" && !has("reveals") && slices.ContainsFunc(cs.Complaints, func(c *dkg.Complaint) bool { return c.Against == index }):
		rs, err := st.Answer(cs.Complaints)
		if err != nil {
			return "", Progress{}, err
		}
		return send("reveals", rs)
	case b.Election == nil:
		return "", Progress{Wait: WaitCeremony, Detail: cs.Waiting}, nil
	case st.KeyShare == nil:
		// The key is set: the trustee keeps their share of it.
		if _, err := st.Finish(b); err != nil {
			return "", Progress{}, err
		}
		if err := c.Save(st); err != nil {
			return "", Progress{}, err
		}
		return c.step(ctx)
	case b.Tally == nil:
		return "", Progress{Done: true, Wait: WaitVote}, nil
	case b.Counted == 0:
		return "", Progress{Done: true, Wait: WaitNoBallots, Detail: cs.stands()}, nil
	case has("decrypt"):
		return "", Progress{Done: true, Wait: WaitResult, Detail: cs.stands()}, nil
	}
	return c.tally(ctx, index, b, fsys)
}

// tally mixes the ranked ballots (each question the trustee has not mixed,
// from the last mix in the record) while the mix-net is open, then
// decrypts the tally.
func (c *Client) tally(ctx context.Context, index int, b *secretballot.Board, fsys fstest.MapFS) (string, Progress, error) {
	if mn := b.MixNet; !mn.Closed {
		waiting := Progress{Wait: WaitMix, Detail: fmt.Sprintf("%d of %d", len(mn.Mixed), len(mn.Mixed)+len(mn.Absent))}
		job, err := secretballot.NextMix(fsys, index, secretballot.VerifyOptions{})
		if err != nil {
			return "", waiting, nil // this trustee has mixed
		}
		file, err := job.File(rand.Reader)
		if err == nil {
			_, err = c.API.Do(ctx, "POST", c.path("mix", index), bytes.TrimSuffix(file, []byte("\n")))
		}
		if e := (*Error)(nil); errors.As(err, &e) && e.Kind == "conflict" {
			// Another trustee's mix went in first: the next pass mixes
			// from it.
			return "", waiting, nil
		}
		return "mix", Progress{}, err
	}
	pd, err := b.Election.PartiallyDecrypt(rand.Reader, c.State.KeyShare, b.Tally)
	if err != nil {
		return "", Progress{}, err
	}
	rds, err := secretballot.DecryptRanked(rand.Reader, fsys, c.State.KeyShare)
	if err != nil {
		return "", Progress{}, err
	}
	data, err := json.Marshal(map[string]any{"partial": pd, "ranked": rds})
	if err == nil {
		_, err = c.API.Do(ctx, "POST", c.path("decrypt", index), data)
	}
	return "decrypt", Progress{}, err
}

// own makes the trustee's keys if they start, or checks that the state is
// theirs: trustee index's, with the keys they registered.
func (c *Client) own(index int, registered bool, b *secretballot.Board) error {
	if c.State == nil {
		if registered {
			return fmt.Errorf("trustee %d's keys are registered: their state (the file kept when they were made) is needed to go on", index)
		}
		id, err := dkg.NewIdentity(rand.Reader, index)
		if err != nil {
			return err
		}
		c.State = &State{Identity: id}
		return nil
	}
	if c.State.Identity.Index != index {
		return fmt.Errorf("this state is trustee %d's, not trustee %d's", c.State.Identity.Index, index)
	}
	keys, err := c.State.Identity.Public()
	if err != nil {
		return err
	}
	for _, k := range b.Roster {
		if k.Index == index && !bytes.Equal(k.SigningKey, keys.SigningKey) {
			return errors.New("this state's keys are not the ones this trustee registered: it is another election's")
		}
	}
	return nil
}
