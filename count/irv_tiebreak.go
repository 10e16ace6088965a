package count

import (
	"fmt"
	"math"
	"slices"
	"unicode/utf16"
)

// breakTie chooses among tied the candidate to elect (winner) or to
// eliminate, as RCTab's tiebreak modes do, and records the tie in r.
func (t *irvCount) breakTie(r *irvRound, tied []int, winner bool) (int, error) {
	tied = slices.Clone(tied)
	slices.SortFunc(tied, func(a, b int) int { return javaCompare(t.p.Candidates[a], t.p.Candidates[b]) })
	var chosen int
	var by string
	var err error
	switch t.opt.Tiebreak {
	case TiebreakRandom:
		chosen, by = t.draw(tied), t.drawName()
	case TiebreakCandidateOrder, TiebreakGeneratePermutation:
		chosen, err = t.byPermutation(tied, winner)
		by = "candidate order"
		if t.opt.Tiebreak == TiebreakGeneratePermutation {
			by = fmt.Sprintf("permutation drawn with seed %d", t.opt.Seed)
		}
	case TiebreakAsk:
		chosen, err = t.ask(tied, winner)
		by = "operator"
	default:
		chosen, by, err = t.byEarlierRounds(tied, winner)
	}
	if err != nil {
		return 0, err
	}
	what := "elimination"
	if winner {
		what = "election"
	}
	r.ties = append(r.ties, Tie{
		Candidates: names(t.p, tied), Chosen: []string{t.p.Candidates[chosen]}, For: what, BrokenBy: by,
	})
	return chosen, nil
}

func (t *irvCount) drawName() string {
	return fmt.Sprintf("random draw (java.util.Random, seed %d)", t.opt.Seed)
}

// draw picks one of tied as RCTab does: floor(nextDouble() × n).
func (t *irvCount) draw(tied []int) int {
	return tied[int(math.Floor(t.rnd.nextDouble()*float64(len(tied))))]
}

// byPermutation picks the tied candidate earliest in the tiebreak order to
// win, or latest to lose.
func (t *irvCount) byPermutation(tied []int, winner bool) (int, error) {
	order := slices.Clone(t.perm)
	if !winner {
		slices.Reverse(order)
	}
	for _, c := range order {
		if slices.Contains(tied, c) {
			return c, nil
		}
	}
	return 0, fmt.Errorf("%w: tied candidate %s is not in the tiebreak order", ErrInvalid, t.p.Candidates[tied[0]])
}

func (t *irvCount) ask(tied []int, winner bool) (int, error) {
	if t.opt.Ask == nil {
		return 0, fmt.Errorf("round %d: %w", t.round(), ErrTie)
	}
	name, err := t.opt.Ask(t.round(), names(t.p, tied), winner)
	if err != nil {
		return 0, err
	}
	for _, c := range tied {
		if t.p.Candidates[c] == name {
			return c, nil
		}
	}
	return 0, fmt.Errorf("tiebreak choice %q is not one of the tied candidates", name)
}

// byEarlierRounds looks back round by round for one where the tied
// candidates' votes differ, keeping those with the fewest (or most) votes,
// then falls back to a draw or to the operator. The order in which RCTab
// lists the candidates still tied is that of a java.util.HashSet of their
// names, which decides the draw, so it is reproduced.
func (t *irvCount) byEarlierRounds(tied []int, winner bool) (int, string, error) {
	contention := tied
	for rr := t.round() - 1; rr >= 1; rr-- {
		prev := t.rounds[rr-1]
		order := javaHashSetOrder(t.p, contention)
		contention = irvExtreme(prev, order, winner)
		if len(contention) == 1 {
			return contention[0], fmt.Sprintf("votes in round %d", rr), nil
		}
	}
	if t.opt.Tiebreak == TiebreakPreviousRoundsThenAsk {
		c, err := t.ask(contention, winner)
		return c, "earlier rounds, then operator", err
	}
	return t.draw(contention), "earlier rounds, then " + t.drawName(), nil
}

// javaHashSetOrder is the iteration order of new HashSet<>(list) of the
// candidates' names: by bucket of the spread String.hashCode, then by
// insertion.
func javaHashSetOrder(p *Profile, cs []int) []int {
	capacity := max(int(float32(len(cs))/0.75)+1, 16)
	size := 1
	for size < capacity {
		size <<= 1
	}
	bucket := func(c int) uint32 {
		h := javaStringHash(p.Candidates[c])
		return (h ^ h>>16) & uint32(size-1)
	}
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b int) int { return int(bucket(a)) - int(bucket(b)) })
	return out
}

func javaStringHash(s string) uint32 {
	var h uint32
	for _, u := range utf16.Encode([]rune(s)) {
		h = 31*h + uint32(u)
	}
	return h
}

// javaCompare orders strings as Java's String.compareTo does: by UTF-16
// code units.
func javaCompare(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

// javaRandom is java.util.Random, bit for bit: a 48-bit linear
// congruential generator.
type javaRandom struct{ seed uint64 }

const (
	javaMultiplier = 0x5DEECE66D
	javaMask       = 1<<48 - 1
)

func newJavaRandom(seed int64) *javaRandom {
	return &javaRandom{seed: (uint64(seed) ^ javaMultiplier) & javaMask}
}

func (r *javaRandom) next(bits uint) int32 {
	r.seed = (r.seed*javaMultiplier + 0xB) & javaMask
	return int32(int64(r.seed) >> (48 - bits))
}

func (r *javaRandom) nextDouble() float64 {
	return float64(int64(r.next(26))<<27+int64(r.next(27))) * 0x1p-53
}

// nextInt is Random.nextInt(bound) for bound > 0.
func (r *javaRandom) nextInt(bound int32) int32 {
	if bound&-bound == bound {
		return int32(int64(bound) * int64(r.next(31)) >> 31)
	}
	for {
		bits := r.next(31)
		val := bits % bound
		if bits-val+(bound-1) >= 0 { // int32 overflow marks a biased draw
			return val
		}
	}
}

// shuffle is Collections.shuffle(list, random) on a list of n elements.
func (r *javaRandom) shuffle(n int, swap func(i, j int)) {
	for i := n; i > 1; i-- {
		swap(i-1, int(r.nextInt(int32(i))))
	}
}
