package transcript

import (
	"testing"

	"plenum/crypto/group"
)

func challenge(build func(t *Transcript)) string {
	t := New("test/v1", []byte("fingerprint"))
	build(t)
	return text(t.Challenge("c"))
}

func text(s *group.Scalar) string {
	b, _ := s.MarshalText()
	return string(b)
}

// Every change of framing, label, order, tag or fingerprint changes the
// challenge.
func TestChallengesDiffer(t *testing.T) {
	g := group.Generator()
	h := group.HashToElement("test", nil)
	cases := map[string]func(*Transcript){
		"a|bc":        func(t *Transcript) { t.Bytes("x", []byte("a")); t.Bytes("x", []byte("bc")) },
		"ab|c":        func(t *Transcript) { t.Bytes("x", []byte("ab")); t.Bytes("x", []byte("c")) },
		"abc":         func(t *Transcript) { t.Bytes("x", []byte("abc")) },
		"label":       func(t *Transcript) { t.Bytes("y", []byte("abc")) },
		"label split": func(t *Transcript) { t.Bytes("xa", []byte("bc")) },
		"g,h":         func(t *Transcript) { t.Element("e", g); t.Element("e", h) },
		"h,g":         func(t *Transcript) { t.Element("e", h); t.Element("e", g) },
		"list g,h":    func(t *Transcript) { t.Elements("e", []*group.Element{g, h}) },
		"uint 1":      func(t *Transcript) { t.Uint64("n", 1) },
		"uint 2":      func(t *Transcript) { t.Uint64("n", 2) },
		"scalar 1":    func(t *Transcript) { t.Scalar("n", group.NewScalarUint64(1)) },
		"empty":       func(t *Transcript) {},
	}
	seen := map[string]string{}
	for name, build := range cases {
		c := challenge(build)
		if other, dup := seen[c]; dup {
			t.Errorf("%s and %s give the same challenge", name, other)
		}
		seen[c] = name
	}
	base := New("test/v1", []byte("fingerprint")).Challenge("c")
	for name, tr := range map[string]*Transcript{
		"tag":         New("test/v2", []byte("fingerprint")),
		"fingerprint": New("test/v1", []byte("fingerprinT")),
	} {
		if tr.Challenge("c").Equal(base) {
			t.Errorf("changing the %s does not change the challenge", name)
		}
	}
	if New("test/v1", []byte("fingerprint")).Challenge("d").Equal(base) {
		t.Error("the challenge label is not hashed")
	}
}

func TestChallengeChain(t *testing.T) {
	a := New("test/v1", nil)
	b := a.Clone()
	c1 := a.Challenge("c")
	if !b.Challenge("c").Equal(c1) {
		t.Fatal("a clone does not give the same challenge")
	}
	if a.Challenge("c").Equal(c1) {
		t.Error("a second challenge repeats the first")
	}
	cs := New("test/v1", nil).Challenges("u", 3)
	if cs[0].Equal(cs[1]) || cs[1].Equal(cs[2]) {
		t.Error("Challenges repeats itself")
	}
}

// A known answer pins the encoding: a change to it must be deliberate
// (and must change the version tag).
func TestKnownAnswer(t *testing.T) {
	tr := New("plenum/test/v1", []byte{1, 2, 3})
	tr.Element("g", group.Generator())
	tr.Scalar("s", group.NewScalarUint64(42))
	tr.Uint64("n", 7)
	got := text(tr.Challenge("c"))
	// Computed independently with Python (hashlib, int.from_bytes mod ℓ).
	const want = "BDaM47tR-GFJ70yhSfIaCNUMPNQ2V9VXNHLU9bXpzAc"
	if got != want {
		t.Errorf("challenge = %s, want %s", got, want)
	}
}
