package shuffle

import (
	"errors"
	"fmt"
	"io"

	"plenum/crypto/group"
)

// ErrInvalid is wrapped by every error that says a mix is wrong, as opposed
// to the verifier failing to run (no randomness).
var ErrInvalid = errors.New("invalid shuffle")

// Verify checks that out is in, permuted and re-encrypted under p.Key, as
// proof claims. It also rejects a mix that left a ciphertext as it was (a
// mixer that did not re-encrypt links its output to its input, which
// defeats the mix even though such a proof is sound). rand supplies the
// verifier's weights for the batched check: crypto/rand.Reader outside
// tests, since a mixer who could predict them could cheat.
func Verify(rand io.Reader, p *Params, in, out *Rows, proof *Proof) error {
	if err := p.check(); err != nil {
		return err
	}
	n, w := in.Len(), in.Width()
	if out.Len() != n || out.Width() != w {
		return fmt.Errorf("%w: %d input rows of width %d, but %d output rows of width %d", ErrInvalid, n, w, out.Len(), out.Width())
	}
	if err := proof.check(n, w); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	v := &verifier{p: p, in: in, out: out, proof: proof, n: n, w: w}
	if err := v.decodeResponses(); err != nil {
		return err
	}
	var seed [32]byte
	if _, err := io.ReadFull(rand, seed[:]); err != nil {
		return fmt.Errorf("shuffle: read randomness: %w", err)
	}
	v.weights = secrets{seed: seed}
	st := newStatement(p, in, out, proof.C)
	v.u = rowChallenges(st, n)
	v.c = finalChallenge(st, proof)
	if err := v.batch(); err != nil {
		return err
	}
	return reencrypted(in, out)
}

// A verifier holds one verification's decoded values.
type verifier struct {
	p       *Params
	in, out *Rows
	proof   *Proof
	n, w    int

	s1, s2, s3 *group.Scalar
	s4         []*group.Scalar
	u          []*group.Scalar
	c          *group.Scalar
	weights    secrets // ρ and δ, drawn after the proof is fixed
}

func (v *verifier) decodeResponses() error {
	var err error
	dec := func(name string, b []byte) *group.Scalar {
		s, e := group.NewScalar().SetBytes(b)
		if e != nil && err == nil {
			err = fmt.Errorf("%w: proof %s: %v", ErrInvalid, name, e)
		}
		return s
	}
	v.s1, v.s2, v.s3 = dec("s1", v.proof.S1), dec("s2", v.proof.S2), dec("s3", v.proof.S3)
	for k := range v.w {
		v.s4 = append(v.s4, dec(fmt.Sprintf("s4[%d]", k+1), v.proof.S4[k*32:(k+1)*32]))
	}
	return err
}

// Weight labels: ρ1, ρ2, ρ3 (index 1..3), ρα_k (4+k), ρβ_k (4+w+k), δ_i.
const (
	weightEquation = 'q'
	weightRow      = 'd'
)

func (v *verifier) rho(k int) *group.Scalar   { return v.weights.scalar(weightEquation, 0, k) }
func (v *verifier) delta(i int) *group.Scalar { return v.weights.scalar(weightRow, i, 0) }

// batch checks every verification equation at once: the weighted sum of
// (right side - left side) over all equations must be the identity. Rows
// are summed chunk by chunk in parallel; the terms of G, Y, H and the
// commitments t1..t4 are added once at the end.
func (v *verifier) batch() error {
	n, w, c := v.n, v.w, v.c
	chunks := (n + chunkRows - 1) / chunkRows
	partial := make([]*group.Element, chunks)
	gCoef := make([]*group.Scalar, chunks) // Σ δ_i·ŝ_i per chunk
	gens := newGenerators(v.p.Fingerprint)
	err := forChunks(n, chunkRows, func(lo, hi int) error {
		e, g, err := v.chunk(gens, lo, hi)
		partial[lo/chunkRows], gCoef[lo/chunkRows] = e, g
		return err
	})
	if err != nil {
		return err
	}

	var scalars []*group.Scalar
	var points []*group.Element
	term := func(s *group.Scalar, p *group.Element) {
		scalars, points = append(scalars, s), append(points, p)
	}
	neg := func(s *group.Scalar) *group.Scalar { return group.NewScalar().Negate(s) }
	mul := func(a, b *group.Scalar) *group.Scalar { return group.NewScalar().Multiply(a, b) }

	// H = ĉ_0: -ρ2·c·Π u_i from t2, δ_1·s'_1 from t̂_1.
	prodU := group.NewScalarUint64(1)
	for i := range v.u {
		prodU.Multiply(prodU, v.u[i])
	}
	s0, err := v.sPrime(0)
	if err != nil {
		return err
	}
	hCoef := mul(v.delta(0), s0)
	hCoef.Subtract(hCoef, mul(mul(v.rho(2), c), prodU))
	term(hCoef, gens.h)

	g := mul(v.rho(1), v.s1)
	g.MultiplyAdd(v.rho(2), v.s2, g)
	g.MultiplyAdd(v.rho(3), v.s3, g)
	y := group.NewScalar()
	for k := range w {
		g.Subtract(g, mul(v.rho(4+k), v.s4[k]))
		y.Subtract(y, mul(v.rho(4+w+k), v.s4[k]))
	}
	for _, s := range gCoef {
		g.Add(g, s)
	}
	term(g, group.Generator())
	term(y, v.p.Key.Element())

	for k, name := range []string{"t1", "t2", "t3"} {
		t, err := decodeElement(name, v.tBytes(k))
		if err != nil {
			return err
		}
		term(neg(v.rho(1+k)), t)
	}
	for k := range w {
		a, err := decodeElement(fmt.Sprintf("t4_alpha[%d]", k+1), v.proof.T4Alpha[k*32:(k+1)*32])
		if err != nil {
			return err
		}
		b, err := decodeElement(fmt.Sprintf("t4_beta[%d]", k+1), v.proof.T4Beta[k*32:(k+1)*32])
		if err != nil {
			return err
		}
		term(neg(v.rho(4+k)), a)
		term(neg(v.rho(4+w+k)), b)
	}
	sum := group.NewElement().VarTimeMultiScalarMult(scalars, points)
	for _, e := range partial {
		sum.Add(sum, e)
	}
	if !sum.IsIdentity() {
		return fmt.Errorf("%w: the proof of shuffle does not verify", ErrInvalid)
	}
	return nil
}

