package shuffle

import (
	"errors"
	"fmt"
	"io"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

// Params are the public values a mix is bound to besides its input and
// output.
type Params struct {
	// Fingerprint identifies the election. The generators are derived
	// from it, and every challenge hashes it.
	Fingerprint []byte
	// Context places the mix in the election, for example "mix 2 of 3"
	// and the hash of its input; every challenge hashes it, so a proof
	// cannot be replayed at another place.
	Context []byte
	// Key is the election public key Y the ciphertexts are encrypted to.
	Key *elgamal.PublicKey
}

func (p *Params) check() error {
	if p.Key == nil {
		return errors.New("shuffle: no election key")
	}
	if len(p.Fingerprint) == 0 {
		return errors.New("shuffle: empty election fingerprint")
	}
	return nil
}

// Mix shuffles in: it permutes the rows at random, re-encrypts every
// ciphertext under p.Key, and proves that it did. All the secret
// randomness comes from rand (crypto/rand.Reader outside tests); it is
// forgotten when Mix returns, and with it the permutation.
func Mix(rand io.Reader, p *Params, in *Rows) (*Rows, *Proof, error) {
	if err := p.check(); err != nil {
		return nil, nil, err
	}
	n, w := in.Len(), in.Width()
	if n > MaxRows || w > MaxWidth {
		return nil, nil, fmt.Errorf("shuffle: %d rows of width %d is too many", n, w)
	}
	pr := &prover{p: p, in: in, n: n, w: w}
	if _, err := io.ReadFull(rand, pr.sec.seed[:]); err != nil {
		return nil, nil, fmt.Errorf("shuffle: read randomness: %w", err)
	}
	return pr.run()
}

// A prover holds the state of one Mix between its passes over the rows.
type prover struct {
	p    *Params
	in   *Rows
	n, w int
	sec  secrets
	psi  []int32

	gens  *generators
	hTab  *group.Table
	out   []byte
	proof Proof

	// tamper, in tests only, changes an output row before it is written
	// and committed to, to play a cheating mixer.
	tamper func(i int, row []elgamal.Ciphertext)

	u []*group.Scalar // u_j, by input row
	// Per chunk: the chain values R and U before the chunk's first row.
	chainR, chainU []group.Scalar
}

func (pr *prover) run() (*Rows, *Proof, error) {
	pr.psi = pr.sec.permutation(pr.n)
	pr.gens = newGenerators(pr.p.Fingerprint)
	pr.hTab = group.NewTable(pr.gens.h)

	if err := pr.shuffle(); err != nil {
		return nil, nil, err
	}
	out, _ := NewRows(pr.w, pr.out)
	tr := newStatement(pr.p, pr.in, out, pr.proof.C)
	pr.u = rowChallenges(tr, pr.n)
	rbar, rtilde, rprime, rhat := pr.chainAndSums()
	if err := pr.commitChain(); err != nil {
		return nil, nil, err
	}
	c := finalChallenge(tr, &pr.proof)
	pr.respond(c, rbar, rtilde, rprime, rhat)
	return out, &pr.proof, nil
}
