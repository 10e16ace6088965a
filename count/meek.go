package count

import (
	"fmt"
	"math/big"
	"slices"
)

// Meek counts p by the Meek rule as the Proportional Representation
// Foundation's reference rule states it (and Droop's meek-prf and stv-rs
// implement it): every ballot passes, in order of preference, to each
// candidate the part of its remaining weight that candidate's keep factor
// says, rounded up to the arithmetic's places; excluded candidates keep
// nothing, hopeful ones everything. The quota is the continuing vote
// divided by seats+1, truncated, plus one unit of the last place. Elected
// candidates' keep factors are scaled by quota ÷ votes (keep × quota
// rounded up, then ÷ votes rounded up) until the total surplus (elected
// candidates' votes less the quota, those below it counting against it)
// falls below omega (10^-6) or stops falling; then the
// hopefuls at or above the quota are elected, or if none is, the hopeful
// with fewest votes is excluded (ties by the election's tie-break order,
// else by lot; candidates within the total surplus of the lowest count as
// tied with it). Arithmetic is 9-place fixed point, or with opt.Exact exact
// rationals (keep factors rounded up to 18 places, or they would grow
// without bound). A ballot's equal rankings end it, as in the Gregory rules.
func Meek(p *Profile, opt STVOptions) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.Seats < 1 {
		return nil, fmt.Errorf("%w: stv-meek needs at least one seat", ErrInvalid)
	}
	if opt.Exact {
		return meek[*big.Rat](p, opt, ratArith{})
	}
	if opt.Places == 0 {
		opt.Places = 9
	}
	return meek[int64](p, opt, fixedArith{NewFixed(opt.Places)})
}

// arith is the arithmetic a Meek count runs in.
type arith[T any] interface {
	fromInt(n int64) T
	add(a, b T) T
	sub(a, b T) T
	mulUp(a, b T) T        // a×b, rounded up to the arithmetic's places
	scaleUp(a, b, c T) T   // a×b÷c, rounded up
	mulInt(a T, n int64) T // a×n, exactly
	quota(total T, seats int) T
	cmp(a, b T) int
	// reaches says whether a vote elects under quota: fixed-point quotas
	// already include one unit more than the share, exact ones do not.
	reaches(vote, quota T) bool
	number(a T) Number
	omega() T
}

type fixedArith struct{ f Fixed }

func (a fixedArith) fromInt(n int64) int64       { return a.f.FromInt(n) }
func (fixedArith) add(x, y int64) int64          { return x + y }
func (fixedArith) sub(x, y int64) int64          { return x - y }
func (a fixedArith) mulUp(x, y int64) int64      { return a.f.MulUp(x, y) }
func (a fixedArith) scaleUp(x, y, z int64) int64 { return a.f.DivUp(a.f.MulUp(x, y), z) }
func (fixedArith) quota(t int64, s int) int64    { return t/int64(s+1) + 1 }
func (fixedArith) cmp(x, y int64) int            { return -cmpDesc(x, y) }
func (a fixedArith) number(x int64) Number       { return a.f.Number(x) }
func (a fixedArith) omega() int64                { return max(a.f.One()/1_000_000, 1) }

func (fixedArith) mulInt(x int64, n int64) int64 { return x * n }

func (fixedArith) reaches(v, q int64) bool { return v >= q }

type ratArith struct{}

func (ratArith) reaches(v, q *big.Rat) bool { return v.Cmp(q) > 0 }

func (ratArith) mulInt(x *big.Rat, n int64) *big.Rat {
	return new(big.Rat).Mul(x, new(big.Rat).SetInt64(n))
}

func (ratArith) fromInt(n int64) *big.Rat     { return new(big.Rat).SetInt64(n) }
func (ratArith) add(x, y *big.Rat) *big.Rat   { return new(big.Rat).Add(x, y) }
func (ratArith) sub(x, y *big.Rat) *big.Rat   { return new(big.Rat).Sub(x, y) }
func (ratArith) mulUp(x, y *big.Rat) *big.Rat { return new(big.Rat).Mul(x, y) }

// scaleUp is a keep factor update. Exact keep factors would grow without
// bound (each update multiplies the sizes of its operands), so they are
// rounded up to 10^-18; everything else in an exact count is exact.
func (ratArith) scaleUp(x, y, z *big.Rat) *big.Rat {
	r := new(big.Rat).Mul(x, y)
	r.Quo(r, z)
	num := new(big.Int).Mul(r.Num(), keepScale)
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return r.SetFrac(q, keepScale)
}

var keepScale = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)

// quota is exactly total/(seats+1); exact counts elect above it, so no unit
// need be added.
func (ratArith) quota(t *big.Rat, s int) *big.Rat {
	return new(big.Rat).Quo(t, new(big.Rat).SetInt64(int64(s+1)))
}
func (ratArith) cmp(x, y *big.Rat) int    { return x.Cmp(y) }
func (ratArith) number(x *big.Rat) Number { return Rat(x, Exact) }
func (ratArith) omega() *big.Rat          { return big.NewRat(1, 1_000_000) }

