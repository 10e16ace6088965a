package count

import "slices"

// A prefTree holds ballots as a tree of preference prefixes: each node is a
// candidate, reached by the ballots that list the candidates on the path to
// it first, in that order. Rules whose treatment of a ballot depends only
// on its preferences so far (Meek) count a node once for all its ballots,
// and stop at a node whose candidate keeps the whole vote. Children are
// kept as linked siblings so that building the tree allocates only the
// node array.
type prefTree struct {
	nodes []treeNode // node 0 is the root
	flat  []int32    // the ballots' preferences, end to end; tails index it
	valid int64      // ballots with at least one preference
}

// A treeNode is a candidate and the ballots that reach it. A path that only
// one ballot follows is one node whose tail, flat[tail:tailEnd], lists the
// candidates after the node's own, so that a ballot costs a node only where
// it parts from others.
type treeNode struct {
	cand          int32
	first, next   int32 // first child and next sibling; 0 for none
	tail, tailEnd int32
	through       int64 // ballots through this node
	ending        int64 // ballots whose preferences end here (after the tail)
}

// newPrefTree builds the tree by sorting the ballots into buckets by their
// first preference, each bucket by its second, and so on (a most-
// significant-digit radix sort whose buckets are the tree's nodes).
func newPrefTree(pk *Packed, ncand int, standing []bool) *prefTree {
	// Ballots whose marks are their preferences already (as in most files)
	// are read in place.
	flat, ends := pk.marks, pk.ballot
	if !strictAlready(pk, standing) {
		s := newPrefScanner(standing)
		flat = make([]int32, 0, len(pk.marks))
		ends = make([]int32, pk.Len()+1)
		for i := range pk.Len() {
			flat = append(flat, s.strictPacked(pk, i)...)
			ends[i+1] = int32(len(flat))
		}
	}
	b := treeBuilder{
		t:       &prefTree{nodes: make([]treeNode, 1, len(flat)+1), flat: flat},
		weights: pk.weight,
		flat:    flat,
		ends:    ends,
		tmp:     make([]int32, pk.Len()),
		child:   make([]int32, ncand),
	}
	b.t.nodes[0].cand = -1
	all := make([]int32, pk.Len())
	for i := range all {
		all[i] = int32(i)
	}
	b.build(0, all, 0)
	return b.t
}

// strictAlready says whether pk's marks are its ballots' strict
// preferences: every rank marks one candidate, every candidate stands, and
// no ballot marks one twice. Ballot i's marks are then
// marks[ballot[i]:ballot[i+1]].
func strictAlready(pk *Packed, standing []bool) bool {
	if len(pk.marks) != len(pk.rank)-1 || len(standing) > 64 || slices.Contains(standing, false) {
		return false
	}
	for i := range pk.Len() {
		var seen uint64
		for _, c := range pk.marks[pk.ballot[i]:pk.ballot[i+1]] {
			if c < 0 || seen&(1<<c) != 0 {
				return false
			}
			seen |= 1 << c
		}
	}
	return true
}

type treeBuilder struct {
	t       *prefTree
	weights []int64
	flat    []int32
	ends    []int32
	tmp     []int32 // scratch for partitioning, as long as the ballots
	child   []int32 // scratch per candidate: its child node of the node being built
	starts  []int32 // stack of the children's bucket starts, per level
}

