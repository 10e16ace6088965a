package proof

import (
	"bytes"
	"encoding"
	"testing"

	"plenum/crypto/group"
)

// codec is what every proof type implements.
type codec interface {
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
	encoding.TextMarshaler
	encoding.TextUnmarshaler
}

// samples returns an honest proof of each type and a fresh value to
// decode it into.
func samples(t testing.TB) []struct {
	name       string
	p, fresh   codec
	fuzzTarget func() codec
} {
	r := seeded(9)
	pk := testKey(t, r)
	x := scalar(t, r)
	G, H := group.Generator(), element(t, r)
	X, Z := new(group.Element).ScalarMult(x, G), new(group.Element).ScalarMult(x, H)
	sp, err1 := ProveSchnorr(r, binding, G, X, x)
	dp, err2 := ProveDLEQ(r, binding, G, X, H, Z, x)
	c, rr := encrypt(t, r, pk, 2)
	rp, err3 := ProveRange(r, binding, pk, c, 2, rr, 0, 3)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatal(err1, err2, err3)
	}
	return []struct {
		name       string
		p, fresh   codec
		fuzzTarget func() codec
	}{
		{"schnorr", sp, new(Schnorr), func() codec { return new(Schnorr) }},
		{"dleq", dp, new(DLEQ), func() codec { return new(DLEQ) }},
		{"range", rp, new(Range), func() codec { return new(Range) }},
	}
}

func TestEncoding(t *testing.T) {
	for _, s := range samples(t) {
		roundTrip(t, s.name, s.p, s.fresh)
	}
}

// fuzzDecode checks that whatever a decoder accepts re-encodes to the
// very same bytes: one proof, one encoding.
func fuzzDecode(f *testing.F, name string) {
	for _, s := range samples(f) {
		if s.name != name {
			continue
		}
		bin, _ := s.p.MarshalBinary()
		text, _ := s.p.MarshalText()
		f.Add(bin, false)
		f.Add(text, true)
		f.Add(bin[:len(bin)/2], false)
		f.Fuzz(func(t *testing.T, in []byte, isText bool) {
			p := s.fuzzTarget()
			var err error
			if isText {
				err = p.UnmarshalText(in)
			} else {
				err = p.UnmarshalBinary(in)
			}
			if err != nil {
				return
			}
			var out []byte
			if isText {
				out, _ = p.MarshalText()
			} else {
				out, _ = p.MarshalBinary()
			}
			if !bytes.Equal(out, in) {
				t.Fatalf("accepted %x, which re-encodes as %x", in, out)
			}
		})
	}
}

func FuzzSchnorrDecode(f *testing.F) { fuzzDecode(f, "schnorr") }
func FuzzDLEQDecode(f *testing.F)    { fuzzDecode(f, "dleq") }
func FuzzRangeDecode(f *testing.F)   { fuzzDecode(f, "range") }

func roundTrip(t *testing.T, name string, p, fresh codec) {
	t.Helper()
	bin, _ := p.MarshalBinary()
	if err := fresh.UnmarshalBinary(bin); err != nil {
		t.Fatalf("%s: binary round trip: %v", name, err)
	}
	again, _ := fresh.MarshalBinary()
	if !bytes.Equal(again, bin) {
		t.Fatalf("%s: binary round trip changes the bytes", name)
	}
	text, _ := p.MarshalText()
	if err := fresh.UnmarshalText(text); err != nil {
		t.Fatalf("%s: text round trip: %v", name, err)
	}
	for _, bad := range [][]byte{nil, bin[:len(bin)-1], append(bin, 0)} {
		if err := fresh.UnmarshalBinary(bad); err == nil {
			t.Errorf("%s: accepted %d bytes", name, len(bad))
		}
	}
	// An identity commitment (first 32 bytes) is rejected.
	ident := append(make([]byte, 32), bin[32:]...)
	if err := fresh.UnmarshalBinary(ident); err == nil {
		t.Errorf("%s: accepted an identity commitment", name)
	}
	// A response of ℓ + small (non-canonical) is rejected.
	nonCanon := bytes.Clone(bin)
	copy(nonCanon[len(nonCanon)-32:], bytes.Repeat([]byte{0xff}, 32))
	if err := fresh.UnmarshalBinary(nonCanon); err == nil {
		t.Errorf("%s: accepted a non-canonical scalar", name)
	}
}
