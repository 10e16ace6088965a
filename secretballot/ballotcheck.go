package secretballot

import (
	"crypto/ed25519"
	"fmt"

	"plenum/crypto/ed25519batch"
	"plenum/crypto/elgamal"
	"plenum/crypto/group"
	"plenum/crypto/proof"
)

// decodeBallot decodes a ballot's line, canonically, and checks that it
// has the shape the manifest gives it (no field missing).
func (e *Election) decodeBallot(line []byte) (*Ballot, error) {
	b, ok := scanBallot(line)
	if !ok {
		b = new(Ballot)
		if err := decodeCanonical(line, b); err != nil {
			return nil, &Error{Reason: err.Error()}
		}
	}
	qs := e.Manifest.Questions
	if len(b.Answers) != len(qs) {
		return nil, errorf("answers", "%d answers, the manifest has %d questions", len(b.Answers), len(qs))
	}
	for qi := range qs {
		a := &b.Answers[qi]
		if qs[qi].Kind.Ranked() {
			if a.Ranking == nil || a.Choices != nil || a.Proof != nil {
				return nil, errorf(fmt.Sprintf("answers[%d]", qi), "question %q is ranked: want a ranking and no choices", qs[qi].ID)
			}
			continue
		}
		if a.Ranking != nil {
			return nil, errorf(fmt.Sprintf("answers[%d].ranking", qi), "question %q is not ranked", qs[qi].ID)
		}
		if len(a.Choices) != len(qs[qi].Options) {
			return nil, errorf(fmt.Sprintf("answers[%d].choices", qi), "%d choices, question %q has %d options", len(a.Choices), qs[qi].ID, len(qs[qi].Options))
		}
		if a.Proof == nil {
			return nil, errorf(fmt.Sprintf("answers[%d].proof", qi), "missing")
		}
		for i, c := range a.Choices {
			if c.Ciphertext == nil || c.Proof == nil {
				return nil, errorf(fmt.Sprintf("answers[%d].choices[%d]", qi, i), "ciphertext or proof missing")
			}
		}
	}
	if len(b.Signature) != ed25519.SignatureSize {
		return nil, errorf("signature", "%d bytes, want %d", len(b.Signature), ed25519.SignatureSize)
	}
	return b, nil
}

// checkSignature checks the credential's signature on the ballot whose
// canonical line is line, as crypto/ed25519 does: the server accepts a
// ballot only if this passes.
func (e *Election) checkSignature(b *Ballot, line []byte) error {
	if !ed25519.Verify(ed25519.PublicKey(b.Credential[:]), e.signedMessage(line), b.Signature) {
		return errSignature()
	}
	return nil
}

// checkSignatureCofactored checks the signature with the cofactored
// equation, which a verifier checks in batches (see crypto/ed25519batch
// and docs/election-record.md): it accepts every signature checkSignature
// accepts.
func (e *Election) checkSignatureCofactored(b *Ballot, line []byte) error {
	if !ed25519batch.Verify(b.Credential[:], e.signedMessage(line), b.Signature) {
		return errSignature()
	}
	return nil
}

func errSignature() error {
	return errorf("signature", "not the credential's signature of this ballot in this election")
}

// signedMessage is what the credential signs of the ballot whose line is line.
func (e *Election) signedMessage(line []byte) []byte {
	return signedMessage(e.Hash, unsignedLine(line))
}

// addProofs adds every proof of b to bt: each choice is 0 or 1, each
// answer's sum is between Min and Max. It returns the first proof that
// fails the checks that need no batch (the challenge of a range proof).
func (e *Election) addProofs(bt *proof.Batch, b *Ballot) error {
	for qi := range e.Manifest.Questions {
		q := &e.Manifest.Questions[qi]
		a := &b.Answers[qi]
		if q.Kind.Ranked() {
			if err := a.Ranking.AddToBatch(bt, rankedBinding(e.Hash, b.Credential, qi), len(q.Options)); err != nil {
				return errorf(fmt.Sprintf("answers[%d].ranking", qi), "%v", err)
			}
			continue
		}
		cts := make([]*elgamal.Ciphertext, len(a.Choices))
		alphas := make([]*group.Scalar, len(a.Choices))
		betas := make([]*group.Scalar, len(a.Choices))
		for i, c := range a.Choices {
			var err error
			alphas[i], betas[i], err = c.Proof.AddToBatchDeferred(bt, binding(e.Hash, b.Credential, qi, i), e.pk, c.Ciphertext, 0, 1)
			if err != nil {
				return errorf(fmt.Sprintf("answers[%d].choices[%d].proof", qi, i), "%v", err)
			}
			cts[i] = c.Ciphertext
		}
		sumAlpha, sumBeta, err := a.Proof.AddToBatchDeferred(bt, binding(e.Hash, b.Credential, qi, sumOption), e.pk, elgamal.Sum(cts), uint64(q.Min), uint64(q.Max))
		if err != nil {
			return errorf(fmt.Sprintf("answers[%d].proof", qi), "%v", err)
		}
		// The sum's α and β are the products of the choices': their
		// coefficients fall on each choice's, one term per element.
		for i, c := range cts {
			bt.AddTerm(alphas[i].Add(alphas[i], sumAlpha), &c.A)
			bt.AddTerm(betas[i].Add(betas[i], sumBeta), &c.B)
		}
	}
	return nil
}

// checkBallotAlone checks b's proofs one by one, to name the one that made
// a batch fail.
func (e *Election) checkBallotAlone(b *Ballot) error {
	for qi := range e.Manifest.Questions {
		q := &e.Manifest.Questions[qi]
		a := &b.Answers[qi]
		if q.Kind.Ranked() {
			if err := a.Ranking.Verify(rankedBinding(e.Hash, b.Credential, qi), len(q.Options)); err != nil {
				return errorf(fmt.Sprintf("answers[%d].ranking", qi), "%v", err)
			}
			continue
		}
		cts := make([]*elgamal.Ciphertext, len(a.Choices))
		for i, c := range a.Choices {
			if err := c.Proof.Verify(binding(e.Hash, b.Credential, qi, i), e.pk, c.Ciphertext, 0, 1); err != nil {
				return errorf(fmt.Sprintf("answers[%d].choices[%d].proof", qi, i), "%v", err)
			}
			cts[i] = c.Ciphertext
		}
		if err := a.Proof.Verify(binding(e.Hash, b.Credential, qi, sumOption), e.pk, elgamal.Sum(cts), uint64(q.Min), uint64(q.Max)); err != nil {
			return errorf(fmt.Sprintf("answers[%d].proof", qi), "%v", err)
		}
	}
	return nil
}