// build makes the children of node n from the ballots idx, which all share
// n's path of depth preferences. Its children are consecutive nodes, in
// the order their candidates were first seen.
func (b *treeBuilder) build(n int32, idx []int32, depth int32) {
	if len(idx) == 1 {
		b.chain(n, idx[0], depth)
		return
	}
	nodes := &b.t.nodes
	first := int32(len(*nodes))
	// Ballots ending here, then the rest counted by next preference (in
	// the children's ending field, for now).
	for _, i := range idx {
		at := b.ends[i] + depth
		if at >= b.ends[i+1] {
			if depth > 0 {
				(*nodes)[n].ending += b.weights[i]
				b.t.valid += b.weights[i]
			}
			continue
		}
		c := b.flat[at]
		if b.child[c] == 0 {
			b.child[c] = int32(len(*nodes))
			*nodes = append(*nodes, treeNode{cand: c})
		}
		ch := &(*nodes)[b.child[c]]
		ch.through += b.weights[i]
		ch.ending++
	}
	last := int32(len(*nodes))
	if last == first {
		return
	}
	// Bucket starts, and the links from n to its children.
	base := len(b.starts)
	pos := int32(0)
	for ch := first; ch < last; ch++ {
		b.starts = append(b.starts, pos)
		node := &(*nodes)[ch]
		b.child[node.cand] = pos // now the bucket's fill position
		pos += int32(node.ending)
		node.ending = 0
		if ch+1 < last {
			node.next = ch + 1
		}
	}
	b.starts = append(b.starts, pos)
	(*nodes)[n].first = first
	tmp := b.tmp[:pos]
	for _, i := range idx {
		if at := b.ends[i] + depth; at < b.ends[i+1] {
			c := b.flat[at]
			tmp[b.child[c]] = i
			b.child[c]++
		}
	}
	sorted := idx[:pos]
	copy(sorted, tmp)
	for ch := first; ch < last; ch++ {
		b.child[(*nodes)[ch].cand] = 0
	}
	for ch := first; ch < last; ch++ {
		k := base + int(ch-first)
		b.build(ch, sorted[b.starts[k]:b.starts[k+1]], depth+1)
	}
	b.starts = b.starts[:base]
}

// chain makes the path below node n of the one ballot i, which shares n's
// path of depth preferences: one node, with the ballot's remaining
// preferences as its tail.
func (b *treeBuilder) chain(n, i, depth int32) {
	w := b.weights[i]
	at, end := b.ends[i]+depth, b.ends[i+1]
	if at < end {
		child := int32(len(b.t.nodes))
		b.t.nodes = append(b.t.nodes, treeNode{cand: b.flat[at], tail: at + 1, tailEnd: end, through: w, next: b.t.nodes[n].first})
		b.t.nodes[n].first = child
		n = child
	}
	if n != 0 {
		b.t.nodes[n].ending += w
		b.t.valid += w
	}
}

// prefScanner reads ballots' strict preferences into a reused buffer.
type prefScanner struct {
	standing []bool
	seen     []bool
	buf      []int32
}

func newPrefScanner(standing []bool) *prefScanner {
	return &prefScanner{standing: standing, seen: make([]bool, len(standing))}
}

// strict returns b's preferences as the Gregory and Meek rules read them,
// valid until the next call: the candidates still standing, in rank order,
// each once, up to the first rank that marks several (where the voter's
// next preference cannot be known, so the paper stops).
func (s *prefScanner) strict(b Ballot) []int32 {
	s.buf = s.buf[:0]
	for _, rank := range b.Ranks {
		if !scanRank(s, rank) {
			break
		}
	}
	return s.done()
}

// strictPacked is strict for ballot i of pk.
func (s *prefScanner) strictPacked(pk *Packed, i int) []int32 {
	s.buf = s.buf[:0]
	lo, hi := pk.ranks(i)
	for j := lo; j < hi; j++ {
		marks := pk.marksOf(j)
		if len(marks) == 1 { // the usual rank, of one candidate
			if c := marks[0]; c != Overvote && s.standing[c] && !s.seen[c] {
				s.seen[c] = true
				s.buf = append(s.buf, c)
			}
			continue
		}
		if !scanRank(s, marks) {
			break
		}
	}
	return s.done()
}

// scanRank adds rank's candidate to the preferences, if it marks one that
// is still standing and not yet seen, and says whether to read on: not
// after a rank marking several.
func scanRank[C int | int32](s *prefScanner, rank []C) bool {
	first, n := C(-1), 0
	for _, c := range rank {
		if c == Overvote || !s.standing[c] || s.seen[c] {
			continue
		}
		if n == 0 || c != first {
			if n == 0 {
				first = c
			}
			n++
		}
	}
	if n == 1 {
		s.seen[first] = true
		s.buf = append(s.buf, int32(first))
	}
	return n <= 1
}

func (s *prefScanner) done() []int32 {
	for _, c := range s.buf {
		s.seen[c] = false
	}
	return s.buf
}
