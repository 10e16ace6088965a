package proof

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

// BenchmarkCosts measures the cost model of docs/benchmarks.md ("Secret
// ballot") in one run:
//
//	go test -run '^$' -bench Costs -benchtime 2s ./crypto/proof/
//
// Besides wall time it reports cpu-ns/op, the process's CPU time per
// operation, which is what a shared machine distorts least.
func BenchmarkCosts(b *testing.B) {
	r := seeded(7)
	pk := testKey(b, r)
	s, p := scalar(b, r), element(b, r)
	table := group.NewTable(p)
	var e group.Element
	g := group.Generator()
	run := func(name string, perOp int, f func()) {
		b.Run(name, func(b *testing.B) {
			start := cpuTime()
			for b.Loop() {
				f()
			}
			cpu := float64((cpuTime() - start).Nanoseconds()) / float64(b.N)
			b.ReportMetric(cpu/float64(perOp), "cpu-ns/"+unit(perOp))
		})
	}
	run("group/scalar-mult", 1, func() { e.ScalarMult(s, p) })
	run("group/scalar-base-mult", 1, func() { e.ScalarBaseMult(s) })
	run("group/table-scalar-mult", 1, func() { table.ScalarMult(&e, s) })
	run("group/new-table", 1, func() { group.NewTable(p) })
	run("group/double-scalar-base-mult", 1, func() { e.VarTimeDoubleScalarBaseMult(s, p, s) })
	enc := p.Bytes()
	run("group/decode", 1, func() { e.SetBytes(enc) })
	run("group/encode", 1, func() { new(group.Element).Add(p, g).Bytes() })
	run("group/hash-to-element", 1, func() { group.HashToElement("costs", enc) })
	for _, n := range []int{64, 256, 1024, 4096, 16384, 65536} {
		scalars := make([]*group.Scalar, n)
		elems := make([]*group.Element, n)
		for i := range n {
			scalars[i], elems[i] = scalar(b, r), group.DeriveGenerator("costs", uint64(i))
		}
		run(fmt.Sprintf("group/msm-%d", n), n, func() { e.VarTimeMultiScalarMult(scalars, elems) })
	}
	m := group.NewScalarUint64(1)
	run("elgamal/encrypt", 1, func() { pk.Encrypt(m, s) })

	dlog := elgamal.NewDLog(1_000_000)
	big := new(group.Element).ScalarBaseMult(group.NewScalarUint64(999_999))
	run("elgamal/dlog-1M-worst", 1, func() { dlog.Solve(big) })

	x := scalar(b, r)
	X := new(group.Element).ScalarBaseMult(x)
	sp, _ := ProveSchnorr(r, binding, g, X, x)
	run("schnorr/prove", 1, func() { ProveSchnorr(r, binding, g, X, x) })
	run("schnorr/verify", 1, func() { sp.Verify(binding, g, X) })
	const many = 1000
	schnorrs := make([]*Schnorr, many)
	keys := make([]*group.Element, many)
	for i := range many {
		xi := scalar(b, r)
		keys[i] = new(group.Element).ScalarBaseMult(xi)
		schnorrs[i], _ = ProveSchnorr(r, binding, g, keys[i], xi)
	}
	run("schnorr/verify-batched", many, func() {
		bt := NewBatch()
		for i := range many {
			schnorrs[i].AddToBatch(bt, binding, g, keys[i])
		}
		if bt.Verify() != nil {
			b.Fatal("batch fails")
		}
	})
	Z := new(group.Element).ScalarMult(x, p)
	dp, _ := ProveDLEQ(r, binding, g, X, p, Z, x)
	run("dleq/prove", 1, func() { ProveDLEQ(r, binding, g, X, p, Z, x) })
	run("dleq/verify", 1, func() { dp.Verify(binding, g, X, p, Z) })
	// A trustee's partial decryptions: one key, many ciphertexts.
	bases := make([]*group.Element, many)
	factors := make([]*group.Element, many)
	dleqs := make([]*DLEQ, many)
	for i := range many {
		bases[i] = element(b, r)
		factors[i] = new(group.Element).ScalarMult(x, bases[i])
		dleqs[i], _ = ProveDLEQ(r, binding, g, X, bases[i], factors[i], x)
	}
	run("dleq/verify-batched", many, func() {
		bt := NewBatch()
		for i := range many {
			dleqs[i].AddToBatch(bt, binding, g, X, bases[i], factors[i])
		}
		if bt.Verify() != nil {
			b.Fatal("batch fails")
		}
	})
	c, rr := encrypt(b, r, pk, 1)
	rp, _ := ProveRange(r, binding, pk, c, 1, rr, 0, 1)
	run("range01/prove", 1, func() { ProveRange(r, binding, pk, c, 1, rr, 0, 1) })
	run("range01/verify", 1, func() { rp.Verify(binding, pk, c, 0, 1) })

	const n = 256
	ballots := make([]ballot, n)
	for i := range ballots {
		ballots[i] = makeBallot(b, r, pk, i%5)
	}
	run("range01/verify-batched", 5*n, func() {
		bt := NewBatch()
		for _, bl := range ballots {
			for k := range bl.cts {
				var c elgamal.Ciphertext
				var p Range
				c.UnmarshalBinary(bl.cts[k])
				p.UnmarshalBinary(bl.proofs[k])
				p.AddToBatch(bt, binding, pk, &c, 0, 1)
			}
		}
		if bt.Verify() != nil {
			b.Fatal("batch fails")
		}
	})
	run("ballot5/prove", 1, func() { makeBallot(b, r, pk, 3) })
	run("ballot5/verify", 1, func() {
		bt := NewBatch()
		addBallot(bt, pk, ballots[0])
		if bt.Verify() != nil {
			b.Fatal("ballot fails")
		}
	})
	verifyAll := func() {
		bt := NewBatch()
		for _, bl := range ballots {
			if err := addBallot(bt, pk, bl); err != nil {
				b.Fatal(err)
			}
		}
		if bt.Verify() != nil {
			b.Fatal("batch fails")
		}
	}
	run("ballot5/verify-batched", n, verifyAll)
	b.Run("ballot5/verify-batched-all-cores", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				verifyAll()
			}
		})
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/ballot")
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "ballots/s")
		b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
	})
}

func unit(perOp int) string {
	if perOp == 1 {
		return "op"
	}
	return "item"
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
