package proof

import (
	"fmt"
	"testing"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

// The figures in docs/benchmarks.md ("Secret ballot") come from these:
//
//	go test -run '^$' -bench . ./crypto/proof/

func BenchmarkSchnorr(b *testing.B) {
	r := seeded(1)
	x := scalar(b, r)
	X := new(group.Element).ScalarBaseMult(x)
	g := group.Generator()
	p, _ := ProveSchnorr(r, binding, g, X, x)
	b.Run("prove", func(b *testing.B) {
		for b.Loop() {
			ProveSchnorr(r, binding, g, X, x)
		}
	})
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			if err := p.Verify(binding, g, X); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDLEQ(b *testing.B) {
	r := seeded(2)
	x := scalar(b, r)
	g, H := group.Generator(), element(b, r)
	X, Z := new(group.Element).ScalarBaseMult(x), new(group.Element).ScalarMult(x, H)
	p, _ := ProveDLEQ(r, binding, g, X, H, Z, x)
	b.Run("prove", func(b *testing.B) {
		for b.Loop() {
			ProveDLEQ(r, binding, g, X, H, Z, x)
		}
	})
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			if err := p.Verify(binding, g, X, H, Z); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRange measures 0/1 proofs (hi = 1) and a 0..5 range proof.
func BenchmarkRange(b *testing.B) {
	r := seeded(3)
	pk := testKey(b, r)
	for _, hi := range []uint64{1, 5} {
		c, rr := encrypt(b, r, pk, 1)
		p, _ := ProveRange(r, binding, pk, c, 1, rr, 0, hi)
		b.Run(fmt.Sprintf("0..%d/prove", hi), func(b *testing.B) {
			for b.Loop() {
				ProveRange(r, binding, pk, c, 1, rr, 0, hi)
			}
		})
		b.Run(fmt.Sprintf("0..%d/verify", hi), func(b *testing.B) {
			for b.Loop() {
				if err := p.Verify(binding, pk, c, 0, hi); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBatchRange01 verifies batches of 0/1 proofs (with their
// ciphertexts decoded from bytes, as a verifier reads them) and reports
// the cost per proof.
func BenchmarkBatchRange01(b *testing.B) {
	r := seeded(4)
	pk := testKey(b, r)
	const n = 1000
	cts := make([][]byte, n)
	proofs := make([][]byte, n)
	for i := range n {
		c, rr := encrypt(b, r, pk, uint64(i%2))
		p, _ := ProveRange(r, binding, pk, c, uint64(i%2), rr, 0, 1)
		cts[i], _ = c.MarshalBinary()
		proofs[i], _ = p.MarshalBinary()
	}
	for _, decode := range []bool{false, true} {
		decoded := make([]*elgamal.Ciphertext, n)
		dproofs := make([]*Range, n)
		load := func() {
			for i := range n {
				decoded[i], dproofs[i] = new(elgamal.Ciphertext), new(Range)
				if err := decoded[i].UnmarshalBinary(cts[i]); err != nil {
					b.Fatal(err)
				}
				if err := dproofs[i].UnmarshalBinary(proofs[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
		load()
		name := "predecoded"
		if decode {
			name = "with-decoding"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if decode {
					load()
				}
				bt := NewBatch()
				for i := range n {
					if err := dproofs[i].AddToBatch(bt, binding, pk, decoded[i], 0, 1); err != nil {
						b.Fatal(err)
					}
				}
				if err := bt.Verify(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/proof")
		})
	}
}

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

// BenchmarkBallot5 measures a five-candidate single-choice ballot: making
// it (encryption and proofs), verifying it alone, and verifying it in
// batches of 256 from bytes, on one core and on all (ns/ballot).
func BenchmarkBallot5(b *testing.B) {
	r := seeded(6)
	pk := testKey(b, r)
	b.Run("prove", func(b *testing.B) {
		for b.Loop() {
			makeBallot(b, r, pk, 2)
		}
	})
	const n = 256
	ballots := make([]ballot, n)
	for i := range ballots {
		ballots[i] = makeBallot(b, r, pk, i%5)
	}
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			bt := NewBatch()
			if err := addBallot(bt, pk, ballots[0]); err != nil {
				b.Fatal(err)
			}
			if err := bt.Verify(); err != nil {
				b.Fatal(err)
			}
		}
	})
	verifyAll := func(b *testing.B) {
		bt := NewBatch()
		for _, bl := range ballots {
			if err := addBallot(bt, pk, bl); err != nil {
				b.Fatal(err)
			}
		}
		if err := bt.Verify(); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("batch256", func(b *testing.B) {
		for b.Loop() {
			verifyAll(b)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/ballot")
	})
	b.Run("batch256-parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				verifyAll(b)
			}
		})
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/ballot")
	})
}
