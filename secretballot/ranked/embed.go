package ranked

import (
	"fmt"

	"plenum/crypto/group"
)

// A ranking travels as group elements so that it can be encrypted with
// ElGamal and re-encrypted by the mix-net, then read back from the
// decrypted element's canonical encoding. An element carries PayloadSize
// bytes:
//
//	byte 0      the low 7 bits of a counter, shifted left by one
//	bytes 1-30  the payload
//	byte 31     the high 6 bits of the counter
//
// The counter is the least one for which the 32 bytes are the canonical
// encoding of an element (try-and-increment, as Belenios and kyber embed
// data): about one string in four is, so the counter is almost always
// below 64 and 2^13 values make a failure impossible in practice. Byte 0
// is even and byte 31 below 64 in every such string, as ristretto255
// requires of a canonical encoding (a non-negative field element below
// 2^255 - 19).
//
// Decoding demands the least counter too: a voter who could choose among
// several counters could mark their ballot, and a coercer check the mark
// in the published decryptions.

const maxCounter = 1 << 13

func embeddingBytes(payload []byte, counter int) []byte {
	b := make([]byte, group.ElementSize)
	b[0] = byte(counter&0x7f) << 1
	copy(b[1:1+PayloadSize], payload)
	b[31] = byte(counter >> 7)
	return b
}

// embed returns the element that carries payload, PayloadSize bytes.
func embed(payload []byte) (*group.Element, error) {
	if len(payload) != PayloadSize {
		return nil, fmt.Errorf("embed %d bytes, want %d", len(payload), PayloadSize)
	}
	for counter := range maxCounter {
		if e, err := group.NewElement().SetBytes(embeddingBytes(payload, counter)); err == nil {
			return e, nil
		}
	}
	return nil, fmt.Errorf("no counter embeds the payload %x", payload)
}

// extract returns the payload e carries, or an error wrapping ErrMalformed
// when e is not what embed returns for any payload.
func extract(e *group.Element) ([]byte, error) {
	b := e.Bytes()
	counter := int(b[0]>>1) | int(b[31])<<7
	if b[0]&1 != 0 || b[31] >= maxCounter>>7 {
		return nil, fmt.Errorf("%w: the element carries no counter", ErrMalformed)
	}
	payload := b[1 : 1+PayloadSize]
	for lower := range counter {
		if _, err := group.NewElement().SetBytes(embeddingBytes(payload, lower)); err == nil {
			return nil, fmt.Errorf("%w: counter %d where %d embeds the same payload", ErrMalformed, counter, lower)
		}
	}
	return payload, nil
}
