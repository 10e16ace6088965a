package shuffle

import "plenum/crypto/group"

// generators are H (the base of the commitment chain, ĉ_0) and H_1..H_N,
// derived from the election fingerprint by hashing to the group. They are
// computed where they are used, a chunk at a time, rather than kept: a
// hash to the group costs less than a fifth of what the row costs anyway.
type generators struct {
	label string
	h     *group.Element
}

// generatorFamily names the shuffle's generators among the election's.
const generatorFamily = "plenum/shuffle/v1/generators|"

func newGenerators(fingerprint []byte) *generators {
	label := generatorFamily + string(fingerprint)
	return &generators{label: label, h: group.DeriveGenerator(label, 0)}
}

// row returns H_{i+1}, the generator of row i (counted from 0).
func (g *generators) row(i int) *group.Element {
	return group.DeriveGenerator(g.label, uint64(i)+1)
}
