package ed25519batch

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"testing"

	"filippo.io/edwards25519"
)

// signed returns n signatures made by crypto/ed25519 with keys from a fixed seed.
func signed(n int) (pubs, msgs, sigs [][]byte) {
	for i := range n {
		seed := bytes.Repeat([]byte{byte(i), byte(i >> 8)}, 16)
		key := ed25519.NewKeyFromSeed(seed)
		msg := fmt.Appendf(nil, "message %d", i)
		pubs = append(pubs, key.Public().(ed25519.PublicKey))
		msgs = append(msgs, msg)
		sigs = append(sigs, ed25519.Sign(key, msg))
	}
	return
}

func batchOf(t *testing.T, pubs, msgs, sigs [][]byte) *Batch {
	t.Helper()
	var b Batch
	for i := range pubs {
		if err := b.Add(pubs[i], msgs[i], sigs[i]); err != nil {
			t.Fatalf("signature %d: %v", i, err)
		}
	}
	return &b
}

// Batches below and above the size where the bucket method takes over;
// one changed byte anywhere makes the batch fail, and Verify names it.
func TestBatch(t *testing.T) {
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{0xff}, 32)).Public().(ed25519.PublicKey)
	for _, n := range []int{1, 5, 200} {
		pubs, msgs, sigs := signed(n)
		for i := range pubs {
			if !Verify(pubs[i], msgs[i], sigs[i]) {
				t.Fatalf("n=%d: signature %d of crypto/ed25519 refused", n, i)
			}
		}
		if b := batchOf(t, pubs, msgs, sigs); !b.Verify() || b.Len() != n {
			t.Fatalf("n=%d: a batch of valid signatures fails", n)
		}
		bad := n / 2
		for name, change := range map[string]func(pubs, msgs, sigs [][]byte){
			"message": func(_, msgs, _ [][]byte) { msgs[bad] = append([]byte("x"), msgs[bad]...) },
			"R":       func(_, _, sigs [][]byte) { sigs[bad][3] ^= 1 },
			"s":       func(_, _, sigs [][]byte) { sigs[bad][40] ^= 1 },
			"key":     func(pubs, _, _ [][]byte) { pubs[bad] = other },
		} {
			pubs, msgs, sigs := signed(n)
			change(pubs, msgs, sigs)
			t.Run(fmt.Sprintf("n=%d/%s", n, name), func(t *testing.T) {
				// The bad signature may not even decode (a changed R).
				var b Batch
				added := true
				for i := range pubs {
					if err := b.Add(pubs[i], msgs[i], sigs[i]); err != nil {
						added = i != bad
						if added {
							t.Fatalf("signature %d: %v", i, err)
						}
					}
				}
				if added && b.Verify() {
					t.Error("the batch passes")
				}
				if Verify(pubs[bad], msgs[bad], sigs[bad]) {
					t.Error("Verify accepts the changed signature")
				}
			})
		}
	}
}

// s must be below the group order: s + ℓ is the same s, spelled again.
func TestNonCanonicalS(t *testing.T) {
	pubs, msgs, sigs := signed(1)
	var s, l [32]byte
	copy(s[:], sigs[0][32:])
	lHex, _ := hex.DecodeString("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
	copy(l[:], lHex)
	carry := 0
	for i := range s {
		v := int(s[i]) + int(l[i]) + carry
		s[i], carry = byte(v), v>>8
	}
	sig := append(append([]byte{}, sigs[0][:32]...), s[:]...)
	if Verify(pubs[0], msgs[0], sig) || (&Batch{}).Add(pubs[0], msgs[0], sig) == nil {
		t.Error("s + ℓ accepted")
	}
}

// A signer who puts a point of small order into R makes a signature the
// cofactored equation accepts and crypto/ed25519's refuses: the one case
// where the two differ, and the reason this package takes the equation
// that gives the same answer one by one and in batches.
func TestSmallOrderR(t *testing.T) {
	seed := bytes.Repeat([]byte{7}, 32)
	key := ed25519.NewKeyFromSeed(seed)
	pub := key.Public().(ed25519.PublicKey)
	h := sha512.Sum512(seed)
	a, _ := new(edwards25519.Scalar).SetBytesWithClamping(h[:32])
	torsion, _ := hex.DecodeString("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
	T, err := new(edwards25519.Point).SetBytes(torsion)
	id := edwards25519.NewIdentityPoint()
	if err != nil || T.Equal(id) == 1 || new(edwards25519.Point).MultByCofactor(T).Equal(id) != 1 {
		t.Fatal("the test's point of small order is not one")
	}
	r, _ := new(edwards25519.Scalar).SetUniformBytes(bytes.Repeat([]byte{9}, 64))
	R := new(edwards25519.Point).ScalarBaseMult(r)
	R.Add(R, T)
	msg := []byte("a ballot")
	d := sha512.New()
	d.Write(R.Bytes())
	d.Write(pub)
	d.Write(msg)
	k, _ := new(edwards25519.Scalar).SetUniformBytes(d.Sum(nil))
	s := new(edwards25519.Scalar).MultiplyAdd(k, a, r)
	sig := append(R.Bytes(), s.Bytes()...)
	if ed25519.Verify(pub, msg, sig) {
		t.Fatal("crypto/ed25519 accepts it: the test does not make the case")
	}
	if !Verify(pub, msg, sig) {
		t.Error("Verify refuses a signature valid under the cofactored equation")
	}
	if b := batchOf(t, [][]byte{pub}, [][]byte{msg}, [][]byte{sig}); !b.Verify() {
		t.Error("a batch refuses it")
	}
}

// FuzzVerify: whatever crypto/ed25519 accepts, Verify accepts, and a
// batch of one agrees with Verify; nothing panics.
func FuzzVerify(f *testing.F) {
	pubs, msgs, sigs := signed(3)
	for i := range pubs {
		f.Add(pubs[i], msgs[i], sigs[i])
	}
	f.Fuzz(func(t *testing.T, pub, msg, sig []byte) {
		one := Verify(pub, msg, sig)
		if len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, msg, sig) && !one {
			t.Fatal("crypto/ed25519 accepts a signature Verify refuses")
		}
		var b Batch
		if b.Add(pub, msg, sig) == nil && b.Verify() != one {
			t.Fatal("a batch of one and Verify disagree")
		}
	})
}
