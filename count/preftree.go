package count

// A prefTree holds ballots as a tree of preference prefixes: each node is a
// candidate, reached by the ballots that list the candidates on the path to
// it first, in that order. Rules whose treatment of a ballot depends only
// on its preferences so far (Meek) count a node once for all its ballots,
// and stop at a node whose candidate keeps the whole vote. Children are
// kept as linked siblings so that building the tree allocates only the
// node array.
type prefTree struct {
	nodes []treeNode // node 0 is the root
	valid int64      // ballots with at least one preference
}

type treeNode struct {
	cand        int32
	first, next int32 // first child and next sibling; 0 for none
	through     int64 // ballots through this node
	ending      int64 // ballots whose preferences end here
}

// newPrefTree builds the tree by sorting the ballots into buckets by their
// first preference, each bucket by its second, and so on (a most-
// significant-digit radix sort whose buckets are the tree's nodes).
func newPrefTree(p *Profile, standing []bool) *prefTree {
	s := newPrefScanner(standing)
	var flat []int32
	ends := make([]int, len(p.Ballots)+1)
	for i, b := range p.Ballots {
		flat = append(flat, s.strict(b)...)
		ends[i+1] = len(flat)
	}
	weights := make([]int64, len(p.Ballots))
	for i, bl := range p.Ballots {
		weights[i] = bl.Weight
	}
	b := treeBuilder{
		t:       &prefTree{nodes: make([]treeNode, 1, len(flat)+1)},
		weights: weights,
		flat:    flat,
		ends:    ends,
		tmp:     make([]int, len(p.Ballots)),
		count:   make([]int, len(p.Candidates)),
	}
	b.t.nodes[0].cand = -1
	all := make([]int, len(p.Ballots))
	for i := range all {
		all[i] = i
	}
	b.build(0, all, 0)
	return b.t
}

type treeBuilder struct {
	t       *prefTree
	weights []int64
	flat    []int32
	ends    []int
	tmp     []int // scratch for partitioning, as long as the ballots
	count   []int // scratch per candidate
}

// build makes the children of node n from the ballots idx, which all share
// n's path of depth preferences.
func (b *treeBuilder) build(n int32, idx []int, depth int) {
	// Ballots ending here first, then the rest bucketed by next preference.
	var cands []int32
	rest := 0
	for _, i := range idx {
		if b.ends[i]+depth >= b.ends[i+1] {
			w := b.weights[i]
			if depth > 0 {
				b.t.nodes[n].ending += w
				b.t.valid += w
			}
			continue
		}
		c := b.flat[b.ends[i]+depth]
		if b.count[c] == 0 {
			cands = append(cands, c)
		}
		b.count[c]++
		rest++
	}
	// Bucket starts, in the order candidates were first seen.
	start := make([]int, len(cands))
	pos := 0
	for k, c := range cands {
		start[k] = pos
		pos += b.count[c]
		b.count[c] = start[k] // reuse as the bucket's fill position
	}
	tmp := b.tmp[:rest]
	for _, i := range idx {
		if b.ends[i]+depth >= b.ends[i+1] {
			continue
		}
		c := b.flat[b.ends[i]+depth]
		tmp[b.count[c]] = i
		b.count[c]++
	}
	sorted := idx[:rest]
	copy(sorted, tmp)
	for _, c := range cands {
		b.count[c] = 0
	}
	for k, c := range cands {
		end := rest
		if k+1 < len(cands) {
			end = start[k+1]
		}
		bucket := sorted[start[k]:end]
		child := int32(len(b.t.nodes))
		b.t.nodes = append(b.t.nodes, treeNode{cand: c, next: b.t.nodes[n].first})
		b.t.nodes[n].first = child
		for _, i := range bucket {
			b.t.nodes[child].through += b.weights[i]
		}
		b.build(child, bucket, depth+1)
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
		first, n := -1, 0
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
		if n > 1 {
			break
		}
		if n == 1 {
			s.seen[first] = true
			s.buf = append(s.buf, int32(first))
		}
	}
	for _, c := range s.buf {
		s.seen[c] = false
	}
	return s.buf
}
