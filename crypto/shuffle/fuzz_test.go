package shuffle

import (
	"bytes"
	"testing"
)

// FuzzProofUnmarshal: decoding never panics, and whatever decodes encodes
// back to the same bytes (one encoding per proof).
func FuzzProofUnmarshal(f *testing.F) {
	e := newElection(f, 2, 2, 1)
	_, proof, err := Mix(testRand(1), e.params, e.in)
	if err != nil {
		f.Fatal(err)
	}
	good, _ := proof.MarshalBinary()
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte(proofMagic))
	f.Add(append([]byte(proofMagic), 0, 0, 0, 1, 0, 0, 0, 1))
	f.Add(append([]byte(proofMagic), 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Proof
		if err := p.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := p.MarshalBinary()
		if err != nil {
			t.Fatalf("decoded proof does not encode: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatal("re-encoding differs")
		}
	})
}
