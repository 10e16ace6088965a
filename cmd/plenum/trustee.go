package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"plenum/crypto/dkg"
	"plenum/secretballot"
	"plenum/trustee"
)

// A trustee works offline, on their own machine: their secrets stay in a
// state file sealed with a passphrase (dkg.SealSecret, an age file), and
// what they publish is printed as JSON for the election's coordinator to
// add to the record. The passphrase comes from the file --passphrase-file
// names, or from the variable PLENUM_TRUSTEE_PASSPHRASE.

type trusteeFlags struct {
	state, passFile, record *string
}

func addTrusteeFlags(fs interface {
	String(name, value, usage string) *string
}, record bool) trusteeFlags {
	f := trusteeFlags{
		state:    fs.String("state", "", "the trustee's sealed state `FILE`"),
		passFile: fs.String("passphrase-file", "", "read the passphrase from `FILE` (default: $PLENUM_TRUSTEE_PASSPHRASE)"),
	}
	if record {
		f.record = fs.String("record", "", "the election record `DIR`")
	}
	return f
}

func (f trusteeFlags) passphrase(env *Env) (string, error) {
	if *f.passFile != "" {
		b, err := os.ReadFile(*f.passFile)
		return strings.TrimRight(string(b), "\r\n"), err
	}
	if p := env.Getenv("PLENUM_TRUSTEE_PASSPHRASE"); p != "" {
		return p, nil
	}
	return "", usageError{"plenum trustee: give the passphrase with --passphrase-file or PLENUM_TRUSTEE_PASSPHRASE"}
}

func (f trusteeFlags) load(env *Env) (*trustee.State, string, error) {
	pass, err := f.passphrase(env)
	if err != nil {
		return nil, "", err
	}
	sealed, err := os.ReadFile(*f.state)
	if err != nil {
		return nil, "", err
	}
	st, err := trustee.Open(sealed, pass)
	if err != nil {
		return nil, "", fmt.Errorf("state file %s: %w", *f.state, err)
	}
	return st, pass, nil
}

// save seals st into the state file, replacing it whole.
func (f trusteeFlags) save(st *trustee.State, pass string, workFactor int) error {
	sealed, err := st.Seal(pass, workFactor)
	if err != nil {
		return err
	}
	tmp := *f.state + ".tmp"
	if err := os.WriteFile(tmp, sealed, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, *f.state)
}

func (f trusteeFlags) board() (*secretballot.Board, error) {
	if *f.record == "" {
		return nil, usageError{"plenum trustee: --record DIR is required"}
	}
	return secretballot.ReadBoard(os.DirFS(*f.record))
}

// workFactor is scrypt's cost for state files; tests lower it with
// PLENUM_TRUSTEE_WORK_FACTOR.
func workFactor(env *Env) int {
	var n int
	fmt.Sscan(env.Getenv("PLENUM_TRUSTEE_WORK_FACTOR"), &n)
	return n
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

const trusteeKeygenUsage = `plenum trustee keygen --index I --state FILE [--passphrase-file F]

Makes trustee I's signing and encryption keys, seals them in a new state
FILE under the passphrase, and prints the registration (the payload of the
record's trustee event) for the coordinator to publish.`

func runTrusteeKeygen(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum trustee keygen", trusteeKeygenUsage)
	index := fs.Int("index", 0, "the trustee's number, from 1")
	f := addTrusteeFlags(fs, false)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *index < 1 || *f.state == "" {
		return usageError{"plenum trustee keygen: --index (from 1) and --state are required"}
	}
	if _, err := os.Stat(*f.state); err == nil {
		return fmt.Errorf("trustee keygen: %s exists: refusing to replace a trustee's keys", *f.state)
	}
	pass, err := f.passphrase(env)
	if err != nil {
		return err
	}
	id, err := dkg.NewIdentity(rand.Reader, *index)
	if err != nil {
		return err
	}
	keys, err := id.Public()
	if err != nil {
		return err
	}
	if err := f.save(&trustee.State{Identity: id}, pass, workFactor(env)); err != nil {
		return fmt.Errorf("trustee keygen: %w", err)
	}
	return printJSON(env.Stdout, secretballot.TrusteePayload{Keys: keys})
}

const trusteeShareUsage = `plenum trustee share --step deal|check|answer|finish --record DIR --state FILE
       [--complaints FILE] [--passphrase-file F]

Takes one step of the trustees' key ceremony, reading the record so far:
  deal    once every trustee is registered: prints this trustee's commitment
          and its shares, encrypted to each other trustee (a dkg-shares payload)
  check   once every trustee has dealt: checks the shares sent to this
          trustee and prints its complaints (a JSON list, often empty)
  answer  prints this trustee's answers to the complaints against it, which
          the coordinator gathered in --complaints FILE (a JSON list)
  finish  once the election key is in the record: keeps this trustee's
          share of the key in the state file and prints its verification key`

func runTrusteeShare(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum trustee share", trusteeShareUsage)
	step := fs.String("step", "", "deal, check, answer or finish")
	complaints := fs.String("complaints", "", "for answer: the complaints `FILE`")
	f := addTrusteeFlags(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, pass, err := f.load(env)
	if err != nil {
		return fmt.Errorf("trustee share: %w", err)
	}
	b, err := f.board()
	if err != nil {
		return fmt.Errorf("trustee share: %w", err)
	}
	var out any
	switch *step {
	case "deal":
		out, err = st.Deal(b)
	case "check":
		out, err = st.Check(b)
	case "answer":
		out, err = trusteeAnswer(st, *complaints)
	case "finish":
		out, err = st.Finish(b)
	default:
		return usageError{"plenum trustee share: --step must be deal, check, answer or finish"}
	}
	if err == nil {
		err = f.save(st, pass, workFactor(env))
	}
	if err != nil {
		return fmt.Errorf("trustee share %s: %w", *step, err)
	}
	return printJSON(env.Stdout, out)
}

func trusteeAnswer(st *trustee.State, file string) (any, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var cs []*dkg.Complaint
	if err := json.Unmarshal(data, &cs); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return st.Answer(cs)
}

const trusteeDecryptUsage = `plenum trustee decrypt --record DIR --state FILE [--passphrase-file F]

Once the record holds the encrypted tally, computes this trustee's partial
decryption of it, with a proof for each ciphertext, and prints it (a
partial-decryption payload) for the coordinator to publish.`

func runTrusteeDecrypt(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum trustee decrypt", trusteeDecryptUsage)
	f := addTrusteeFlags(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, _, err := f.load(env)
	if err != nil {
		return fmt.Errorf("trustee decrypt: %w", err)
	}
	b, err := f.board()
	if err != nil {
		return fmt.Errorf("trustee decrypt: %w", err)
	}
	if st.KeyShare == nil || b.Tally == nil {
		return errors.New("trustee decrypt: no key share in the state file (run share --step finish), or no tally in the record yet")
	}
	pd, err := b.Election.PartiallyDecrypt(rand.Reader, st.KeyShare, b.Tally)
	if err != nil {
		return fmt.Errorf("trustee decrypt: %w", err)
	}
	return printJSON(env.Stdout, pd)
}
