package dkg

import (
	"bytes"
	"encoding/json"
	"testing"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

// sampleMessages returns the JSON of one message of each kind from an
// honest ceremony with one complaint.
func sampleMessages(t testing.TB) map[string][]byte {
	c, err := runCeremony(t, 3, 2, cheats{tamper: func(c *ceremony) {
		resealShare(t, c, 1, 2, group.NewScalarUint64(3))
	}})
	if err != nil {
		t.Fatal(err)
	}
	pk, _ := elgamal.NewPublicKey(c.result.JointKey)
	ct, _, _ := pk.EncryptRandom(seeded(1), group.NewScalarUint64(1))
	pd, _ := c.keyShares[1].PartialDecrypt(seeded(2), ct)
	out := map[string][]byte{}
	for name, v := range map[string]any{
		"commitment": c.commitments[0], "share": c.shares[0], "complaint": c.complaints[0],
		"reveal": c.reveals[0], "result": c.result, "partial": pd, "keyshare": c.keyShares[1],
		"roster": c.roster,
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

func newMessage(kind string) any {
	switch kind {
	case "commitment":
		return new(Commitment)
	case "share":
		return new(EncryptedShare)
	case "complaint":
		return new(Complaint)
	case "reveal":
		return new(Reveal)
	case "result":
		return new(Result)
	case "partial":
		return new(PartialDecryption)
	case "keyshare":
		return new(KeyShare)
	default:
		return new(Roster)
	}
}

func TestDecodeCanonical(t *testing.T) {
	for kind, data := range sampleMessages(t) {
		if err := Decode(data, newMessage(kind)); err != nil {
			t.Errorf("%s: %v", kind, err)
		}
		for _, bad := range [][]byte{
			append([]byte(" "), data...),
			append(bytes.Clone(data), '\n'),
			bytes.Replace(data, []byte(`":`), []byte(`": `), 1),
			bytes.Replace(data, []byte(`{"`), []byte(`{"extra":1,"`), 1),
		} {
			if err := Decode(bad, newMessage(kind)); err == nil {
				t.Errorf("%s: accepted %s", kind, bad)
			}
		}
	}
	// Keys in another case are another spelling.
	var cp Complaint
	if err := Decode([]byte(`{"FROM":1,"against":2,"signature":null}`), &cp); err == nil {
		t.Error("accepted an upper-case key")
	}
}

func FuzzDecode(f *testing.F) {
	kinds := []string{"commitment", "share", "complaint", "reveal", "result", "partial", "keyshare", "roster"}
	samples := sampleMessages(f)
	for i, k := range kinds {
		f.Add(uint8(i), samples[k])
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		v := newMessage(kinds[int(kind)%len(kinds)])
		if err := Decode(data, v); err != nil {
			return
		}
		again, _ := json.Marshal(v)
		if !bytes.Equal(again, data) {
			t.Fatalf("accepted %s, which re-encodes as %s", data, again)
		}
	})
}