func (v *verifier) tBytes(k int) []byte { return [][]byte{v.proof.T1, v.proof.T2, v.proof.T3}[k] }

// chunk returns the weighted sum of the terms of rows lo..hi-1, and their
// Σ δ_i·ŝ_i, which goes with G.
func (v *verifier) chunk(gens *generators, lo, hi int) (*group.Element, *group.Scalar, error) {
	n, w, c := v.n, v.w, v.c
	size := (4 + 4*w) * (hi - lo)
	scalars := make([]*group.Scalar, 0, size)
	points := make([]*group.Element, 0, size)
	term := func(s *group.Scalar, p *group.Element) {
		scalars, points = append(scalars, s), append(points, p)
	}
	rho1c := group.NewScalar().Multiply(v.rho(1), c)
	rho2c := group.NewScalar().Multiply(v.rho(2), c)
	rho3 := v.rho(3)
	rhoA, rhoB := make([]*group.Scalar, w), make([]*group.Scalar, w)
	for k := range w {
		rhoA[k], rhoB[k] = v.rho(4+k), v.rho(4+w+k)
	}
	gSum := group.NewScalar()
	for i := lo; i < hi; i++ {
		ci, err := decodeElement(fmt.Sprintf("c[%d]", i+1), v.proof.C[i*32:(i+1)*32])
		if err != nil {
			return nil, nil, err
		}
		chat, err := decodeElement(fmt.Sprintf("c_hat[%d]", i+1), v.proof.CHat[i*32:(i+1)*32])
		if err != nil {
			return nil, nil, err
		}
		that, err := decodeElement(fmt.Sprintf("t_hat[%d]", i+1), v.proof.THat[i*32:(i+1)*32])
		if err != nil {
			return nil, nil, err
		}
		sHat, err := group.NewScalar().SetBytes(v.proof.SHat[i*32 : (i+1)*32])
		if err != nil {
			return nil, nil, fmt.Errorf("%w: proof s_hat[%d]: %v", ErrInvalid, i+1, err)
		}
		sp, err := v.sPrime(i)
		if err != nil {
			return nil, nil, err
		}
		inRow, err := v.in.Row(i)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: input %v", ErrInvalid, err)
		}
		outRow, err := v.out.Row(i)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: output %v", ErrInvalid, err)
		}
		cu := group.NewScalar().Multiply(c, v.u[i])
		di := v.delta(i)

		term(group.NewScalar().MultiplyAdd(rho3, cu, rho1c), ci)
		term(group.NewScalar().MultiplyAdd(rho3, sp, group.NewScalar().Negate(rho1c)), gens.row(i))
		chatCoef := group.NewScalar().Multiply(di, c)
		if i+1 < n {
			next, err := v.sPrime(i + 1)
			if err != nil {
				return nil, nil, err
			}
			chatCoef.MultiplyAdd(v.delta(i+1), next, chatCoef)
		} else {
			chatCoef.Add(chatCoef, rho2c)
		}
		term(chatCoef, chat)
		term(group.NewScalar().Negate(di), that)
		gSum.MultiplyAdd(di, sHat, gSum)
		for k := range w {
			term(group.NewScalar().Multiply(rhoA[k], cu), &inRow[k].A)
			term(group.NewScalar().Multiply(rhoB[k], cu), &inRow[k].B)
			term(group.NewScalar().Multiply(rhoA[k], sp), &outRow[k].A)
			term(group.NewScalar().Multiply(rhoB[k], sp), &outRow[k].B)
		}
	}
	return group.NewElement().VarTimeMultiScalarMult(scalars, points), gSum, nil
}

func (v *verifier) sPrime(i int) (*group.Scalar, error) {
	s, err := group.NewScalar().SetBytes(v.proof.SPrime[i*32 : (i+1)*32])
	if err != nil {
		return nil, fmt.Errorf("%w: proof s_prime[%d]: %v", ErrInvalid, i+1, err)
	}
	return s, nil
}

func decodeElement(name string, b []byte) (*group.Element, error) {
	e, err := group.NewElement().SetBytes(b)
	if err != nil {
		return nil, fmt.Errorf("%w: proof %s: %v", ErrInvalid, name, err)
	}
	return e, nil
}

// reencrypted reports an output ciphertext whose α is that of an input
// ciphertext: its re-encryption randomness was 0.
func reencrypted(in, out *Rows) error {
	seen := make(map[[32]byte]struct{}, in.Len()*in.Width())
	key := func(b []byte, k int) (a [32]byte) {
		copy(a[:], b[k*CiphertextSize:])
		return a
	}
	for i := range in.Len() {
		b := in.RowBytes(i)
		for k := range in.Width() {
			seen[key(b, k)] = struct{}{}
		}
	}
	for i := range out.Len() {
		b := out.RowBytes(i)
		for k := range out.Width() {
			if _, ok := seen[key(b, k)]; ok {
				return fmt.Errorf("%w: output row %d, ciphertext %d, was not re-encrypted", ErrInvalid, i+1, k+1)
			}
		}
	}
	return nil
}
