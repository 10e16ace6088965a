package secretballot

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"filippo.io/edwards25519"
)

// Helpers that change a record the way an attacker with write access to it
// would, then (optionally) repair the hash chain so that the checks behind
// it are reached.

// eventLines returns the lines of the record's event of type typ (the
// n-th of that type), and its file name.
func eventLines(t testing.TB, dir, typ string, n int) (string, [][]byte) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if _, ty, ok := parseEventFileName(e.Name()); ok && ty == typ {
			if n == 0 {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				return e.Name(), bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
			}
			n--
		}
	}
	t.Fatalf("no %s event", typ)
	return "", nil
}

func writeLines(t *testing.T, dir, name string, lines [][]byte) {
	t.Helper()
	b := append(bytes.Join(lines, []byte("\n")), '\n')
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// rechain rewrites every header so that items count the lines after it and
// parent is the hash of the file before: a forger's repair of the chain.
func rechain(t *testing.T, dir string) {
	t.Helper()
	files, err := listEvents(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var parent Hash
	for _, f := range files {
		_, lines := eventLines(t, dir, f.typ, countBefore(files, f))
		var h Header
		if err := decodeCanonical(lines[0], &h); err != nil {
			t.Fatal(err)
		}
		h.Parent, h.Items = parent, len(lines)-1
		lines[0], _ = marshal(h)
		writeLines(t, dir, f.name, lines)
		b, _ := os.ReadFile(filepath.Join(dir, f.name))
		parent = fileHash(b)
	}
}

func countBefore(files []eventFile, f eventFile) int {
	n := 0
	for _, g := range files[:f.height] {
		if g.typ == f.typ {
			n++
		}
	}
	return n
}

// wantFailure verifies dir and checks the first failure's event type and
// that its text holds each of want.
func wantFailure(t *testing.T, dir, eventType string, want ...string) {
	t.Helper()
	_, err := Verify(os.DirFS(dir), VerifyOptions{})
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("verify: %v, want a failure in a %s event", err, eventType)
	}
	if _, typ, _ := parseEventFileName(e.Event); typ != eventType {
		t.Errorf("failure %q is not in a %s event", err, eventType)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("failure %q does not say %q", err, w)
		}
	}
}

// small is a small election with every kind of event.
var small = SimulateConfig{Voters: 6, Candidates: 3, Method: Plurality, Seats: 1, Trustees: 3, Threshold: 2, Audits: 1, Revotes: 1, Seed: []byte("small")}

func TestTamperedMiddleEventBreaksTheChain(t *testing.T) {
	dir, _ := simulate(t, small)
	name, lines := eventLines(t, dir, EventBallots, 0)
	lines[2] = bytes.Replace(lines[2], []byte(`"proof":"`), []byte(`"proof":"A`), 1)
	writeLines(t, dir, name, lines)
	files, _ := listEvents(os.DirFS(dir))
	h, _, _ := parseEventFileName(name)
	wantFailure(t, dir, files[h+1].typ, "parent", "chain is broken")
}

func TestDuplicatedBallot(t *testing.T) {
	dir, _ := simulate(t, small)
	name, lines := eventLines(t, dir, EventBallots, 0)
	lines = slices.Insert(lines, 3, lines[1])
	writeLines(t, dir, name, lines)
	rechain(t, dir)
	wantFailure(t, dir, EventBallots, ":4:", "cast twice")
}

func TestWrongCredentialSignature(t *testing.T) {
	dir, _ := simulate(t, small)
	name, lines := eventLines(t, dir, EventBallots, 0)
	// Sign ballot 2's content with ballot 1's credential: the signature
	// fails, and so would the proofs, which are bound to the credential.
	var b1, b2 Ballot
	decodeCanonical(lines[1], &b1)
	decodeCanonical(lines[2], &b2)
	b2.Credential = b1.Credential
	lines[2], _ = marshal(b2)
	writeLines(t, dir, name, lines)
	rechain(t, dir)
	wantFailure(t, dir, EventBallots, ":3:", "signature")
}

func TestBallotOfAnUnknownCredential(t *testing.T) {
	dir, _ := simulate(t, small)
	other, _ := simulate(t, SimulateConfig{Voters: 6, Candidates: 3, Method: Plurality, Seats: 1, Trustees: 3, Threshold: 2, Seed: []byte("other")})
	_, theirs := eventLines(t, other, EventBallots, 0)
	name, lines := eventLines(t, dir, EventBallots, 0)
	lines = append(lines, theirs[1])
	writeLines(t, dir, name, lines)
	rechain(t, dir)
	wantFailure(t, dir, EventBallots, "credential", "not in the list")
}

func TestWrongDecryptionShare(t *testing.T) {
	dir, _ := simulate(t, small)
	name, lines := eventLines(t, dir, EventPartialDecryption, 1)
	var h Header
	decodeCanonical(lines[0], &h)
	var pd PartialDecryption
	decodeCanonical(h.Payload, &pd)
	// The factor of option 1 claimed for option 0.
	pd.Questions[0][0].Factor = pd.Questions[0][1].Factor
	h.Payload, _ = marshal(pd)
	lines[0], _ = marshal(h)
	writeLines(t, dir, name, lines)
	rechain(t, dir)
	wantFailure(t, dir, EventPartialDecryption, "questions[0][0]", "invalid proof")
}

func TestAuditedBallotCast(t *testing.T) {
	dir, _ := simulate(t, small)
	_, audits := eventLines(t, dir, EventAudits, 0)
	var a Audit
	decodeCanonical(audits[1], &a)
	name, lines := eventLines(t, dir, EventBallots, 0)
	lines = append(lines, a.Ballot)
	writeLines(t, dir, name, lines)
	rechain(t, dir)
	wantFailure(t, dir, EventAudits, "was cast")
}

