package shuffle

import (
	"flag"
	"fmt"
	"testing"
)

// BenchmarkMix and BenchmarkVerify report the time per row (ns/row) of one
// mixer for width-1 rows (a ranking of up to 40 candidates); the figures in
// docs/benchmarks.md come from
//
//	go test ./crypto/shuffle -run X -bench . -benchtime 1x -rows 100000
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

var benchRows = flag.Int("rows", 4096, "rows mixed by BenchmarkMix and BenchmarkVerify")

func benchSizes() []int { return []int{*benchRows} }
