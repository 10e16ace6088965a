package count

import (
	"slices"
	"strconv"
	"testing"
)

// The vectors below were printed by OpenJDK 17's java.util.Random,
// Collections.shuffle and HashSet, which RCTab's tiebreaks use.

func TestJavaRandom(t *testing.T) {
	tests := []struct {
		seed    int64
		doubles []float64
		ints    []int32 // nextInt(1), (2), (3), (5), (7), (10), (16), (1000), after the doubles
		shuffle []string
	}{
		{0, []float64{0.730967787376657, 0.24053641567148587, 0.6374174253501083},
			[]int32{0, 0, 0, 4, 1, 7, 6, 262}, []string{"echo", "Bravo", "charlie", "foxtrot", "delta", "Alpha"}},
		{1, []float64{0.7308781907032909, 0.41008081149220166, 0.20771484130971707},
			[]int32{0, 1, 1, 3, 5, 3, 15, 263}, []string{"echo", "charlie", "Alpha", "Bravo", "foxtrot", "delta"}},
		{42, []float64{0.7275636800328681, 0.6832234717598454, 0.30871945533265976},
			[]int32{0, 1, 1, 3, 3, 2, 5, 292}, []string{"Bravo", "Alpha", "echo", "foxtrot", "delta", "charlie"}},
		{-7, []float64{0.2691218093260761, 0.6731811902798038, 0.5214896372918163},
			[]int32{0, 0, 0, 4, 3, 1, 14, 195}, []string{"delta", "Bravo", "Alpha", "foxtrot", "charlie", "echo"}},
		{123456789012, []float64{0.013835938433091277, 0.5246133121787082, 0.37897836041502697},
			[]int32{0, 1, 1, 4, 3, 3, 7, 470}, []string{"Bravo", "foxtrot", "delta", "echo", "charlie", "Alpha"}},
	}
	for _, tt := range tests {
		r := newJavaRandom(tt.seed)
		for i, want := range tt.doubles {
			if got := r.nextDouble(); got != want {
				t.Errorf("seed %d: nextDouble #%d = %v, want %v", tt.seed, i+1, got, want)
			}
		}
		for i, bound := range []int32{1, 2, 3, 5, 7, 10, 16, 1000} {
			if got := r.nextInt(bound); got != tt.ints[i] {
				t.Errorf("seed %d: nextInt(%d) = %d, want %d", tt.seed, bound, got, tt.ints[i])
			}
		}
		l := []string{"delta", "Alpha", "charlie", "Bravo", "echo", "foxtrot"}
		slices.SortFunc(l, javaCompare)
		newJavaRandom(tt.seed).shuffle(len(l), func(i, j int) { l[i], l[j] = l[j], l[i] })
		if !slices.Equal(l, tt.shuffle) {
			t.Errorf("seed %d: shuffle %q, want %q", tt.seed, l, tt.shuffle)
		}
	}
}

func TestJavaHashSetOrder(t *testing.T) {
	tests := []struct{ in, want []string }{
		{
			[]string{"MARK ANDREW", "BETSY HODGES", "DON SAMUELS", "CAM WINTON", "Undeclared Write-ins", "A", "B", "C", "Candidate A Name", "Émile", "zz", "ab", "ba"},
			[]string{"zz", "BETSY HODGES", "A", "ab", "B", "Candidate A Name", "C", "DON SAMUELS", "Undeclared Write-ins", "MARK ANDREW", "CAM WINTON", "Émile", "ba"},
		},
	}
	var big, bigWant []string
	for i := range 30 {
		big = append(big, "Cand"+strconv.Itoa(i))
	}
	for _, i := range []int{19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 5, 4, 7, 6, 1, 0, 3, 2, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20} {
		bigWant = append(bigWant, "Cand"+strconv.Itoa(i))
	}
	tests = append(tests, struct{ in, want []string }{big, bigWant})
	for _, tt := range tests {
		p := &Profile{Candidates: tt.in}
		idx := make([]int, len(tt.in))
		for i := range idx {
			idx[i] = i
		}
		got := names(p, javaHashSetOrder(p, idx))
		if !slices.Equal(got, tt.want) {
			t.Errorf("HashSet order\n got %q\nwant %q", got, tt.want)
		}
	}
}
