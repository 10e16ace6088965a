package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"plenum/crypto/dkg"
	"plenum/secretballot"
)

// trusteeCLI runs plenum as a trustee, with the passphrase in the
// environment and a cheap scrypt cost.
func trusteeCLI(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
		return map[string]string{"PLENUM_TRUSTEE_PASSPHRASE": "correct horse", "PLENUM_TRUSTEE_WORK_FACTOR": "10"}[k]
	}}
	if err := run(context.Background(), append([]string{"trustee"}, args...), env); err != nil {
		t.Fatalf("plenum trustee %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

func decodeInto[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%v: %s", err, s)
	}
	return v
}

// An election whose three trustees each work with plenum trustee on their
// own state file, with a coordinator who only relays what they publish.
func TestOfflineTrustees(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "record")
	w, err := secretballot.CreateRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	m := secretballot.Manifest{ID: "offline", Title: "Offline trustees", Group: secretballot.GroupName, Trustees: 3, Threshold: 2,
		Questions: []secretballot.Question{{ID: "chair", Title: "Chair", Kind: secretballot.Plurality, Options: []string{"Ann", "Bo", "Cy"}, Min: 1, Max: 1, Seats: 1}}}
	fingerprint, err := w.Append(secretballot.EventElection, secretballot.ElectionPayload{Manifest: m})
	if err != nil {
		t.Fatal(err)
	}
	state := func(i int) string { return filepath.Join(dir, "trustee"+strconv.Itoa(i)+".age") }
	appendPayload := func(typ string, v any) {
		t.Helper()
		if _, err := w.Append(typ, v); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 3; i++ {
		out := trusteeCLI(t, "keygen", "--index", strconv.Itoa(i), "--state", state(i))
		appendPayload(secretballot.EventTrustee, decodeInto[secretballot.TrusteePayload](t, out))
	}
	for i := 1; i <= 3; i++ {
		out := trusteeCLI(t, "share", "--step", "deal", "--record", rec, "--state", state(i))
		appendPayload(secretballot.EventDKGShares, decodeInto[secretballot.DealPayload](t, out))
	}
	var complaints []*dkg.Complaint
	for i := 1; i <= 3; i++ {
		out := trusteeCLI(t, "share", "--step", "check", "--record", rec, "--state", state(i))
		complaints = append(complaints, decodeInto[[]*dkg.Complaint](t, out)...)
	}
	cfile := filepath.Join(dir, "complaints.json")
	b, _ := json.Marshal(complaints)
	os.WriteFile(cfile, b, 0o644)
	cp := secretballot.ComplaintsPayload{Complaints: complaints, Reveals: []*dkg.Reveal{}}
	for i := 1; i <= 3; i++ {
		out := trusteeCLI(t, "share", "--step", "answer", "--record", rec, "--state", state(i), "--complaints", cfile)
		cp.Reveals = append(cp.Reveals, decodeInto[[]*dkg.Reveal](t, out)...)
	}
	if cp.Complaints == nil {
		cp.Complaints = []*dkg.Complaint{}
	}
	appendPayload(secretballot.EventDKGComplaints, cp)
	board, err := secretballot.ReadBoard(os.DirFS(rec))
	if err != nil {
		t.Fatal(err)
	}
	res, err := dkg.Qualify(dkg.Params{Fingerprint: fingerprint[:], N: 3, T: 2}, board.Roster, board.Commitments, cp.Complaints, cp.Reveals)
	if err != nil {
		t.Fatal(err)
	}
	appendPayload(secretballot.EventElectionKey, res)
	for i := 1; i <= 3; i++ {
		trusteeCLI(t, "share", "--step", "finish", "--record", rec, "--state", state(i))
	}

	// Five voters: credentials, then ballots.
	board, _ = secretballot.ReadBoard(os.DirFS(rec))
	choices := []int{0, 2, 2, 1, 2}
	var pubs []secretballot.PublicCredential
	var lines [][]byte
	for v, c := range choices {
		cred := secretballot.SecretCredential{byte(v + 1)}
		pubs = append(pubs, cred.Public(fingerprint))
		line, _, err := board.Election.EncryptBallot(rand.Reader, cred, []secretballot.Choice{{c}})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
	}
	slices.SortFunc(pubs, func(a, b secretballot.PublicCredential) int { return bytes.Compare(a[:], b[:]) })
	ew, _ := w.Begin(secretballot.EventCredentials, secretballot.CredentialsPayload{}, len(pubs))
	for _, p := range pubs {
		ew.Add(p)
	}
	ew.Close()
	ew, _ = w.Begin(secretballot.EventBallots, struct{}{}, len(lines))
	for _, l := range lines {
		ew.AddLine(l)
	}
	ew.Close()
	board, err = secretballot.ReadBoard(os.DirFS(rec))
	if err != nil {
		t.Fatal(err)
	}
	appendPayload(secretballot.EventEndBallots, secretballot.EndBallots{Cast: board.Cast, Counted: board.Counted})
	appendPayload(secretballot.EventTally, board.Sums)

	// Trustees 3 and 1 decrypt; trustee 2 is away.
	for _, i := range []int{3, 1} {
		out := trusteeCLI(t, "decrypt", "--record", rec, "--state", state(i))
		appendPayload(secretballot.EventPartialDecryption, decodeInto[secretballot.PartialDecryption](t, out))
	}
	board, err = secretballot.ReadBoard(os.DirFS(rec))
	if err != nil {
		t.Fatal(err)
	}
	r, err := board.Election.Result(board.Tally, board.Partials, 5)
	if err != nil {
		t.Fatal(err)
	}
	appendPayload(secretballot.EventResult, r)

	out, _, err := runCLI(t, "verify", rec)
	if err != nil {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	if !strings.Contains(out, "elected [Cy]") || !strings.Contains(out, "decrypted by trustees [3 1]") {
		t.Errorf("verify says:\n%s", out)
	}
	// The state file is sealed: the wrong passphrase opens nothing.
	sealed, _ := os.ReadFile(state(1))
	if _, err := dkg.OpenSecret(sealed, "wrong"); err == nil {
		t.Error("the state file opens with the wrong passphrase")
	}
}
