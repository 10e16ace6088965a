package shuffle

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"

	"plenum/crypto/group"
)

// secrets derives the mixer's secret values from one 32-byte seed read from
// the caller's randomness, so that the prover never stores N secret scalars
// of each kind: it recomputes the one it needs from its label and index.
// The derivation is a pseudorandom function (hash-to-scalar keyed by the
// seed), so the values are as good as fresh randomness to anyone who does
// not hold the seed, and the seed is dropped when the proof is done.
type secrets struct {
	seed [32]byte
	// fixed, in tests only, overrides some values to play a mixer that
	// skips its randomness; it returns nil for the values it leaves alone.
	fixed func(label byte, i, k int) *group.Scalar
}

// Labels of the secret values, one per kind.
const (
	secReencrypt   = 'e' // r'_{i,k}: re-encryption of output row i, column k
	secCommit      = 'r' // r_j: permutation commitment of input row j
	secChain       = 'h' // r̂_i: commitment chain
	secChainNonce  = 'w' // ω̂_i
	secPermNonce   = 'v' // ω'_i
	secGlobalNonce = 'o' // ω1, ω2, ω3 (index 1..3) and ω4_k (index 4+k)
)

const secretDST = "plenum-v1-shuffle-secret"

// scalar returns the secret value of kind label for row i, column k.
func (s *secrets) scalar(label byte, i, k int) *group.Scalar {
	if s.fixed != nil {
		if v := s.fixed(label, i, k); v != nil {
			return v
		}
	}
	msg := make([]byte, 0, 32+1+16)
	msg = append(msg, s.seed[:]...)
	msg = append(msg, label)
	msg = binary.BigEndian.AppendUint64(msg, uint64(i))
	msg = binary.BigEndian.AppendUint64(msg, uint64(k))
	return group.HashToScalar(secretDST, msg)
}

// permutation returns ψ as a slice: output row i is input row psi[i]. It
// uses ChaCha8, a cryptographically strong generator, keyed by a hash of
// the seed, and Fisher-Yates, which is unbiased.
func (s *secrets) permutation(n int) []int32 {
	key := sha256.Sum256(append([]byte("plenum-v1-shuffle-permutation"), s.seed[:]...))
	r := rand.New(rand.NewChaCha8(key))
	psi := make([]int32, n)
	for i := range psi {
		psi[i] = int32(i)
	}
	r.Shuffle(n, func(i, j int) { psi[i], psi[j] = psi[j], psi[i] })
	return psi
}
