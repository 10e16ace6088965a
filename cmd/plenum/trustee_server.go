package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"plenum/crypto/dkg"
	"plenum/secretballot"
)

const trusteeRunUsage = `plenum trustee run --server URL --election ID --email ADDRESS --state FILE
       [--password-file F] [--passphrase-file F] [--wait]

Takes every step of an election that is due from you as its trustee,
against a plenum server: it logs in as you, downloads the election's record,
verifies it, and sends what the step produces. Your secrets stay in the state
FILE, sealed with your passphrase (made at the first run): only public,
signed messages reach the server.

  key ceremony  your keys; your shares, encrypted to each other trustee;
                your check of the shares dealt to you; your answers to
                complaints against you; then your share of the election key,
                kept in the state file
  after the vote
                your mix of ranked ballots when your turn comes; your
                decryption of the tally, with proofs

Without --wait it stops when nothing more is due now and says what it waits
for; with --wait it polls until your part of the current phase is done.
The login password comes from --password-file or $PLENUM_PASSWORD; the
passphrase from --passphrase-file or $PLENUM_TRUSTEE_PASSPHRASE.`

func runTrusteeRun(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum trustee run", trusteeRunUsage)
	sf := addServerFlags(fs)
	tf := addTrusteeFlags(fs, false)
	wait := fs.Bool("wait", false, "poll until your part of the current phase is done")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *tf.state == "" {
		return usageError{"plenum trustee run: --state is required"}
	}
	c, err := sf.login(ctx, env, "plenum trustee run")
	if err != nil {
		return fmt.Errorf("trustee run: %w", err)
	}
	t := &serverTrustee{c: c, env: env, id: *sf.election, flags: tf}
	for {
		done, waiting, err := t.pass(ctx)
		if err != nil {
			return fmt.Errorf("trustee run: %w", err)
		}
		if done || !*wait {
			fmt.Fprintln(env.Stdout, waiting)
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(trusteePoll):
		}
	}
}

// trusteePoll is how often run --wait looks again.
var trusteePoll = 5 * time.Second

// serverTrustee is a trustee working against a server.
type serverTrustee struct {
	c     *apiClient
	env   *Env
	id    int64
	flags trusteeFlags
}

// ceremonyState is what GET /api/v1/elections/{id}/trustees says.
type ceremonyState struct {
	Status   string `json:"status"`
	Hold     string `json:"hold"`
	Waiting  string `json:"waiting"`
	Key      bool   `json:"key"`
	Trustees []struct {
		Index  int `json:"index"`
		Member struct {
			ID string `json:"id"`
		} `json:"member"`
		Sent   []string `json:"sent"`
		Absent string   `json:"absent"`
	} `json:"trustees"`
	Complaints []*dkg.Complaint `json:"complaints"`
	Decryption string           `json:"decryption"`
	Step       string           `json:"step"` // the trustees' step under way
}

// pass takes every step due now. It returns whether this trustee's part
// of the current phase is done, and what it waits for.
func (t *serverTrustee) pass(ctx context.Context) (bool, string, error) {
	for {
		step, done, waiting, err := t.step(ctx)
		if err != nil || step == "" {
			return done, waiting, err
		}
		fmt.Fprintf(t.env.Stderr, "sent %s\n", step)
	}
}

