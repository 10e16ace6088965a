package shuffle

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"plenum/crypto/group"
)

// A Proof is a Terelius-Wikström proof of shuffle for n rows of width w,
// kept as canonical encodings (see the package documentation for the
// names). The per-row lists hold n encodings of 32 bytes back to back; the
// per-column lists hold w.
type Proof struct {
	C, CHat, THat   []byte // permutation commitments, chain, chain commitments
	T1, T2, T3      []byte
	T4Alpha, T4Beta []byte // one per column
	S1, S2, S3      []byte
	S4              []byte // one per column
	SHat, SPrime    []byte
}

// proofMagic starts every encoded proof; the version is in it.
const proofMagic = "plenum-shuffle-proof/1\n"

// MaxRows bounds n in a decoded proof (and in a mix): 2^31-1 keeps row
// indexes in an int32 and is far above any electorate.
const MaxRows = 1<<31 - 1

// MaxWidth bounds the width of a row: a ranking of 300 candidates is 11.
const MaxWidth = 64

// Rows returns n, the number of rows the proof is about.
func (p *Proof) Rows() int { return len(p.C) / group.ElementSize }

// Width returns w, the number of ciphertexts in a row.
func (p *Proof) Width() int { return len(p.S4) / group.ScalarSize }

// A part is one field of a proof on the wire: its length is 32 bytes times
// n for per-row lists, times w for per-column ones, and 32 otherwise.
type part struct {
	name           string
	b              *[]byte
	perRow, perCol bool
}

// parts lists the proof's fields in their order on the wire.
func (p *Proof) parts() []part {
	return []part{
		{"c", &p.C, true, false}, {"c_hat", &p.CHat, true, false},
		{"t1", &p.T1, false, false}, {"t2", &p.T2, false, false}, {"t3", &p.T3, false, false},
		{"t4_alpha", &p.T4Alpha, false, true}, {"t4_beta", &p.T4Beta, false, true},
		{"t_hat", &p.THat, true, false},
		{"s1", &p.S1, false, false}, {"s2", &p.S2, false, false}, {"s3", &p.S3, false, false},
		{"s4", &p.S4, false, true},
		{"s_hat", &p.SHat, true, false}, {"s_prime", &p.SPrime, true, false},
	}
}

// size is the length of the part for n rows of width w.
func (f part) size(n, w int) int {
	switch {
	case f.perRow:
		return 32 * n
	case f.perCol:
		return 32 * w
	}
	return 32
}

// check reports the first part whose length does not fit n rows of width w.
func (p *Proof) check(n, w int) error {
	for _, f := range p.parts() {
		if len(*f.b) != f.size(n, w) {
			return fmt.Errorf("proof %s: %d bytes, want %d", f.name, len(*f.b), f.size(n, w))
		}
	}
	return nil
}

// MarshalBinary encodes the proof: the magic line, n and w as 4-byte
// big-endian integers, then every part in the order of the package
// documentation (c, ĉ, t1, t2, t3, t4α, t4β, t̂, s1, s2, s3, s4, ŝ, s').
func (p *Proof) MarshalBinary() ([]byte, error) {
	n, w := p.Rows(), p.Width()
	if err := p.check(n, w); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(proofMagic)+8+(5*n+3*w+6)*32)
	out = append(out, proofMagic...)
	out = binary.BigEndian.AppendUint32(out, uint32(n))
	out = binary.BigEndian.AppendUint32(out, uint32(w))
	for _, f := range p.parts() {
		out = append(out, *f.b...)
	}
	return out, nil
}

// UnmarshalBinary decodes what MarshalBinary writes. It checks the lengths
// only; Verify checks that every part is a canonical encoding.
func (p *Proof) UnmarshalBinary(b []byte) error {
	rest, ok := bytes.CutPrefix(b, []byte(proofMagic))
	if !ok {
		return errors.New("not a plenum shuffle proof (bad magic)")
	}
	if len(rest) < 8 {
		return errors.New("shuffle proof: truncated header")
	}
	n := binary.BigEndian.Uint32(rest)
	w := binary.BigEndian.Uint32(rest[4:])
	rest = rest[8:]
	if n == 0 || n > MaxRows || w == 0 || w > MaxWidth {
		return fmt.Errorf("shuffle proof: %d rows of width %d", n, w)
	}
	want := (5*uint64(n) + 3*uint64(w) + 6) * 32
	if uint64(len(rest)) != want {
		return fmt.Errorf("shuffle proof: %d bytes after the header, want %d for %d rows of width %d", len(rest), want, n, w)
	}
	var q Proof
	for _, f := range q.parts() {
		size := f.size(int(n), int(w))
		*f.b, rest = rest[:size:size], rest[size:]
	}
	*p = q
	return nil
}
