package dkg

import (
	"fmt"
	"io"
	"slices"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
	"plenum/crypto/proof"
)

// KeyShare is a qualified trustee's share sⱼ of the election's private
// key. It is secret: keep it in a file sealed with SealSecret.
type KeyShare struct {
	Params Params        `json:"params"`
	Index  int           `json:"index"`
	Secret *group.Scalar `json:"secret"`
}

// PartialDecryption is trustee Trustee's decryption factor α^sⱼ of one
// ciphertext, with a DLEQ proof that it uses the same sⱼ as the trustee's
// verification key Yⱼ = g^sⱼ.
type PartialDecryption struct {
	Trustee int            `json:"trustee"`
	Factor  *group.Element `json:"factor"`
	Proof   *proof.DLEQ    `json:"proof"`
}

// decryptionBinding binds a partial decryption to the election, and to the
// trustee (its key Yⱼ and the ciphertext are in the statement itself).
func decryptionBinding(fp []byte, trustee int) proof.Binding {
	return proof.Binding{Fingerprint: fp, Context: signedBytes("partial decryption", nil, uint64Bytes(trustee))}
}

// PartialDecrypt returns this trustee's decryption factor of c with its proof.
func (k *KeyShare) PartialDecrypt(rand io.Reader, c *elgamal.Ciphertext) (*PartialDecryption, error) {
	f := elgamal.PartialDecrypt(c, k.Secret).CacheEncoding()
	Y := new(group.Element).ScalarBaseMult(k.Secret)
	b := decryptionBinding(k.Params.Fingerprint, k.Index)
	pr, err := proof.ProveDLEQ(rand, b, group.Generator(), Y, &c.A, f, k.Secret)
	if err != nil {
		return nil, fmt.Errorf("dkg: partial decryption: %w", err)
	}
	return &PartialDecryption{Trustee: k.Index, Factor: f, Proof: pr}, nil
}

// VerifyPartial checks a partial decryption of c by a qualified trustee.
func (r *Result) VerifyPartial(c *elgamal.Ciphertext, pd *PartialDecryption) error {
	bt := proof.NewBatch()
	if err := r.AddPartialToBatch(bt, c, pd); err != nil {
		return err
	}
	return bt.Verify()
}

// AddPartialToBatch checks what can be checked alone and adds the DLEQ
// proof to bt, for verifying many partial decryptions at once.
func (r *Result) AddPartialToBatch(bt *proof.Batch, c *elgamal.Ciphertext, pd *PartialDecryption) error {
	if pd == nil || pd.Factor == nil || pd.Proof == nil {
		return fmt.Errorf("%w: empty partial decryption", ErrInvalid)
	}
	if !r.Qualified(pd.Trustee) {
		return fmt.Errorf("%w: partial decryption by trustee %d, who is not qualified", ErrInvalid, pd.Trustee)
	}
	b := decryptionBinding(r.Params.Fingerprint, pd.Trustee)
	Y := r.VerificationKeys[pd.Trustee-1]
	if err := pd.Proof.AddToBatch(bt, b, group.Generator(), Y, &c.A, pd.Factor); err != nil {
		return fmt.Errorf("trustee %d: %w", pd.Trustee, err)
	}
	return nil
}

// Lagrange returns the coefficient λⱼ of trustee j for interpolating at 0
// from the trustees in set: λⱼ = Π_{m ∈ set, m ≠ j} m / (m - j). It panics
// if j is not in set or set has a repeated index (a caller's bug).
func Lagrange(set []int, j int) *group.Scalar {
	num, den := group.NewScalarUint64(1), group.NewScalarUint64(1)
	found := false
	for _, m := range set {
		if m == j {
			if found {
				panic("dkg: Lagrange: repeated index")
			}
			found = true
			continue
		}
		ms := group.NewScalarUint64(uint64(m))
		num.Multiply(num, ms)
		den.Multiply(den, new(group.Scalar).Subtract(ms, group.NewScalarUint64(uint64(j))))
	}
	if !found || den.IsZero() {
		panic("dkg: Lagrange: index not in the set, or repeated")
	}
	return num.Multiply(num, den.Invert(den))
}

// Combine returns g^m for the ciphertext c from the partial decryptions of
// at least T distinct qualified trustees, which it does not verify (call
// VerifyPartial first). Only the first T distinct trustees are used.
func (r *Result) Combine(c *elgamal.Ciphertext, pds []*PartialDecryption) (*group.Element, error) {
	var set []int
	var factors []*group.Element
	for _, pd := range pds {
		if len(set) == r.Params.T {
			break
		}
		if pd == nil || !r.Qualified(pd.Trustee) || slices.Contains(set, pd.Trustee) {
			continue
		}
		set = append(set, pd.Trustee)
		factors = append(factors, pd.Factor)
	}
	if len(set) < r.Params.T {
		return nil, fmt.Errorf("dkg: %d distinct qualified trustees decrypted, %d are needed", len(set), r.Params.T)
	}
	coeffs := make([]*group.Scalar, len(set))
	for i, j := range set {
		coeffs[i] = Lagrange(set, j)
	}
	return elgamal.Decrypt(c, new(group.Element).VarTimeMultiScalarMult(coeffs, factors)), nil
}
