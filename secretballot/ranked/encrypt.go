package ranked

import (
	"encoding/binary"
	"fmt"
	"io"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
	"plenum/crypto/proof"
)

// Encrypted is the encrypted answer to a ranked question: the ranking's
// elements M_k, each encrypted as (r_k·G, M_k + r_k·Y), and for each a
// proof of knowledge of r_k.
//
// The proofs are what make a ballot impossible to copy: to cast someone
// else's encrypted ranking (and so learn, after the mix, which ranking
// appears twice) one needs the randomness. Each proof is bound to the
// election, to the caller's context (the voter's public credential and the
// question), to its column and to the whole ciphertext, so it is worthless
// in any other ballot. Nothing proves the ranking valid: that is checked
// after decryption, and an invalid one is counted as invalid, visibly.
type Encrypted struct {
	Ciphertexts []*elgamal.Ciphertext `json:"ciphertexts"`
	Proofs      []*proof.Schnorr      `json:"proofs"`
}

// binding is the proof binding of column k of ciphertext ct.
func binding(b proof.Binding, k int, ct *elgamal.Ciphertext) proof.Binding {
	ctx := make([]byte, 0, len(b.Context)+4+group.ElementSize)
	ctx = append(ctx, b.Context...)
	ctx = binary.BigEndian.AppendUint32(ctx, uint32(k))
	ctx = ct.B.AppendBytes(ctx)
	return proof.Binding{Fingerprint: b.Fingerprint, Context: ctx}
}

// Encrypt encrypts r under pk with proofs bound to b, and returns the
// randomness too (what auditing the ballot would reveal).
func Encrypt(rand io.Reader, pk *elgamal.PublicKey, b proof.Binding, r Ranking) (*Encrypted, []*group.Scalar, error) {
	es, err := r.Elements()
	if err != nil {
		return nil, nil, err
	}
	enc := &Encrypted{}
	var rs []*group.Scalar
	for k, m := range es {
		rk, err := group.RandomScalar(rand)
		if err != nil {
			return nil, nil, fmt.Errorf("encrypt ranking: %w", err)
		}
		ct := encryptElement(pk, m, rk)
		p, err := proof.ProveSchnorr(rand, binding(b, k, ct), group.Generator(), &ct.A, rk)
		if err != nil {
			return nil, nil, fmt.Errorf("encrypt ranking: %w", err)
		}
		enc.Ciphertexts = append(enc.Ciphertexts, ct)
		enc.Proofs = append(enc.Proofs, p)
		rs = append(rs, rk)
	}
	return enc, rs, nil
}

// encryptElement returns (r·G, M + r·Y): encrypting M is re-encrypting
// the trivial ciphertext (1, M).
func encryptElement(pk *elgamal.PublicKey, m *group.Element, r *group.Scalar) *elgamal.Ciphertext {
	return pk.ReEncrypt(&elgamal.Ciphertext{A: *group.NewElement(), B: *m}, r)
}

// Opens checks that e encrypts r with the randomness rs, which is what an
// audited ballot reveals: anyone can then see that the voter's device
// encrypted the ranking the voter chose.
func (e *Encrypted) Opens(pk *elgamal.PublicKey, r Ranking, rs []*group.Scalar) error {
	es, err := r.Elements()
	if err != nil {
		return err
	}
	if len(rs) != len(es) || len(e.Ciphertexts) != len(es) {
		return fmt.Errorf("%d randomness values and %d ciphertexts for %d elements", len(rs), len(e.Ciphertexts), len(es))
	}
	for k, m := range es {
		if rs[k] == nil || e.Ciphertexts[k] == nil || !encryptElement(pk, m, rs[k]).Equal(e.Ciphertexts[k]) {
			return fmt.Errorf("ciphertext %d is not the encryption of the ranking with the randomness", k+1)
		}
	}
	return nil
}

// AddToBatch checks the shape of e for a question of candidates
// candidates and adds its proofs to bt; bt.Verify then checks them with
// the rest of the batch.
func (e *Encrypted) AddToBatch(bt *proof.Batch, b proof.Binding, candidates int) error {
	w := Width(candidates)
	if len(e.Ciphertexts) != w || len(e.Proofs) != w {
		return fmt.Errorf("%w: %d ciphertexts and %d proofs for %d candidates, want %d", proof.ErrInvalid, len(e.Ciphertexts), len(e.Proofs), candidates, w)
	}
	for k, ct := range e.Ciphertexts {
		if ct == nil || e.Proofs[k] == nil {
			return fmt.Errorf("%w: ciphertext or proof %d missing", proof.ErrInvalid, k+1)
		}
		if err := e.Proofs[k].AddToBatch(bt, binding(b, k, ct), group.Generator(), &ct.A); err != nil {
			return fmt.Errorf("ciphertext %d: %w", k+1, err)
		}
	}
	return nil
}

// Verify checks e alone; verifiers of many ballots batch them instead.
func (e *Encrypted) Verify(b proof.Binding, candidates int) error {
	bt := proof.NewBatch()
	if err := e.AddToBatch(bt, b, candidates); err != nil {
		return err
	}
	return bt.Verify()
}