type meekCount[T any] struct {
	a       arith[T]
	p       *Profile
	tree    *prefTree
	keep    []T
	keeps   []keeps // what each keep factor is, for the count in progress
	state   []status
	votes   []T
	exhaust T
	quota   T
	surplus T
	exact   bool
	nElect  int
	ties    *tieBreaker
	rep     *Report
}

func meek[T any](p *Profile, opt STVOptions, a arith[T]) (*Report, error) {
	standing := p.Standing()
	m := &meekCount[T]{a: a, p: p, ties: newTieBreaker(opt.TieOrder, opt.Seed), exact: opt.Exact}
	m.rep = newReport("stv-meek", p)
	n := len(p.Candidates)
	m.keep = make([]T, n)
	m.state = make([]status, n)
	m.votes = make([]T, n)
	for c := range n {
		m.keep[c] = a.fromInt(1)
		if !standing[c] {
			m.state[c] = withdrawn
			m.keep[c] = a.fromInt(0)
		}
	}
	pk, err := p.packed()
	if err != nil {
		return nil, err
	}
	m.tree = newPrefTree(pk, n, standing)
	m.rep.Valid = Int(m.tree.valid)
	m.rep.Notes = append(m.rep.Notes, "Meek's rule moves votes by keep factors, all at once, so rounds list no transfers: each round's tally shows where the votes went")
	if invalid := p.TotalWeight() - m.tree.valid; invalid > 0 {
		m.rep.Notes = append(m.rep.Notes, fmt.Sprintf("%d ballots mark no standing candidate first (or several) and are not counted", invalid))
	}
	m.run()
	return m.rep, nil
}

// distribute counts every ballot under the current keep factors and sets
// the quota and total surplus.
func (m *meekCount[T]) distribute() {
	a := m.a
	zero, one := a.fromInt(0), a.fromInt(1)
	for c := range m.votes {
		m.votes[c] = zero
	}
	m.exhaust = zero
	m.keeps = m.keeps[:0]
	for _, kf := range m.keep {
		k := keepsPart
		switch {
		case a.cmp(kf, zero) == 0:
			k = keepsNone
		case a.cmp(kf, one) == 0:
			k = keepsAll
		}
		m.keeps = append(m.keeps, k)
	}
	for n := m.tree.nodes[0].first; n != 0; n = m.tree.nodes[n].next {
		m.pass(n, one)
	}
	total := zero
	for _, v := range m.votes {
		total = a.add(total, v)
	}
	m.quota = a.quota(total, m.p.Seats)
	m.surplus = zero
	for c, s := range m.state {
		// A candidate below the quota counts against the surplus, as in
		// Droop and stv-rs.
		if s == elected {
			m.surplus = a.add(m.surplus, a.sub(m.votes[c], m.quota))
		}
	}
}

// pass hands node n's candidate the part of weight w (each ballot's
// remaining value, the same for every ballot through n) their keep factor
// says, and the rest on down the tree. Every ballot through a node has the
// same history, so this is the per-ballot rule, done once per node.
func (m *meekCount[T]) pass(n int32, w T) {
	node := &m.tree.nodes[n]
	rest, kept := m.keepPart(node.cand, w, node.through)
	for _, c := range m.tree.flat[node.tail:node.tailEnd] {
		if kept {
			return
		}
		rest, kept = m.keepPart(c, rest, node.through)
	}
	if kept {
		return
	}
	for ch := node.first; ch != 0; ch = m.tree.nodes[ch].next {
		m.pass(ch, rest)
	}
	if node.ending > 0 {
		m.exhaust = m.a.add(m.exhaust, m.a.mulInt(rest, node.ending))
	}
}

type keeps uint8

const (
	keepsPart keeps = iota
	keepsNone       // the candidate is excluded or withdrawn
	keepsAll        // the candidate is hopeful
)

// keepPart gives candidate c the part of weight w that their keep factor
// says, from each of n ballots, and returns the rest, and whether c kept
// all of it.
func (m *meekCount[T]) keepPart(c int32, w T, n int64) (rest T, all bool) {
	a := m.a
	switch m.keeps[c] {
	case keepsNone:
		return w, false
	case keepsAll:
		m.votes[c] = a.add(m.votes[c], a.mulInt(w, n))
		return rest, true
	}
	v := a.mulUp(w, m.keep[c])
	m.votes[c] = a.add(m.votes[c], a.mulInt(v, n))
	rest = a.sub(w, v)
	return rest, a.cmp(rest, a.fromInt(0)) <= 0
}

// iterate counts the ballots, then rescales the elected candidates' keep
// factors and counts again until the surplus is below omega or stops
// falling, or a hopeful reaches the quota.
func (m *meekCount[T]) iterate() (iterations int) {
	a := m.a
	m.distribute()
	for !m.hopefulAtQuota() && a.cmp(m.surplus, a.omega()) >= 0 {
		last := m.surplus
		for c, s := range m.state {
			if s == elected {
				m.keep[c] = a.scaleUp(m.keep[c], m.quota, m.votes[c])
			}
		}
		iterations++
		m.distribute()
		if a.cmp(m.surplus, last) >= 0 {
			break
		}
	}
	return iterations
}

