package proof

import (
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"io"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

// Range proves that an ElGamal ciphertext (α, β) under key y encrypts one
// of lo, lo+1, ..., hi, without saying which: a disjunction
// (Cramer-Damgård-Schoenmakers) of Chaum-Pedersen proofs that
// (α, β/g^v) = (g^r, y^r), one branch per value v. The branch of the true
// value is proved, the others simulated; the branch challenges must add
// up to the challenge c = H(binding, y, α, β, lo, hi, A₀, B₀, ..., Aₙ, Bₙ).
// Branch j checks s_j·g = A_j + c_j·α and s_j·y = B_j + c_j·(β - (lo+j)·g).
type Range struct {
	Branches []RangeBranch
}

// RangeBranch is one value's Chaum-Pedersen proof: its commitments,
// challenge and response.
type RangeBranch struct {
	A, B group.Element
	C, S group.Scalar
}

const (
	// RangeBranchSize is the length of one branch's encoding, A ‖ B ‖ c ‖ s.
	RangeBranchSize = 2*group.ElementSize + 2*group.ScalarSize
	// MaxRangeBranches bounds what a decoder accepts (and so the memory a
	// hostile record can make a verifier allocate).
	MaxRangeBranches = 1024
)

func rangeChallenge(b Binding, y *group.Element, c *elgamal.Ciphertext, lo, hi uint64, branches []RangeBranch) *group.Scalar {
	t := b.start(rangeTag)
	t.Element("public key", y)
	t.Element("ciphertext A", &c.A)
	t.Element("ciphertext B", &c.B)
	t.Uint64("lo", lo)
	t.Uint64("hi", hi)
	for i := range branches {
		t.Element("commitment A", &branches[i].A)
		t.Element("commitment B", &branches[i].B)
	}
	return t.Challenge("challenge")
}

// ProveRange proves that c = pk.Encrypt(m, r) with lo ≤ m ≤ hi. It runs in
// time independent of m. It returns an error if m is out of range or the
// range is empty or larger than MaxRangeBranches.
func ProveRange(rand io.Reader, b Binding, pk *elgamal.PublicKey, c *elgamal.Ciphertext, m uint64, r *group.Scalar, lo, hi uint64) (*Range, error) {
	if hi < lo || hi-lo >= MaxRangeBranches {
		return nil, fmt.Errorf("range proof: bad range %d..%d", lo, hi)
	}
	if m < lo || m > hi {
		return nil, fmt.Errorf("range proof: plaintext out of range %d..%d", lo, hi)
	}
	n := int(hi - lo + 1)
	w, err := group.RandomScalar(rand)
	if err != nil {
		return nil, fmt.Errorf("range proof: %w", err)
	}
	p := &Range{Branches: make([]RangeBranch, n)}
	truth := make([]*group.Scalar, n)
	mr := group.NewScalarUint64(m)
	for j := range p.Branches {
		br := &p.Branches[j]
		cj, err1 := group.RandomScalar(rand)
		sj, err2 := group.RandomScalar(rand)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("range proof: reading randomness failed")
		}
		// The true branch gets c_j = 0 and s_j = w, so that the same
		// formulas give its honest commitments w·g and w·y.
		truth[j] = isEqual(m, lo+uint64(j))
		simulated := new(group.Scalar).Subtract(one, truth[j])
		br.C.Multiply(cj, simulated)
		br.S.Multiply(sj, simulated)
		br.S.MultiplyAdd(w, truth[j], &br.S)
		// With α = g^r and β = g^m·y^r known to the prover:
		//   A_j = s_j·g - c_j·α = (s_j - c_j·r)·g
		//   B_j = s_j·y - c_j·(β - v_j·g) = (s_j - c_j·r)·y - c_j·(m - v_j)·g
		// three fixed-base multiplications instead of two variable-base ones.
		u := new(group.Scalar).Multiply(&br.C, r)
		u.Subtract(&br.S, u)
		br.A.ScalarBaseMult(u)
		pk.Table().ScalarMult(&br.B, u)
		k := new(group.Scalar).Subtract(mr, group.NewScalarUint64(lo+uint64(j)))
		k.Multiply(k, &br.C)
		br.B.Subtract(&br.B, new(group.Element).ScalarBaseMult(k))
		br.A.CacheEncoding()
		br.B.CacheEncoding()
	}
	ch := rangeChallenge(b, pk.Element(), c, lo, hi, p.Branches)
	// The true branch's challenge is what the simulated ones leave of c.
	cReal := new(group.Scalar).Set(ch)
	for j := range p.Branches {
		cReal.Subtract(cReal, &p.Branches[j].C)
	}
	cr := new(group.Scalar).Multiply(cReal, r)
	for j := range p.Branches {
		br := &p.Branches[j]
		br.C.MultiplyAdd(truth[j], cReal, &br.C)
		br.S.MultiplyAdd(truth[j], cr, &br.S)
	}
	return p, nil
}

// isEqual returns the scalar 1 if a == b and 0 otherwise, without
// branching on the values.
func isEqual(a, b uint64) *group.Scalar {
	var x, y [8]byte
	binary.LittleEndian.PutUint64(x[:], a)
	binary.LittleEndian.PutUint64(y[:], b)
	var s [32]byte
	s[0] = byte(subtle.ConstantTimeCompare(x[:], y[:]))
	v, _ := new(group.Scalar).SetBytes(s[:])
	return v
}

