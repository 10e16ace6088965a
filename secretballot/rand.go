package secretballot

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
)

// Simulations are reproducible: every random value comes from a ChaCha8
// stream keyed by the simulation's seed and what the value is for, so that
// parallel workers produce the same record whatever their schedule.

// seedStream returns the stream for purpose and index under seed.
func seedStream(seed []byte, purpose string, index uint64) *rand.ChaCha8 {
	h := sha256.New()
	h.Write([]byte("plenum/secretballot/v1/simulate"))
	h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(seed))))
	h.Write(seed)
	h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(purpose))))
	h.Write([]byte(purpose))
	h.Write(binary.BigEndian.AppendUint64(nil, index))
	var key [32]byte
	h.Sum(key[:0])
	return rand.NewChaCha8(key)
}
