package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"plenum/secretballot"
)

const voteUsage = `plenum vote --server URL --election ID --email ADDRESS [--password-file F]
       [--credential-file F] [--audit | --register] [CANDIDATE...]

Votes from a terminal in a secret-ballot election: the ballot is encrypted
and signed here, with the project's own code, and only the encrypted ballot
reaches the server. CANDIDATEs are names (or option numbers, as listed) in
your order of preference; for a vote that is not ranked, the ones you mark.
Without CANDIDATEs it shows the ballot and your status.

  --audit     encrypt the ballot and open it instead of casting it
              (cast-or-audit): the server publishes it, never counts it,
              and this command checks that it encrypts your choice; then
              vote again without --audit
  --register  during the campaign, make a credential of your own, keep its
              secret in --credential-file (created, mode 0600) and register
              its public half, so that no one else ever holds it

Your credential is the one plenum issued you (shown only to you), or the
secret in --credential-file. The password comes from --password-file or
$PLENUM_PASSWORD.`

// boothState is what GET /api/v1/elections/{id}/booth says.
type boothState struct {
	Manifest    json.RawMessage `json:"manifest"`
	ElectionKey json.RawMessage `json:"election_key"`
	Fingerprint string          `json:"fingerprint"`
	Explanation string          `json:"explanation"`
	Open        bool            `json:"open"`
	Candidates  []struct {
		Option int    `json:"option"`
		Name   string `json:"name"`
	} `json:"candidates"`
	Voter struct {
		OnRoll     bool   `json:"on_roll"`
		Credential string `json:"credential"`
		Own        bool   `json:"own_credential"`
		Voted      bool   `json:"voted"`
		CanCast    bool   `json:"can_cast"`
	} `json:"voter"`
}

func runVote(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum vote", voteUsage)
	sf := addServerFlags(fs)
	credFile := fs.String("credential-file", "", "your own secret credential's `FILE`")
	audit := fs.Bool("audit", false, "audit a ballot instead of casting it")
	register := fs.Bool("register", false, "make and register a credential of your own")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, err := sf.login(ctx, env, "plenum vote")
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	var bs boothState
	if err := c.get(ctx, fmt.Sprintf("/api/v1/elections/%d/booth", *sf.election), &bs); err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	if *register {
		return registerCredential(ctx, env, c, *sf.election, &bs, *credFile)
	}
	if fs.NArg() == 0 {
		printBallot(env, &bs)
		return nil
	}
	if bs.ElectionKey == nil || string(bs.ElectionKey) == "null" {
		return errors.New("vote: the key ceremony is not complete: the vote has not opened")
	}
	se, err := secretballot.ParseBooth(mustJSON(map[string]json.RawMessage{"manifest": bs.Manifest, "election_key": bs.ElectionKey}))
	if err != nil {
		return fmt.Errorf("vote: the server's booth does not check: %w", err)
	}
	choice, err := choose(&bs, fs.Args())
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	cred, err := credentialOf(&bs, *credFile)
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	line, op, err := se.EncryptBallot(rand.Reader, cred, []secretballot.Choice{choice})
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	path := fmt.Sprintf("/api/v1/elections/%d/ballots", *sf.election)
	if *audit {
		if line, err = secretballot.AuditLine(line, op); err != nil {
			return err
		}
		_, _, opened, err := se.CheckAudit(line)
		if err != nil || fmt.Sprint(opened[0]) != fmt.Sprint(choice) {
			return fmt.Errorf("vote: the audited ballot does not open to your choice: %v", err)
		}
		path = fmt.Sprintf("/api/v1/elections/%d/audits", *sf.election)
	}
	var rc struct {
		Tracker string `json:"tracker"`
		Event   int    `json:"event"`
	}
	if err := c.post(ctx, path, line, &rc); err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	if *audit {
		fmt.Fprintf(env.Stdout, "Audited, not cast: the ballot opened to your choice and is published in event %d (tracker %s). Vote again to cast.\n", rc.Event, rc.Tracker)
		return nil
	}
	fmt.Fprintf(env.Stdout, "Cast. Your ballot tracker: %s (event %d of the election's record).\n", rc.Tracker, rc.Event)
	return nil
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func printBallot(env *Env, bs *boothState) {
	fmt.Fprintln(env.Stdout, bs.Explanation)
	for _, c := range bs.Candidates {
		fmt.Fprintf(env.Stdout, "  %d  %s\n", c.Option+1, c.Name)
	}
	switch {
	case !bs.Voter.OnRoll:
		fmt.Fprintln(env.Stdout, "You are not on the roll of voters (yet: the roll is made when the vote opens).")
	case bs.Voter.Voted:
		fmt.Fprintln(env.Stdout, "You have voted.")
	case bs.Voter.CanCast:
		fmt.Fprintln(env.Stdout, "The vote is open: name your candidates in order of preference.")
	default:
		fmt.Fprintln(env.Stdout, "The vote is not open.")
	}
}

// choose turns names or option numbers into the options of a choice.
func choose(bs *boothState, args []string) (secretballot.Choice, error) {
	var ch secretballot.Choice
	for _, a := range args {
		found := -1
		for _, c := range bs.Candidates {
			if strings.EqualFold(strings.TrimSpace(a), c.Name) || a == strconv.Itoa(c.Option+1) {
				found = c.Option
			}
		}
		if found < 0 {
			return nil, fmt.Errorf("no candidate %q on the ballot", a)
		}
		ch = append(ch, found)
	}
	return ch, nil
}

// credentialOf is the voter's secret credential.
func credentialOf(bs *boothState, file string) (secretballot.SecretCredential, error) {
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return secretballot.SecretCredential{}, err
		}
		return secretballot.ParseSecretCredential(strings.TrimSpace(string(b)))
	case bs.Voter.Credential != "":
		return secretballot.ParseSecretCredential(bs.Voter.Credential)
	case bs.Voter.Own:
		return secretballot.SecretCredential{}, errors.New("you registered your own credential: give its file with --credential-file")
	}
	return secretballot.SecretCredential{}, errors.New("you are not on the roll of voters")
}

func registerCredential(ctx context.Context, env *Env, c *apiClient, id int64, bs *boothState, file string) error {
	if file == "" {
		return usageError{"plenum vote --register: --credential-file is required"}
	}
	var fp secretballot.Hash
	if err := fp.UnmarshalJSON([]byte(strconv.Quote(bs.Fingerprint))); err != nil {
		return fmt.Errorf("vote: fingerprint: %w", err)
	}
	cred, err := secretballot.NewCredential(rand.Reader)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	if _, err := fmt.Fprintln(f, cred.String()); err != nil || f.Close() != nil {
		return fmt.Errorf("vote: write %s: %v", file, err)
	}
	pub := cred.Public(fp)
	body, _ := json.Marshal(map[string]any{"credential": pub})
	if err := c.post(ctx, fmt.Sprintf("/api/v1/elections/%d/credential", id), body, nil); err != nil {
		os.Remove(file)
		return fmt.Errorf("vote: %w", err)
	}
	fmt.Fprintf(env.Stdout, "Registered. Keep %s: it is the only copy of your credential, and you need it to vote.\n", file)
	return nil
}