func (m *meekCount[T]) hopefulAtQuota() bool {
	for c, s := range m.state {
		if s == hopeful && m.a.reaches(m.votes[c], m.quota) {
			return true
		}
	}
	return false
}

func (m *meekCount[T]) run() {
	for {
		iterations := m.iterate()
		rd := m.startRound(iterations)
		// Elect every hopeful at or above the quota, most votes first.
		var reached []int
		for c, s := range m.state {
			if s == hopeful && m.a.reaches(m.votes[c], m.quota) {
				reached = append(reached, c)
			}
		}
		slices.SortStableFunc(reached, func(x, y int) int { return -m.a.cmp(m.votes[x], m.votes[y]) })
		for _, c := range reached {
			if m.nElect < m.p.Seats {
				m.elect(rd, c, fmt.Sprintf("reached the quota with %s votes", m.a.number(m.votes[c])))
			}
		}
		m.electRemaining(rd)
		if m.nElect >= m.p.Seats {
			break
		}
		if len(reached) == 0 {
			m.exclude(rd)
			if m.electRemaining(rd); m.nElect >= m.p.Seats {
				break
			}
		}
	}
	m.finish()
}

// electRemaining elects every hopeful when no more remain than seats.
func (m *meekCount[T]) electRemaining(rd *Round) {
	if m.nElect < m.p.Seats && m.hopefuls() <= m.p.Seats-m.nElect {
		for c, s := range m.state {
			if s == hopeful {
				m.elect(rd, c, "elected as one of the last continuing candidates for the remaining seats")
			}
		}
	}
}

func (m *meekCount[T]) hopefuls() int {
	n := 0
	for _, s := range m.state {
		if s == hopeful {
			n++
		}
	}
	return n
}

func (m *meekCount[T]) startRound(iterations int) *Round {
	tally := map[string]Number{}
	for c, s := range m.state {
		if s == hopeful || s == elected {
			tally[m.p.Candidates[c]] = m.a.number(m.votes[c])
		}
	}
	q := m.a.number(m.quota)
	m.rep.Quota = &q
	rd := Round{Round: len(m.rep.Rounds) + 1, Tally: tally, Quota: &q, Exhausted: m.a.number(m.exhaust)}
	if iterations > 0 {
		rd.Notes = append(rd.Notes, fmt.Sprintf("keep factors settled after %s (surplus %s)", plural(iterations, "iteration", "iterations"), m.a.number(m.surplus)))
	}
	m.rep.Rounds = append(m.rep.Rounds, rd)
	return &m.rep.Rounds[len(m.rep.Rounds)-1]
}

func (m *meekCount[T]) elect(rd *Round, c int, why string) {
	m.state[c] = elected
	m.nElect++
	name := m.p.Candidates[c]
	m.rep.Elected = append(m.rep.Elected, name)
	rd.Elected = append(rd.Elected, name)
	rd.Notes = append(rd.Notes, name+" "+why)
}

func (m *meekCount[T]) exclude(rd *Round) {
	// Candidates within the total surplus of the lowest are tied with it:
	// the unsettled surplus could still reorder them.
	low := -1
	for c, s := range m.state {
		if s == hopeful && (low < 0 || m.a.cmp(m.votes[c], m.votes[low]) < 0) {
			low = c
		}
	}
	margin := m.a.add(m.votes[low], m.surplus)
	var tied []int
	for c, s := range m.state {
		if s == hopeful && m.a.cmp(m.votes[c], margin) <= 0 {
			tied = append(tied, c)
		}
	}
	if len(tied) > 1 {
		var how string
		low, how = m.ties.pick(tied, nil, false)
		rd.Ties = append(rd.Ties, Tie{Candidates: names(m.p, tied), Chosen: []string{m.p.Candidates[low]}, For: "exclusion", BrokenBy: how})
	}
	m.state[low] = excluded
	m.keep[low] = m.a.fromInt(0)
	name := m.p.Candidates[low]
	rd.Eliminated = append(rd.Eliminated, name)
	rd.Notes = append(rd.Notes, fmt.Sprintf("%s excluded with the fewest votes (%s)", name, m.a.number(m.votes[low])))
}

func (m *meekCount[T]) finish() {
	for _, n := range m.rep.Elected {
		m.rep.Ranking = append(m.rep.Ranking, []string{n})
	}
	var open []int
	for c, s := range m.state {
		if s == hopeful {
			open = append(open, c)
		}
	}
	slices.SortStableFunc(open, func(x, y int) int { return -m.a.cmp(m.votes[x], m.votes[y]) })
	for _, c := range open {
		m.rep.Ranking = append(m.rep.Ranking, []string{m.p.Candidates[c]})
	}
	for i := len(m.rep.Rounds) - 1; i >= 0; i-- {
		for _, n := range m.rep.Rounds[i].Eliminated {
			m.rep.Ranking = append(m.rep.Ranking, []string{n})
		}
	}
}
