package plenum

import (
	"strings"
	"testing"

	"plenum/crypto/elgamal"
	"plenum/secretballot"
)

// A tally whose first half is the identity (ballots' randomness adding up
// to zero) is refused before it goes into the record: no trustee could
// prove a decryption of it. An empty tally has nothing to refuse.
func TestDecryptable(t *testing.T) {
	if err := decryptable(&secretballot.Tally{Questions: [][]*elgamal.Ciphertext{{}}}); err != nil {
		t.Errorf("empty tally: %v", err)
	}
	err := decryptable(&secretballot.Tally{Questions: [][]*elgamal.Ciphertext{{elgamal.Sum(nil)}}})
	if !IsKind(err, Internal) || !strings.Contains(err.Error(), "question 1, option 1: the randomness of the counted ballots adds up to zero") {
		t.Errorf("identity tally: %v", err)
	}
}
