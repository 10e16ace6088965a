package secretballot

import (
	"strings"
	"testing"

	"plenum/crypto/proof"
)

// katElection is the election of the known-answer record.
func katElection(t testing.TB) *Election {
	t.Helper()
	e, _ := readElection(t, "testdata/kat/record")
	return e
}

func TestBallotChecks(t *testing.T) {
	e := katElection(t)
	cred := SecretCredential{1, 2, 3}
	rnd := seedStream([]byte("ballot test"), "encrypt", 0)
	line, _, err := e.EncryptBallot(rnd, cred, []Choice{{1}})
	if err != nil {
		t.Fatal(err)
	}
	check := func(e *Election, line []byte) error {
		b, err := e.decodeBallot(line)
		if err == nil {
			err = e.checkSignature(b, line)
		}
		if err == nil {
			err = e.checkBallotAlone(b)
		}
		return err
	}
	if err := check(e, line); err != nil {
		t.Fatalf("valid ballot: %v", err)
	}
	// The same ballot in another election (same manifest, another key
	// ceremony, so another election hash): its signature and proofs fail.
	other := *e
	other.Hash[0] ^= 1
	if err := check(&other, line); err == nil || !strings.Contains(err.Error(), "signature") {
		t.Errorf("ballot of another election: %v", err)
	}
	b, _ := e.decodeBallot(line)
	if err := other.checkBallotAlone(b); err == nil {
		t.Errorf("proofs of another election's ballot verify")
	}
	// A proof moved to another option, or another voter's credential, fails.
	a := &b.Answers[0]
	a.Choices[0].Proof, a.Choices[1].Proof = a.Choices[1].Proof, a.Choices[0].Proof
	if err := e.checkBallotAlone(b); err == nil || !strings.Contains(err.Error(), "choices[0].proof") {
		t.Errorf("swapped proofs: %v", err)
	}
	b, _ = e.decodeBallot(line)
	b.Credential[0] ^= 1
	if err := e.checkBallotAlone(b); err == nil {
		t.Errorf("proofs verify under another credential")
	}
	// Invalid choices are refused before anything is encrypted.
	for _, c := range []Choice{{}, {0, 1}, {3}, {1, 1}} {
		if _, _, err := e.EncryptBallot(rnd, cred, []Choice{c}); err == nil {
			t.Errorf("choice %v encrypted", c)
		}
	}
}

func TestAuditOpensTheBallot(t *testing.T) {
	e := katElection(t)
	rnd := seedStream([]byte("audit test"), "encrypt", 0)
	line, op, err := e.EncryptBallot(rnd, SecretCredential{9}, []Choice{{2}})
	if err != nil {
		t.Fatal(err)
	}
	audit, err := AuditLine(line, op)
	if err != nil {
		t.Fatal(err)
	}
	_, tracker, choices, err := e.CheckAudit(audit)
	if err != nil || tracker != Tracker(line) || len(choices) != 1 || len(choices[0]) != 1 || choices[0][0] != 2 {
		t.Fatalf("audit: %v %v %v", tracker, choices, err)
	}
	// An opening that claims another choice does not re-encrypt.
	op.Marks[0][2], op.Marks[0][0] = 0, 1
	audit, _ = AuditLine(line, op)
	if _, _, _, err := e.CheckAudit(audit); err == nil || !strings.Contains(err.Error(), "re-encrypt") {
		t.Errorf("false opening: %v", err)
	}
}

// FuzzBallot feeds the ballot decoder and checks arbitrary lines: they are
// rejected or verify, never crash.
func FuzzBallot(f *testing.F) {
	_, lines := eventLines(f, "testdata/kat/record", EventBallots, 0)
	for _, l := range lines[1:] {
		f.Add(l)
	}
	f.Add([]byte(`{"credential":"","answers":[],"signature":""}`))
	e := katElection(f)
	f.Fuzz(func(t *testing.T, line []byte) {
		b, err := e.decodeBallot(line)
		if err != nil {
			return
		}
		if len(line) < signatureSuffixLen {
			t.Fatalf("decoded a ballot shorter than its signature field: %q", line)
		}
		e.checkSignature(b, line)
		e.checkBallotAlone(b)
	})
}

// A ballot made of two valid ballots of one voter, marking two options of
// a single choice: each 0/1 proof holds, the proof of the sum does not,
// and the batch that a verifier uses (where the sum's terms fall on the
// choices' own) fails as checking alone does.
func TestBatchChecksTheSum(t *testing.T) {
	e := katElection(t)
	cred := SecretCredential{4, 5, 6}
	rnd := seedStream([]byte("sum test"), "encrypt", 0)
	first, _, err := e.EncryptBallot(rnd, cred, []Choice{{1}})
	if err != nil {
		t.Fatal(err)
	}
	second, _, _ := e.EncryptBallot(rnd, cred, []Choice{{2}})
	batch := func(b *Ballot) error {
		bt := proof.NewBatch()
		if err := e.addProofs(bt, b); err != nil {
			return err
		}
		return bt.Verify()
	}
	b, _ := e.decodeBallot(first)
	if err := batch(b); err != nil {
		t.Fatalf("valid ballot: %v", err)
	}
	b2, _ := e.decodeBallot(second)
	b.Answers[0].Choices[2] = b2.Answers[0].Choices[2]
	if batch(b) == nil {
		t.Error("the batch accepts two marks on a single choice")
	}
	if err := e.checkBallotAlone(b); err == nil || !strings.Contains(err.Error(), "answers[0].proof") {
		t.Errorf("alone: %v", err)
	}
}
