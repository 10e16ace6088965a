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
