package proof

import (
	"testing"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

// ballot is the cryptographic shape of a single-choice ballot over five
// candidates, as bytes on the wire: five ciphertexts with 0/1 proofs and a
// proof that their sum is 1. The secret ballot's own format adds a
// signature and framing; this measures the proofs.
type ballot struct {
	cts    [][]byte
	proofs [][]byte
	sum    []byte
}

func makeBallot(b *testing.B, r interface{ Read([]byte) (int, error) }, pk *elgamal.PublicKey, choice int) ballot {
	var bl ballot
	var cts []*elgamal.Ciphertext
	rsum := group.NewScalar()
	for k := range 5 {
		m := uint64(0)
		if k == choice {
			m = 1
		}
		c, rr, err := pk.EncryptRandom(r, group.NewScalarUint64(m))
		if err != nil {
			b.Fatal(err)
		}
		p, err := ProveRange(r, binding, pk, c, m, rr, 0, 1)
		if err != nil {
			b.Fatal(err)
		}
		cb, _ := c.MarshalBinary()
		pb, _ := p.MarshalBinary()
		bl.cts, bl.proofs = append(bl.cts, cb), append(bl.proofs, pb)
		cts = append(cts, c)
		rsum.Add(rsum, rr)
	}
	sp, err := ProveRange(r, binding, pk, elgamal.Sum(cts), 1, rsum, 1, 1)
	if err != nil {
		b.Fatal(err)
	}
	bl.sum, _ = sp.MarshalBinary()
	return bl
}

// addBallot decodes a ballot and adds its proofs to bt.
func addBallot(bt *Batch, pk *elgamal.PublicKey, bl ballot) error {
	cts := make([]*elgamal.Ciphertext, len(bl.cts))
	for k := range bl.cts {
		cts[k] = new(elgamal.Ciphertext)
		var p Range
		if err := cts[k].UnmarshalBinary(bl.cts[k]); err != nil {
			return err
		}
		if err := p.UnmarshalBinary(bl.proofs[k]); err != nil {
			return err
		}
		if err := p.AddToBatch(bt, binding, pk, cts[k], 0, 1); err != nil {
			return err
		}
	}
	var sp Range
	if err := sp.UnmarshalBinary(bl.sum); err != nil {
		return err
	}
	return sp.AddToBatch(bt, binding, pk, elgamal.Sum(cts), 1, 1)
}
