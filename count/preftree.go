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
	index map[int64]int32
	valid int64 // ballots with at least one preference
}

type treeNode struct {
	cand        int32
	first, next int32 // first child and next sibling; 0 for none
	through     int64 // ballots through this node
	ending      int64 // ballots whose preferences end here
}

func newPrefTree(p *Profile, standing []bool) *prefTree {
	t := &prefTree{nodes: make([]treeNode, 1, 1024), index: map[int64]int32{}}
	t.nodes[0].cand = -1
	s := newPrefScanner(standing)
	for _, b := range p.Ballots {
		n := int32(0)
		prefs := s.strict(b)
		for _, c := range prefs {
			n = t.child(n, c)
			t.nodes[n].through += b.Weight
		}
		if len(prefs) > 0 {
			t.nodes[n].ending += b.Weight
			t.valid += b.Weight
		}
	}
	t.index = nil // only needed while building
	return t
}

// child returns n's child for candidate c, adding it if need be.
func (t *prefTree) child(n int32, c int32) int32 {
	key := int64(n)<<32 | int64(c)
	if k, ok := t.index[key]; ok {
		return k
	}
	k := int32(len(t.nodes))
	t.index[key] = k
	t.nodes = append(t.nodes, treeNode{cand: c, next: t.nodes[n].first})
	t.nodes[n].first = k
	return k
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
