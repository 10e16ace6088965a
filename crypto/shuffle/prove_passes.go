package shuffle

import (
	"fmt"

	"plenum/crypto/group"
)

// The prover makes four passes over the rows, each in parallel chunks:
// shuffle (output, permutation commitments, t3 and t4), chainAndSums (the
// scalar recursions of the commitment chain), commitChain (ĉ and t̂), and
// respond (ŝ and s'). Between passes it keeps encodings and one scalar per
// input row (u), never a decoded list.

// omega returns ω1, ω2, ω3 (k = 1, 2, 3) or ω4 of column k-4.
func (pr *prover) omega(k int) *group.Scalar { return pr.sec.scalar(secGlobalNonce, 0, k) }

// shuffle computes the output rows and the permutation commitments, and the
// commitments t3, t4α and t4β, which need no challenge.
func (pr *prover) shuffle() error {
	n, w := pr.n, pr.w
	pr.out = make([]byte, n*w*CiphertextSize)
	pr.proof.C = make([]byte, n*group.ElementSize)
	chunks := (n + chunkRows - 1) / chunkRows
	// Per chunk: Σ ω'_i·H_i, then Σ ω'_i·α'_{i,k} and Σ ω'_i·β'_{i,k}.
	partial := make([][]*group.Element, chunks)
	err := forChunks(n, chunkRows, func(lo, hi int) error {
		acc := make([]*group.Element, 1+2*w)
		for k := range acc {
			acc[k] = group.NewElement()
		}
		for i := lo; i < hi; i++ {
			if err := pr.shuffleRow(i, acc); err != nil {
				return err
			}
		}
		partial[lo/chunkRows] = acc
		return nil
	})
	if err != nil {
		return err
	}
	sum := make([]*group.Element, 1+2*w)
	for k := range sum {
		sum[k] = group.NewElement()
		for _, acc := range partial {
			sum[k].Add(sum[k], acc[k])
		}
	}
	tmp := group.NewElement()
	pr.proof.T1 = tmp.ScalarBaseMult(pr.omega(1)).Bytes()
	pr.proof.T2 = tmp.ScalarBaseMult(pr.omega(2)).Bytes()
	pr.proof.T3 = tmp.ScalarBaseMult(pr.omega(3)).Add(tmp, sum[0]).Bytes()
	for k := range w {
		negw4 := group.NewScalar().Negate(pr.omega(4 + k))
		a := group.NewElement().ScalarBaseMult(negw4)
		pr.proof.T4Alpha = a.Add(a, sum[1+k]).AppendBytes(pr.proof.T4Alpha)
		b := pr.p.Key.Table().ScalarMult(group.NewElement(), negw4)
		pr.proof.T4Beta = b.Add(b, sum[1+w+k]).AppendBytes(pr.proof.T4Beta)
	}
	return nil
}

// shuffleRow writes output row i, the commitment c_ψ(i), and adds row i's
// terms of t3 and t4 to acc. The secret-scalar products use constant-time
// multiplication: ω'_i times a public point would reveal ω'_i, and so u'_i
// and the permutation, to a timing attacker.
func (pr *prover) shuffleRow(i int, acc []*group.Element) error {
	w := pr.w
	j := int(pr.psi[i])
	row, err := pr.in.Row(j)
	if err != nil {
		return fmt.Errorf("shuffle input: %w", err)
	}
	omegaP := pr.sec.scalar(secPermNonce, i, 0)
	hi := pr.gens.row(i)
	tmp := group.NewElement()
	for k := range row {
		row[k] = *pr.p.Key.ReEncrypt(&row[k], pr.sec.scalar(secReencrypt, i, k))
	}
	if pr.tamper != nil {
		pr.tamper(i, row)
	}
	dst := pr.out[i*w*CiphertextSize:]
	for k := range row {
		ct := &row[k]
		b, _ := ct.MarshalBinary()
		copy(dst[k*CiphertextSize:], b)
		acc[1+k].Add(acc[1+k], tmp.ScalarMult(omegaP, &ct.A))
		acc[1+w+k].Add(acc[1+w+k], tmp.ScalarMult(omegaP, &ct.B))
	}
	c := tmp.ScalarBaseMult(pr.sec.scalar(secCommit, j, 0)).Add(tmp, hi)
	copy(pr.proof.C[j*group.ElementSize:], c.Bytes())
	acc[0].Add(acc[0], group.NewElement().ScalarMult(omegaP, hi))
	return nil
}

// uPrime returns u'_i = u_ψ(i).
func (pr *prover) uPrime(i int) *group.Scalar { return pr.u[pr.psi[i]] }

