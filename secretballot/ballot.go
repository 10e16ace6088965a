package secretballot

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
	"plenum/crypto/proof"
	"plenum/secretballot/ranked"
)

// Ballot is a cast (or audited) ballot as the record holds it: one answer
// per question of the manifest, signed with the voter's credential.
type Ballot struct {
	Credential PublicCredential `json:"credential"`
	Answers    []Answer         `json:"answers"`
	Signature  Bytes            `json:"signature"`
}

// Answer is the encrypted answer to one question: one ciphertext per
// option, each of 0 or 1, and a proof that their sum, the number of options
// chosen, is between the question's Min and Max. The answer to a ranked
// question has only Ranking (see ranked.go).
type Answer struct {
	Choices []EncryptedChoice `json:"choices,omitempty"`
	Proof   *proof.Range      `json:"proof,omitempty"`
	Ranking *ranked.Encrypted `json:"ranking,omitempty"`
}

// EncryptedChoice is one option's ciphertext, with a proof that it
// encrypts 0 or 1.
type EncryptedChoice struct {
	Ciphertext *elgamal.Ciphertext `json:"ciphertext"`
	Proof      *proof.Range        `json:"proof"`
}

// unsignedBallot is a Ballot without its signature, which is what the
// credential signs (through contentHash).
type unsignedBallot struct {
	Credential PublicCredential `json:"credential"`
	Answers    []Answer         `json:"answers"`
}

// signatureSuffixLen is the length of `,"signature":"…"}` at the end of a
// ballot's canonical line: 14 + 86 characters of base64url + 2.
var signatureSuffixLen = len(`,"signature":""}`) + b64.EncodedLen(ed25519.SignatureSize)

// unsignedLine returns the canonical line of the unsigned ballot, given the
// canonical line of the signed one: the same bytes without the signature.
func unsignedLine(line []byte) []byte {
	out := make([]byte, 0, len(line)-signatureSuffixLen+1)
	out = append(out, line[:len(line)-signatureSuffixLen]...)
	return append(out, '}')
}

// signedMessage is what a credential signs: the tag, the election hash and
// the hash of the unsigned ballot's line.
func signedMessage(electionHash Hash, unsigned []byte) []byte {
	h := sha256.Sum256(unsigned)
	msg := make([]byte, 0, len(dstBallot)+64)
	msg = append(msg, dstBallot...)
	msg = append(msg, electionHash[:]...)
	return append(msg, h[:]...)
}

// Tracker is a ballot's tracking number: the hash of its line in the
// record. The voter is shown it when casting and finds it in the record.
func Tracker(line []byte) Hash { return sha256.Sum256(line) }

// binding is what every proof of a ballot is bound to: the election hash,
// the voter's credential, the question and the option (sumOption for the
// proof of the sum). A proof copied into another ballot, election,
// question or option does not verify.
func binding(electionHash Hash, cred PublicCredential, question, option int) proof.Binding {
	ctx := make([]byte, 0, len(cred)+8)
	ctx = append(ctx, cred[:]...)
	ctx = binary.BigEndian.AppendUint32(ctx, uint32(question))
	ctx = binary.BigEndian.AppendUint32(ctx, uint32(option))
	return proof.Binding{Fingerprint: electionHash[:], Context: ctx}
}

// sumOption stands for the option index in the binding of a sum proof.
const sumOption = 0xffffffff

// Opening is what an audited ballot reveals: for each question and option,
// the mark (0 or 1) and the randomness of its encryption.
type Opening struct {
	Marks      [][]uint64        `json:"marks"`
	Randomness [][]*group.Scalar `json:"randomness"`
}

// EncryptBallot encrypts and signs a voter's choices, one per question of
// the election, and returns the ballot's canonical line, which is what is
// cast, and the opening that auditing it would reveal.
func (e *Election) EncryptBallot(rand io.Reader, cred SecretCredential, choices []Choice) (line []byte, op *Opening, err error) {
	line, _, op, err = e.encryptBallot(rand, cred, choices)
	return line, op, err
}

// encryptBallot is EncryptBallot that also returns the answers.
func (e *Election) encryptBallot(rand io.Reader, cred SecretCredential, choices []Choice) (line []byte, answers []Answer, op *Opening, err error) {
	qs := e.Manifest.Questions
	if len(choices) != len(qs) {
		return nil, nil, nil, fmt.Errorf("%d answers for %d questions", len(choices), len(qs))
	}
	key := cred.SigningKey(e.Fingerprint)
	b := unsignedBallot{Answers: make([]Answer, len(qs))}
	copy(b.Credential[:], key.Public().(ed25519.PublicKey))
	op = &Opening{Marks: make([][]uint64, len(qs)), Randomness: make([][]*group.Scalar, len(qs))}
	for qi := range qs {
		if err := choices[qi].check(&qs[qi]); err != nil {
			return nil, nil, nil, err
		}
		if qs[qi].Kind.Ranked() {
			a, marks, rs, err := e.encryptRanked(rand, b.Credential, qi, choices[qi])
			if err != nil {
				return nil, nil, nil, err
			}
			b.Answers[qi], op.Marks[qi], op.Randomness[qi] = a, marks, rs
			continue
		}
		marks := choices[qi].marks(&qs[qi])
		a, rs, err := e.encryptAnswer(rand, b.Credential, qi, marks)
		if err != nil {
			return nil, nil, nil, err
		}
		b.Answers[qi], op.Marks[qi], op.Randomness[qi] = a, marks, rs
	}
	unsigned, err := marshal(b)
	if err != nil {
		return nil, nil, nil, err
	}
	sig := ed25519.Sign(key, signedMessage(e.Hash, unsigned))
	line = bytes.TrimSuffix(unsigned, []byte("}"))
	line = fmt.Appendf(line, `,"signature":"%s"}`, b64.EncodeToString(sig))
	return line, b.Answers, op, nil
}

func (e *Election) encryptAnswer(rand io.Reader, cred PublicCredential, qi int, marks []uint64) (Answer, []*group.Scalar, error) {
	q := &e.Manifest.Questions[qi]
	a := Answer{Choices: make([]EncryptedChoice, len(marks))}
	rs := make([]*group.Scalar, len(marks))
	sumR, sumM := group.NewScalar(), uint64(0)
	cts := make([]*elgamal.Ciphertext, len(marks))
	for i, m := range marks {
		ct, r, err := e.pk.EncryptRandom(rand, group.NewScalarUint64(m))
		if err != nil {
			return a, nil, err
		}
		p, err := proof.ProveRange(rand, binding(e.Hash, cred, qi, i), e.pk, ct, m, r, 0, 1)
		if err != nil {
			return a, nil, err
		}
		a.Choices[i] = EncryptedChoice{Ciphertext: ct, Proof: p}
		rs[i], cts[i] = r, ct
		sumR.Add(sumR, r)
		sumM += m
	}
	p, err := proof.ProveRange(rand, binding(e.Hash, cred, qi, sumOption), e.pk, elgamal.Sum(cts), sumM, sumR, uint64(q.Min), uint64(q.Max))
	if err != nil {
		return a, nil, err
	}
	a.Proof = p
	return a, rs, nil
}
