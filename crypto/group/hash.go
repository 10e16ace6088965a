package group

import (
	"crypto/sha512"
	"encoding/binary"
	"fmt"
)

// HashToElement hashes msg to an element with the hash_to_ristretto255
// suite of RFC 9380 (expand_message_xmd with SHA-512, then the one-way
// map of RFC 9496). Nobody knows the discrete log of the result to any
// base, which is what independent generators need. dst is the
// domain-separation tag, at most 255 bytes; it panics on a longer tag,
// which is a programming error.
func HashToElement(dst string, msg []byte) *Element {
	var u [64]byte
	expandMessageXMD(u[:], msg, dst)
	e := &Element{}
	ristrettoFromUniformBytes(&e.p, &u)
	return e
}

// HashToScalar hashes msg to a uniform scalar: expand_message_xmd with
// SHA-512 to 64 bytes, reduced modulo ℓ (RFC 9380 hash_to_field).
func HashToScalar(dst string, msg []byte) *Scalar {
	var u [64]byte
	expandMessageXMD(u[:], msg, dst)
	return new(Scalar).SetUniformBytes(u[:])
}

// generatorDST separates plenum's generators from every other use of the
// hash-to-group function.
const generatorDST = "plenum-v1-ristretto255-generator"

// DeriveGenerator returns the index-th generator of the family named by
// label (for example an election fingerprint and a purpose). The message
// is the length-prefixed label followed by the 8-byte big-endian index,
// so distinct (label, index) pairs never hash the same string.
func DeriveGenerator(label string, index uint64) *Element {
	msg := binary.BigEndian.AppendUint64(nil, uint64(len(label)))
	msg = append(msg, label...)
	msg = binary.BigEndian.AppendUint64(msg, index)
	return HashToElement(generatorDST, msg)
}

// DeriveGenerators returns generators 0..n-1 of the family named by label.
func DeriveGenerators(label string, n int) []*Element {
	gs := make([]*Element, n)
	for i := range gs {
		gs[i] = DeriveGenerator(label, uint64(i))
	}
	return gs
}

// expandMessageXMD fills out with expand_message_xmd(msg, dst, len(out))
// using SHA-512 (RFC 9380 section 5.3.1).
func expandMessageXMD(out, msg []byte, dst string) {
	const bInBytes, rInBytes = sha512.Size, sha512.BlockSize
	if len(dst) > 255 {
		panic(fmt.Sprintf("group: domain-separation tag of %d bytes exceeds 255", len(dst)))
	}
	ell := (len(out) + bInBytes - 1) / bInBytes
	if ell > 255 || len(out) > 65535 {
		panic("group: expand_message_xmd output too long")
	}
	dstPrime := append([]byte(dst), byte(len(dst)))
	h := sha512.New()
	h.Write(make([]byte, rInBytes))
	h.Write(msg)
	h.Write([]byte{byte(len(out) >> 8), byte(len(out)), 0})
	h.Write(dstPrime)
	b0 := h.Sum(nil)
	var bi []byte
	for i := 1; i <= ell; i++ {
		h.Reset()
		if i == 1 {
			h.Write(b0)
		} else {
			x := make([]byte, bInBytes)
			for j := range x {
				x[j] = b0[j] ^ bi[j]
			}
			h.Write(x)
		}
		h.Write([]byte{byte(i)})
		h.Write(dstPrime)
		bi = h.Sum(nil)
		copy(out[(i-1)*bInBytes:], bi)
	}
}