// chainAndSums runs the recursions R_i = r̂_i + u'_i·R_{i-1} and
// U_i = u'_i·U_{i-1} chunk by chunk in parallel (each chunk from R = 0,
// U = 1, then joined: R_hi = R_chunk + U_chunk·R_lo), keeps R and U at the
// start of every chunk for commitChain, and returns r̄ = Σ r_j,
// r̃ = Σ r_j·u_j, r'_k = Σ_i r'_{i,k}·u'_i and r̂ = R_N.
func (pr *prover) chainAndSums() (rbar, rtilde *group.Scalar, rprime []*group.Scalar, rhat *group.Scalar) {
	n, w := pr.n, pr.w
	chunks := (n + chunkRows - 1) / chunkRows
	type part struct {
		r, u, rbar, rtilde group.Scalar
		rprime             []group.Scalar
	}
	parts := make([]part, chunks)
	forChunks(n, chunkRows, func(lo, hi int) error {
		p := &parts[lo/chunkRows]
		p.u.SetUint64(1)
		p.rprime = make([]group.Scalar, w)
		for i := lo; i < hi; i++ {
			up := pr.uPrime(i)
			p.r.MultiplyAdd(up, &p.r, pr.sec.scalar(secChain, i, 0))
			p.u.Multiply(up, &p.u)
			rj := pr.sec.scalar(secCommit, i, 0)
			p.rbar.Add(&p.rbar, rj)
			p.rtilde.MultiplyAdd(rj, pr.u[i], &p.rtilde)
			for k := range w {
				p.rprime[k].MultiplyAdd(pr.sec.scalar(secReencrypt, i, k), up, &p.rprime[k])
			}
		}
		return nil
	})
	rbar, rtilde, rhat = group.NewScalar(), group.NewScalar(), group.NewScalar()
	rprime = make([]*group.Scalar, w)
	for k := range rprime {
		rprime[k] = group.NewScalar()
	}
	pr.chainR = make([]group.Scalar, chunks)
	pr.chainU = make([]group.Scalar, chunks)
	u := group.NewScalarUint64(1)
	for c := range parts {
		p := &parts[c]
		pr.chainR[c].Set(rhat)
		pr.chainU[c].Set(u)
		rhat.MultiplyAdd(&p.u, rhat, &p.r)
		u.Multiply(u, &p.u)
		rbar.Add(rbar, &p.rbar)
		rtilde.Add(rtilde, &p.rtilde)
		for k := range w {
			rprime[k].Add(rprime[k], &p.rprime[k])
		}
	}
	return rbar, rtilde, rprime, rhat
}

// commitChain computes ĉ_i = R_i·G + U_i·H and
// t̂_i = (ω̂_i + ω'_i·R_{i-1})·G + (ω'_i·U_{i-1})·H, the closed forms of
// ĉ_i = r̂_i·G + u'_i·ĉ_{i-1} and t̂_i = ω̂_i·G + ω'_i·ĉ_{i-1}.
func (pr *prover) commitChain() error {
	n := pr.n
	pr.proof.CHat = make([]byte, n*group.ElementSize)
	pr.proof.THat = make([]byte, n*group.ElementSize)
	return forChunks(n, chunkRows, func(lo, hi int) error {
		r := group.NewScalar().Set(&pr.chainR[lo/chunkRows])
		u := group.NewScalar().Set(&pr.chainU[lo/chunkRows])
		a, b := group.NewScalar(), group.NewScalar()
		e, f := group.NewElement(), group.NewElement()
		for i := lo; i < hi; i++ {
			omegaP := pr.sec.scalar(secPermNonce, i, 0)
			a.MultiplyAdd(omegaP, r, pr.sec.scalar(secChainNonce, i, 0))
			b.Multiply(omegaP, u)
			e.ScalarBaseMult(a).Add(e, pr.hTab.ScalarMult(f, b))
			copy(pr.proof.THat[i*group.ElementSize:], e.Bytes())

			up := pr.uPrime(i)
			r.MultiplyAdd(up, r, pr.sec.scalar(secChain, i, 0))
			u.Multiply(up, u)
			e.ScalarBaseMult(r).Add(e, pr.hTab.ScalarMult(f, u))
			copy(pr.proof.CHat[i*group.ElementSize:], e.Bytes())
		}
		return nil
	})
}

// respond computes the responses to the challenge c.
func (pr *prover) respond(c, rbar, rtilde *group.Scalar, rprime []*group.Scalar, rhat *group.Scalar) {
	resp := func(omega, x *group.Scalar) []byte {
		// ω - c·x
		return group.NewScalar().Subtract(omega, group.NewScalar().Multiply(c, x)).Bytes()
	}
	pr.proof.S1 = resp(pr.omega(1), rbar)
	pr.proof.S2 = resp(pr.omega(2), rhat)
	pr.proof.S3 = resp(pr.omega(3), rtilde)
	for k := range pr.w {
		pr.proof.S4 = append(pr.proof.S4, resp(pr.omega(4+k), rprime[k])...)
	}
	n := pr.n
	pr.proof.SHat = make([]byte, n*group.ScalarSize)
	pr.proof.SPrime = make([]byte, n*group.ScalarSize)
	forChunks(n, chunkRows, func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			copy(pr.proof.SHat[i*group.ScalarSize:], resp(pr.sec.scalar(secChainNonce, i, 0), pr.sec.scalar(secChain, i, 0)))
			copy(pr.proof.SPrime[i*group.ScalarSize:], resp(pr.sec.scalar(secPermNonce, i, 0), pr.uPrime(i)))
		}
		return nil
	})
}
