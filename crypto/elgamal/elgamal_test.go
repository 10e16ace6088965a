package elgamal

import (
	"math/rand/v2"
	"testing"

	"plenum/crypto/group"
)

func testRand(seed byte) *rand.ChaCha8 { return rand.NewChaCha8([32]byte{seed}) }

func keyPair(t testing.TB, seed byte) (*group.Scalar, *PublicKey) {
	x, err := group.RandomScalar(testRand(seed))
	if err != nil {
		t.Fatal(err)
	}
	pk, err := NewPublicKey(new(group.Element).ScalarBaseMult(x))
	if err != nil {
		t.Fatal(err)
	}
	return x, pk
}

func decrypt(t testing.TB, c *Ciphertext, x *group.Scalar, d *DLog) uint64 {
	t.Helper()
	m, err := d.Solve(Decrypt(c, PartialDecrypt(c, x)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The homomorphic sum of random 0/1 votes decrypts to their plaintext sum,
// also after re-encryption.
func TestHomomorphicTally(t *testing.T) {
	x, pk := keyPair(t, 1)
	r := testRand(2)
	votes := rand.New(rand.NewPCG(3, 4))
	d := NewDLog(500)
	for trial := range 5 {
		var cs []*Ciphertext
		want := uint64(0)
		for range 100 + trial*50 {
			v := votes.Uint64N(2)
			want += v
			c, _, err := pk.EncryptRandom(r, group.NewScalarUint64(v))
			if err != nil {
				t.Fatal(err)
			}
			cs = append(cs, c)
		}
		sum := Sum(cs)
		if got := decrypt(t, sum, x, d); got != want {
			t.Errorf("trial %d: tally %d, want %d", trial, got, want)
		}
		s, _ := group.RandomScalar(r)
		re := pk.ReEncrypt(sum, s)
		if re.Equal(sum) {
			t.Error("re-encryption returned the same ciphertext")
		}
		if got := decrypt(t, re, x, d); got != want {
			t.Errorf("trial %d: re-encrypted tally %d, want %d", trial, got, want)
		}
	}
}

func TestEncryptMatchesDefinition(t *testing.T) {
	x, pk := keyPair(t, 5)
	m, r := group.NewScalarUint64(7), group.NewScalarUint64(12345)
	c := pk.Encrypt(m, r)
	y := new(group.Element).ScalarBaseMult(x)
	wantB := new(group.Element).Add(new(group.Element).ScalarBaseMult(m), new(group.Element).ScalarMult(r, y))
	if !c.A.Equal(new(group.Element).ScalarBaseMult(r)) || !c.B.Equal(wantB) {
		t.Error("Encrypt is not (g^r, g^m·y^r)")
	}
}

func TestDLog(t *testing.T) {
	for _, max := range []uint64{0, 1, 2, 15, 16, 17, 1000} {
		d := NewDLog(max)
		p := group.NewElement()
		for m := uint64(0); m <= max+3; m++ {
			got, err := d.Solve(p)
			if m <= max && (err != nil || got != m) {
				t.Fatalf("max %d: Solve(g^%d) = %d, %v", max, m, got, err)
			}
			if m > max && err != ErrOutOfRange {
				t.Fatalf("max %d: Solve(g^%d) = %d, %v, want ErrOutOfRange", max, m, got, err)
			}
			p.Add(p, group.Generator())
		}
	}
}

func TestNewPublicKeyRejectsIdentity(t *testing.T) {
	if _, err := NewPublicKey(group.NewElement()); err == nil {
		t.Error("accepted the identity as a public key")
	}
}

func TestCiphertextEncoding(t *testing.T) {
	_, pk := keyPair(t, 6)
	c, _, _ := pk.EncryptRandom(testRand(7), group.NewScalarUint64(1))
	text, _ := c.MarshalText()
	var back Ciphertext
	if err := back.UnmarshalText(text); err != nil || !back.Equal(c) {
		t.Fatalf("round trip: %v", err)
	}
	bin, _ := c.MarshalBinary()
	ident := append(make([]byte, 32), bin[32:]...)
	if err := back.UnmarshalBinary(ident); err == nil {
		t.Error("accepted an identity A")
	}
	if err := back.UnmarshalBinary(bin[:63]); err == nil {
		t.Error("accepted 63 bytes")
	}
}

func FuzzCiphertextUnmarshalText(f *testing.F) {
	_, pk := keyPair(f, 8)
	c, _, _ := pk.EncryptRandom(testRand(9), group.NewScalarUint64(0))
	text, _ := c.MarshalText()
	f.Add(text)
	f.Add([]byte("x"))
	f.Fuzz(func(t *testing.T, text []byte) {
		var c Ciphertext
		if err := c.UnmarshalText(text); err != nil {
			return
		}
		again, _ := c.MarshalText()
		if string(again) != string(text) {
			t.Fatalf("accepted %q, which re-encodes as %q", text, again)
		}
	})
}