// Verify checks that c, under pk, encrypts a value in lo..hi.
func (p *Range) Verify(b Binding, pk *elgamal.PublicKey, c *elgamal.Ciphertext, lo, hi uint64) error {
	bt := NewBatch()
	if err := p.AddToBatch(bt, b, pk, c, lo, hi); err != nil {
		return err
	}
	return bt.Verify()
}

// AddToBatch checks the branch count, the identity rules and the sum of
// the challenges, and adds the proof's equations to bt. The terms in g and
// in the key collapse across the whole batch; α and β get one term each.
func (p *Range) AddToBatch(bt *Batch, b Binding, pk *elgamal.PublicKey, c *elgamal.Ciphertext, lo, hi uint64) error {
	alpha, beta, err := p.AddToBatchDeferred(bt, b, pk, c, lo, hi)
	if err != nil {
		return err
	}
	bt.AddTerm(alpha, &c.A)
	bt.AddTerm(beta, &c.B)
	return nil
}

// AddToBatchDeferred is AddToBatch without the terms in c's α and β: it
// returns their coefficients, for a caller that adds them with AddTerm,
// merged with others on the same elements. When c is a product of
// ciphertexts that have terms of their own (the sum of a ballot's choices),
// its terms fall on theirs: one term fewer per element in the sum.
func (p *Range) AddToBatchDeferred(bt *Batch, b Binding, pk *elgamal.PublicKey, c *elgamal.Ciphertext, lo, hi uint64) (alpha, beta *group.Scalar, err error) {
	if hi < lo || hi-lo >= MaxRangeBranches || uint64(len(p.Branches)) != hi-lo+1 {
		return nil, nil, fmt.Errorf("%w: range: %d branches for the range %d..%d", ErrInvalid, len(p.Branches), lo, hi)
	}
	if c.A.IsIdentity() {
		return nil, nil, fmt.Errorf("%w: range: ciphertext A is the identity", ErrInvalid)
	}
	sum := group.NewScalar()
	for i := range p.Branches {
		if p.Branches[i].A.IsIdentity() || p.Branches[i].B.IsIdentity() {
			return nil, nil, fmt.Errorf("%w: range: identity commitment", ErrInvalid)
		}
		sum.Add(sum, &p.Branches[i].C)
	}
	y := pk.Element()
	if !sum.Equal(rangeChallenge(b, y, c, lo, hi, p.Branches)) {
		return nil, nil, fmt.Errorf("%w: range: challenges do not add up to the hash", ErrInvalid)
	}
	alpha, beta = group.NewScalar(), group.NewScalar()
	v := group.NewScalarUint64(lo)
	for i := range p.Branches {
		br := &p.Branches[i]
		negC := new(group.Scalar).Negate(&br.C)
		// s·g - A - c·α = 0
		bt.equation()
		bt.gTerm(&br.S)
		bt.term(minusOne, &br.A)
		bt.weighted(alpha, negC)
		// s·y - B - c·β + c·v·g = 0
		bt.equation()
		bt.sharedTerm(&br.S, y)
		bt.term(minusOne, &br.B)
		bt.weighted(beta, negC)
		bt.gTerm(new(group.Scalar).Multiply(&br.C, v))
		v.Add(v, one)
	}
	bt.n++
	return alpha, beta, nil
}

// MarshalBinary returns the branches' A ‖ B ‖ c ‖ s, one after the other.
func (p *Range) MarshalBinary() ([]byte, error) {
	out := make([]byte, 0, len(p.Branches)*RangeBranchSize)
	for i := range p.Branches {
		br := &p.Branches[i]
		out = br.B.AppendBytes(br.A.AppendBytes(out))
		out = append(append(out, br.C.Bytes()...), br.S.Bytes()...)
	}
	return out, nil
}

// UnmarshalBinary decodes 1 to MaxRangeBranches branches canonically.
func (p *Range) UnmarshalBinary(b []byte) error {
	if len(b) == 0 || len(b)%RangeBranchSize != 0 || len(b)/RangeBranchSize > MaxRangeBranches {
		return fmt.Errorf("range proof of %d bytes: not 1 to %d branches of %d bytes", len(b), MaxRangeBranches, RangeBranchSize)
	}
	branches := make([]RangeBranch, len(b)/RangeBranchSize)
	for i := range branches {
		chunk := b[i*RangeBranchSize:]
		br := &branches[i]
		if err := decodeElements(chunk, true, &br.A, &br.B); err != nil {
			return fmt.Errorf("range proof: branch %d: commitment: %w", i, err)
		}
		if err := decodeScalars(chunk[2*group.ElementSize:], &br.C, &br.S); err != nil {
			return fmt.Errorf("range proof: branch %d: %w", i, err)
		}
	}
	p.Branches = branches
	return nil
}

// MarshalText returns the base64url of MarshalBinary.
func (p *Range) MarshalText() ([]byte, error) {
	b, _ := p.MarshalBinary()
	return group.AppendText(nil, b), nil
}

// UnmarshalText decodes what MarshalText returns and nothing else.
func (p *Range) UnmarshalText(text []byte) error {
	n := len(text) * 3 / 4
	if n > MaxRangeBranches*RangeBranchSize {
		return fmt.Errorf("range proof: %d characters is too long", len(text))
	}
	b, err := group.DecodeText(text, n)
	if err != nil {
		return fmt.Errorf("range proof: %w", err)
	}
	return p.UnmarshalBinary(b)
}