func TestChangedResult(t *testing.T) {
	dir, _ := simulate(t, small)
	name, lines := eventLines(t, dir, EventResult, 0)
	changed := bytes.Replace(lines[0], []byte(`"elected":["`), []byte(`"elected":["Candidate 3","`), 1)
	if bytes.Equal(changed, lines[0]) {
		t.Fatalf("no elected list in %s", lines[0])
	}
	lines[0] = changed
	writeLines(t, dir, name, lines)
	wantFailure(t, dir, EventResult, "tally decrypts to")
}

// A trustee who sends a bad share and ignores the complaint is
// disqualified; the election goes on with the others, and the record
// cannot pretend otherwise.
func TestBadShareInKeyGeneration(t *testing.T) {
	c := small
	c.BadDealer = 2
	dir, _ := simulate(t, c)
	rep, err := Verify(os.DirFS(dir), VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(rep.Decrypted, 2) {
		t.Errorf("the disqualified trustee decrypted: %v", rep.Decrypted)
	}
	_, lines := eventLines(t, dir, EventDKGComplaints, 0)
	if !bytes.Contains(lines[0], []byte(`"against":2`)) {
		t.Errorf("no complaint against trustee 2: %s", lines[0])
	}
	name, lines := eventLines(t, dir, EventElectionKey, 0)
	lines[0] = bytes.Replace(lines[0], []byte(`"qualified":[1,3]`), []byte(`"qualified":[1,2,3]`), 1)
	writeLines(t, dir, name, lines)
	rechain(t, dir)
	wantFailure(t, dir, EventElectionKey, "key ceremony")
}

// Every byte of a small record matters: changing any one of them makes
// the record invalid. (The record is held in memory; with -short, one byte
// in seven is changed.)
func TestEveryByteIsChecked(t *testing.T) {
	dir := "testdata/kat/record"
	files, err := listEvents(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	mem := fstest.MapFS{}
	for _, f := range files {
		b, _ := os.ReadFile(filepath.Join(dir, f.name))
		mem[f.name] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	step := 1
	if testing.Short() {
		step = 7
	}
	for _, f := range files {
		orig := mem[f.name].Data
		for i := 0; i < len(orig); i += step {
			b := slices.Clone(orig)
			b[i] ^= 0x01
			if b[i] == '\n' || orig[i] == '\n' {
				b[i] = orig[i] ^ 0x02
			}
			mem[f.name] = &fstest.MapFile{Data: b, Mode: 0o644}
			if _, err := Verify(mem, VerifyOptions{Workers: 1}); err == nil {
				t.Fatalf("%s: byte %d changed from %q to %q, and the record still verifies", f.name, i, orig[i], b[i])
			}
		}
		mem[f.name] = &fstest.MapFile{Data: orig, Mode: 0o644}
	}
}

// A record must extend any earlier snapshot of it unchanged.
func TestEarlierSnapshot(t *testing.T) {
	dir := "testdata/kat/record"
	files, _ := listEvents(os.DirFS(dir))
	earlier := fstest.MapFS{}
	for _, f := range files[:8] {
		b, _ := os.ReadFile(filepath.Join(dir, f.name))
		earlier[f.name] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	if _, err := Verify(os.DirFS(dir), VerifyOptions{Earlier: earlier}); err != nil {
		t.Fatalf("record extending its snapshot: %v", err)
	}
	// A snapshot in which event 7 differs was rewritten since.
	last := earlier[files[7].name]
	earlier[files[7].name] = &fstest.MapFile{Data: bytes.Replace(last.Data, []byte(`"items":3`), []byte(`"items":2`), 1), Mode: 0o644}
	if _, err := Verify(os.DirFS(dir), VerifyOptions{Earlier: earlier}); err == nil || !strings.Contains(err.Error(), "rewritten") {
		t.Fatalf("record rewritten since the snapshot: %v", err)
	}
}

// A credential that is not a point, or out of order, is named by its line;
// of two faults, the first in the file.
func TestBadCredentials(t *testing.T) {
	notPoint := func(c []byte) []byte {
		var k PublicCredential
		k.UnmarshalJSON(c)
		for b := range 256 {
			k[31] = byte(b) & 0x7f
			if _, err := new(edwards25519.Point).SetBytes(k[:]); err != nil {
				out, _ := k.MarshalJSON()
				return out
			}
		}
		panic("every byte gives a point")
	}
	for _, tc := range []struct {
		name   string
		change func(lines [][]byte)
		want   []string
	}{
		{"not a point", func(l [][]byte) { l[3] = notPoint(l[3]) }, []string{":4:", "not an Ed25519 public key"}},
		{"out of order", func(l [][]byte) { l[2], l[5] = l[5], l[2] }, []string{":4:", "increasing order"}},
		{"not a point, then out of order", func(l [][]byte) { l[2] = notPoint(l[2]); l[4], l[5] = l[5], l[4] }, []string{":3:", "not an Ed25519"}},
		{"out of order, then not a point", func(l [][]byte) { l[2], l[3] = l[3], l[2]; l[5] = notPoint(l[5]) }, []string{":4:", "increasing order"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, _ := simulate(t, small)
			name, lines := eventLines(t, dir, EventCredentials, 0)
			tc.change(lines)
			writeLines(t, dir, name, lines)
			rechain(t, dir)
			wantFailure(t, dir, EventCredentials, tc.want...)
		})
	}
}
