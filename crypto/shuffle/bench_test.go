package shuffle

import (
	"fmt"
	"testing"
)

// BenchmarkMix and BenchmarkVerify report the time per row (ns/row) of one
// mixer for n width-1 rows; scripts in docs/benchmarks.md run them with
// -benchtime=1x at n = 100,000.
func BenchmarkMix(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			e := newElection(b, n, 1, 1)
			b.ResetTimer()
			for range b.N {
				if _, _, err := Mix(testRand(1), e.params, e.in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			e := newElection(b, n, 1, 1)
			out, proof, err := Mix(testRand(1), e.params, e.in)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				if err := Verify(testRand(2), e.params, e.in, out, proof); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
		})
	}
}

var benchRows = 4096

func benchSizes() []int { return []int{benchRows} }
