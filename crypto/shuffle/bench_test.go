//go:build unix

package shuffle

import (
	"flag"
	"fmt"
	"syscall"
	"testing"
	"time"

	"plenum/crypto/group"
)

// The benchmarks report, besides the wall time, the CPU time of the process
// per row (cpu-ns/row): on a machine shared with other work the wall time
// says little, while the CPU time divided by the cores is what the work
// takes on the machine alone. BenchmarkOps measures the group operations a
// row costs, for the ratio to the limit they imply (docs/benchmarks.md):
//
//	go test ./crypto/shuffle -run X -bench . -benchtime 1x -rows 100000

var benchRows = flag.Int("rows", 4096, "rows mixed by BenchmarkMix and BenchmarkVerify")

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU runs f b.N times and reports its CPU time per unit.
func reportCPU(b *testing.B, units int, unit string, f func()) {
	b.ResetTimer()
	start := cpuTime()
	for range b.N {
		f()
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N*units), "cpu-ns/"+unit)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*units), "ns/"+unit)
}

func BenchmarkMix(b *testing.B) {
	n := *benchRows
	b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
		e := newElection(b, n, 1, 1)
		reportCPU(b, n, "row", func() {
			if _, _, err := Mix(testRand(1), e.params, e.in); err != nil {
				b.Fatal(err)
			}
		})
	})
}

func BenchmarkVerify(b *testing.B) {
	n := *benchRows
	b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
		e := newElection(b, n, 1, 1)
		out, proof, err := Mix(testRand(1), e.params, e.in)
		if err != nil {
			b.Fatal(err)
		}
		reportCPU(b, n, "row", func() {
			if err := Verify(testRand(2), e.params, e.in, out, proof); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// BenchmarkOps measures, on one core, the operations of a row: E a
// constant-time variable-base multiplication, G one by the base point and
// F one by another fixed base (group.Table),
// M one term of a 32,768-term multi-scalar multiplication, and decoding,
// encoding and hashing to the group.
func BenchmarkOps(b *testing.B) {
	r := testRand(3)
	s := mustScalar(r)
	p := group.NewElement().ScalarBaseMult(mustScalar(r))
	tab := group.NewTable(p)
	enc := p.Bytes()
	b.Run("E", func(b *testing.B) {
		reportCPU(b, 1, "op", func() { p.ScalarMult(s, p) })
	})
	b.Run("G", func(b *testing.B) {
		e := group.NewElement()
		reportCPU(b, 1, "op", func() { e.ScalarBaseMult(s) })
	})
	b.Run("F", func(b *testing.B) {
		e := group.NewElement()
		reportCPU(b, 1, "op", func() { tab.ScalarMult(e, s) })
	})
	b.Run("M", func(b *testing.B) {
		const n = 32768
		ss, ps := make([]*group.Scalar, n), make([]*group.Element, n)
		for i := range ss {
			ss[i], ps[i] = mustScalar(r), group.NewElement().ScalarBaseMult(mustScalar(r))
		}
		e := group.NewElement()
		reportCPU(b, n, "term", func() { e.VarTimeMultiScalarMult(ss, ps) })
	})
	b.Run("decode", func(b *testing.B) {
		e := group.NewElement()
		reportCPU(b, 1, "op", func() { e.SetBytes(enc) })
	})
	b.Run("encode", func(b *testing.B) {
		e := group.NewElement().Add(p, p)
		reportCPU(b, 1, "op", func() { e.Add(e, p).Bytes() })
	})
	b.Run("hash-to-group", func(b *testing.B) {
		g := newGenerators([]byte("bench"))
		i := 0
		reportCPU(b, 1, "op", func() { g.row(i); i++ })
	})
}
