package group

import (
	"fmt"
	"testing"
)

// The figures in docs/benchmarks.md ("Secret ballot") come from these:
//
//	go test -run '^$' -bench . ./crypto/group/

func BenchmarkScalarMult(b *testing.B) {
	s, p := testScalars(1, 1)[0], HashToElement("bench", nil)
	var e Element
	for b.Loop() {
		e.ScalarMult(s, p)
	}
}

func BenchmarkScalarBaseMult(b *testing.B) {
	s := testScalars(1, 1)[0]
	var e Element
	for b.Loop() {
		e.ScalarBaseMult(s)
	}
}

func BenchmarkTableScalarMult(b *testing.B) {
	s, table := testScalars(1, 1)[0], NewTable(HashToElement("bench", nil))
	var e Element
	for b.Loop() {
		table.ScalarMult(&e, s)
	}
}

func BenchmarkNewTable(b *testing.B) {
	p := HashToElement("bench", nil)
	for b.Loop() {
		NewTable(p)
	}
}

func BenchmarkVarTimeDoubleScalarBaseMult(b *testing.B) {
	s := testScalars(2, 1)
	p := HashToElement("bench", nil)
	var e Element
	for b.Loop() {
		e.VarTimeDoubleScalarBaseMult(s[0], p, s[1])
	}
}

func BenchmarkEncode(b *testing.B) {
	p := new(Element).Add(HashToElement("bench", nil), NewElement())
	for b.Loop() {
		p.Bytes()
	}
}

func BenchmarkDecode(b *testing.B) {
	enc := HashToElement("bench", nil).Bytes()
	var e Element
	for b.Loop() {
		if _, err := e.SetBytes(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHashToElement(b *testing.B) {
	for b.Loop() {
		HashToElement("bench", []byte("message"))
	}
}

// BenchmarkMSM reports the cost per term (ns/term) of a multi-scalar
// multiplication of each size.
func BenchmarkMSM(b *testing.B) {
	for _, n := range []int{64, 256, 1024, 4096, 16384, 65536} {
		scalars := testScalars(n, 2)
		elems := make([]*Element, n)
		g := HashToElement("bench", nil)
		for i := range elems {
			elems[i] = new(Element).Add(g, new(Element).ScalarBaseMult(scalars[(i+1)%n]))
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var e Element
			for b.Loop() {
				e.VarTimeMultiScalarMult(scalars, elems)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/term")
		})
	}
}