// step takes the next step due, if any, and names it.
func (t *serverTrustee) step(ctx context.Context) (step string, done bool, waiting string, err error) {
	var me struct {
		Member *struct {
			ID string `json:"id"`
		} `json:"member"`
	}
	var cs ceremonyState
	if err := t.c.get(ctx, "/api/v1/session", &me); err != nil {
		return "", false, "", err
	}
	if err := t.c.get(ctx, fmt.Sprintf("/api/v1/elections/%d/trustees", t.id), &cs); err != nil {
		return "", false, "", err
	}
	index, sent := 0, []string(nil)
	for _, tr := range cs.Trustees {
		if me.Member != nil && tr.Member.ID == me.Member.ID {
			index, sent = tr.Index, tr.Sent
		}
	}
	if index == 0 {
		return "", false, "", fmt.Errorf("you are not a trustee of election %d", t.id)
	}
	dir, err := os.MkdirTemp("", "plenum-record-")
	if err != nil {
		return "", false, "", err
	}
	defer os.RemoveAll(dir)
	if err := t.c.record(ctx, t.id, dir); err != nil {
		return "", false, "", err
	}
	b, err := secretballot.ReadBoard(os.DirFS(dir))
	if err != nil {
		return "", false, "", fmt.Errorf("the server's record does not verify: %w", err)
	}
	st, pass, err := t.state(index, !slices.Contains(sent, "keys"))
	if err != nil {
		return "", false, "", err
	}
	has := func(s string) bool { return slices.Contains(sent, s) }
	send := func(s string, v any) (string, bool, string, error) {
		data, err := json.Marshal(v)
		if err == nil {
			// The state is kept before the server hears of the step.
			err = t.flags.save(st, pass, workFactor(t.env))
		}
		if err == nil {
			err = t.c.post(ctx, fmt.Sprintf("/api/v1/elections/%d/trustees/%d/%s", t.id, index, s), data, nil)
		}
		return s, false, "", err
	}
	inRoster := slices.ContainsFunc(b.Roster, func(k dkg.TrusteeKeys) bool { return k.Index == index })
	dealt := slices.ContainsFunc(b.Commitments, func(c *dkg.Commitment) bool { return c.From == index })
	left := func(why string) (string, bool, string, error) {
		return "", true, "the key ceremony went on without you: " + why + " before the step's deadline; the election commission may name a replacement", nil
	}
	switch {
	case b.Election == nil && b.KeysClosed && !inRoster:
		return left("you sent no keys")
	case b.Election == nil && b.DealsClosed && !dealt:
		return left("you dealt no shares")
	case !has("keys"):
		keys, err := st.Identity.Public()
		if err != nil {
			return "", false, "", err
		}
		return send("keys", secretballot.TrusteePayload{Keys: keys})
	case b.Election == nil && b.KeysClosed && !has("deal"):
		out, err := trusteeDeal(st, b)
		if err != nil {
			return "", false, "", err
		}
		return send("deal", out)
	case b.Election == nil && cs.Step == "complaints" && !has("complaints"):
		out, err := trusteeCheck(st, b)
		if err != nil {
			return "", false, "", err
		}
		return send("complaints", out)
	case b.Election == nil && cs.Step == "reveals" && !has("reveals") && slices.ContainsFunc(cs.Complaints, func(c *dkg.Complaint) bool { return c.Against == index }):
		if st.Participant == nil {
			return "", false, "", errors.New("this trustee has not dealt")
		}
		rs, err := st.Participant.Answer(cs.Complaints)
		if rs == nil {
			rs = []*dkg.Reveal{}
		}
		if err != nil {
			return "", false, "", err
		}
		return send("reveals", rs)
	case b.Election == nil:
		return "", false, "the key ceremony waits for " + cs.Waiting, nil
	case !b.Election.Key.Qualified(index):
		return "", true, "the election goes on without you: " + cs.Trustees[index-1].Absent, nil
	case st.KeyShare == nil:
		if _, err := trusteeFinish(st, b); err != nil {
			return "", false, "", err
		}
		if err := t.flags.save(st, pass, workFactor(t.env)); err != nil {
			return "", false, "", err
		}
		return "", b.Tally == nil, fmt.Sprintf("your share of the election key is in %s; run again after the vote closes", *t.flags.state), nil
	case b.Tally == nil:
		return "", true, "the key ceremony is complete; run again after the vote closes", nil
	case has("decrypt"):
		return "", true, "your decryption is in; " + statusLine(cs), nil
	}
	if !b.MixNet.Closed {
		return t.mix(ctx, dir, index, cs)
	}
	pd, err := b.Election.PartiallyDecrypt(rand.Reader, st.KeyShare, b.Tally)
	if err != nil {
		return "", false, "", err
	}
	rds, err := secretballot.DecryptRanked(rand.Reader, os.DirFS(dir), st.KeyShare)
	if err != nil {
		return "", false, "", err
	}
	return send("decrypt", map[string]any{"partial": pd, "ranked": rds})
}

// mix sends this trustee's mix of the next ranked question it has not
// mixed, from the record in dir; it waits once it has mixed every one.
func (t *serverTrustee) mix(ctx context.Context, dir string, index int, cs ceremonyState) (string, bool, string, error) {
	job, err := secretballot.NextMix(dir, index, secretballot.VerifyOptions{})
	if err != nil {
		return "", false, "the mix-net waits for the other trustees' mixes: " + cs.Decryption, nil
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		return "", false, "", err
	}
	if _, err := job.Run(rand.Reader, dir); err != nil {
		return "", false, "", err
	}
	file, err := os.ReadFile(filepath.Join(dir, secretballot.EventFileName(len(files), secretballot.EventMix)))
	if err != nil {
		return "", false, "", err
	}
	err = t.c.post(ctx, fmt.Sprintf("/api/v1/elections/%d/trustees/%d/mix", t.id, index), bytes.TrimSuffix(file, []byte("\n")), nil)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusConflict {
		// Another trustee's mix went in first: mix again from it.
		return "", false, "another trustee's mix went in first; run again to mix from it", nil
	}
	return "mix", false, "", err
}

func statusLine(cs ceremonyState) string {
	if cs.Hold != "" {
		return cs.Hold
	}
	return "the election is in " + cs.Status
}

// state opens the trustee's state file, or makes it with new keys when
// fresh is set and there is none.
func (t *serverTrustee) state(index int, fresh bool) (*trusteeState, string, error) {
	if _, err := os.Stat(*t.flags.state); errors.Is(err, os.ErrNotExist) && fresh {
		pass, err := t.flags.passphrase(t.env)
		if err != nil {
			return nil, "", err
		}
		id, err := dkg.NewIdentity(rand.Reader, index)
		if err != nil {
			return nil, "", err
		}
		return &trusteeState{Identity: id}, pass, nil
	}
	st, pass, err := t.flags.load(t.env)
	if err != nil {
		return nil, "", err
	}
	if st.Identity == nil || st.Identity.Index != index {
		return nil, "", fmt.Errorf("the state file %s is not trustee %d's", *t.flags.state, index)
	}
	return st, pass, nil
}
