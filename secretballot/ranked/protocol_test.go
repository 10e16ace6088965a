package ranked

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
	"plenum/crypto/proof"
	"plenum/crypto/shuffle"
)

// trustees is a threshold key shared the way the key generation leaves it:
// share s_j = f(j) of a random polynomial f of degree threshold-1, y = g^f(0).
type trustees struct {
	pk     *elgamal.PublicKey
	shares []*group.Scalar // s_1..s_n at index j-1
	keys   []*group.Element
}

func newTrustees(t *testing.T, n, threshold int) *trustees {
	r := testRand(77)
	coef := make([]*group.Scalar, threshold)
	for i := range coef {
		coef[i], _ = group.RandomScalar(r)
	}
	tr := &trustees{}
	for j := 1; j <= n; j++ {
		x, s := group.NewScalarUint64(uint64(j)), group.NewScalar()
		for i := threshold - 1; i >= 0; i-- {
			s.MultiplyAdd(s, x, coef[i])
		}
		tr.shares = append(tr.shares, s)
		tr.keys = append(tr.keys, group.NewElement().ScalarBaseMult(s))
	}
	pk, err := elgamal.NewPublicKey(group.NewElement().ScalarBaseMult(coef[0]))
	if err != nil {
		t.Fatal(err)
	}
	tr.pk = pk
	return tr
}

// lagrange returns the coefficients at 0 for the trustees numbered idx.
func lagrange(idx []int) []*group.Scalar {
	var out []*group.Scalar
	for _, i := range idx {
		num, den := group.NewScalarUint64(1), group.NewScalarUint64(1)
		for _, j := range idx {
			if j != i {
				num.Multiply(num, group.NewScalarUint64(uint64(j)))
				den.Multiply(den, group.NewScalar().Subtract(group.NewScalarUint64(uint64(j)), group.NewScalarUint64(uint64(i))))
			}
		}
		out = append(out, num.Multiply(num, group.NewScalar().Invert(den)))
	}
	return out
}

// TestRankedElection runs the protocol for one ranked question: voters
// encrypt, three trustees mix in turn (each mix verified, through its
// record encoding, before the next), two decrypt with proofs, and the
// decoded rankings are the voters' rankings, plus one hand-made invalid
// ballot that is counted as invalid.
func TestRankedElection(t *testing.T) {
	const voters, candidates = 30, 5
	tr := newTrustees(t, 3, 2)
	fp := []byte("election fingerprint")
	r := rand.New(testRand(3))
	var cast []string
	var enc []byte
	for v := range voters {
		rk := randomRanking(r, candidates)
		cast = append(cast, string(mustJSON(t, rk)))
		e, _, err := Encrypt(testRand(byte(v)), tr.pk, proof.Binding{Fingerprint: fp, Context: []byte{byte(v)}}, rk)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := e.Ciphertexts[0].MarshalBinary()
		enc = append(enc, b...)
	}
	// A voter who encrypts the generator instead of a ranking.
	bad := tr.pk.ReEncrypt(&elgamal.Ciphertext{A: *group.NewElement(), B: *group.Generator()}, group.NewScalarUint64(5))
	b, _ := bad.MarshalBinary()
	enc = append(enc, b...)
	rows, err := shuffle.NewRows(1, enc)
	if err != nil {
		t.Fatal(err)
	}

	for mix := 1; mix <= 3; mix++ {
		params := &shuffle.Params{Fingerprint: fp, Context: MixContext("q1", mix, mix), Key: tr.pk}
		out, p, err := shuffle.Mix(testRand(byte(100+mix)), params, rows)
		if err != nil {
			t.Fatal(err)
		}
		out2, p2 := throughRecord(t, NewMixPayload("q1", mix, mix, out, p), out, p)
		if err := shuffle.Verify(testRand(9), params, rows, out2, p2); err != nil {
			t.Fatalf("mix %d: %v", mix, err)
		}
		rows = out2
	}

	decrypting := []int{1, 3}
	lambda := lagrange(decrypting)
	var got []string
	invalid := 0
	for i := range rows.Len() {
		bt := proof.NewBatch()
		var factors [][]*group.Element
		for _, j := range decrypting {
			d := &Decryptor{Fingerprint: fp, Question: "q1", Rows: rows, Trustee: j, Key: tr.keys[j-1]}
			dr, err := d.PartialDecrypt(testRand(byte(i)), tr.shares[j-1], i)
			if err != nil {
				t.Fatal(err)
			}
			fs, err := d.AddToBatch(bt, dr, i)
			if err != nil {
				t.Fatal(err)
			}
			factors = append(factors, fs)
		}
		if err := bt.Verify(); err != nil {
			t.Fatal(err)
		}
		plain, err := Combine(rows, i, lambda, factors)
		if err != nil {
			t.Fatal(err)
		}
		rk, err := Decode(plain, candidates)
		if errors.Is(err, ErrMalformed) {
			invalid++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(mustJSON(t, rk)))
	}
	slices.Sort(got)
	slices.Sort(cast)
	if !slices.Equal(got, cast) || invalid != 1 {
		t.Fatalf("decrypted %d rankings and %d invalid; want the %d cast and 1 invalid", len(got), invalid, len(cast))
	}
}

// TestWrongFactorIsCaught: a trustee who publishes a wrong factor (or
// another trustee's proof) is caught by the batch.
func TestWrongFactorIsCaught(t *testing.T) {
	tr := newTrustees(t, 2, 2)
	e, _, _ := Encrypt(testRand(1), tr.pk, proof.Binding{Fingerprint: []byte("fp")}, Ranking{1, 2})
	b, _ := e.Ciphertexts[0].MarshalBinary()
	rows, _ := shuffle.NewRows(1, b)
	d := &Decryptor{Fingerprint: []byte("fp"), Question: "q", Rows: rows, Trustee: 1, Key: tr.keys[0]}
	dr, err := d.PartialDecrypt(testRand(2), tr.shares[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	wrong := *dr
	f, _ := group.NewElement().SetBytes(dr.Factors[0][:])
	wrong.Factors = []Word{word(f.Add(f, group.Generator()).Bytes())}
	other := *d
	other.Trustee = 2
	for name, tc := range map[string]struct {
		d *Decryptor
		r *DecryptionRow
	}{"wrong factor": {d, &wrong}, "other trustee": {&other, dr}} {
		bt := proof.NewBatch()
		_, err := tc.d.AddToBatch(bt, tc.r, 0)
		if err == nil {
			err = bt.Verify()
		}
		if !errors.Is(err, proof.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// throughRecord writes a mix as its event's JSON lines and reads it back.
func throughRecord(t *testing.T, payload *MixPayload, out *shuffle.Rows, p *shuffle.Proof) (*shuffle.Rows, *shuffle.Proof) {
	t.Helper()
	var back MixPayload
	if err := json.Unmarshal(mustJSON(t, payload), &back); err != nil {
		t.Fatal(err)
	}
	a, err := back.Assemble()
	if err != nil {
		t.Fatal(err)
	}
	for i := range out.Len() {
		var row MixRow
		line := mustJSON(t, NewMixRow(out, p, i))
		if strings.Contains(string(line), "\n") {
			t.Fatal("a row spans lines")
		}
		if err := json.Unmarshal(line, &row); err != nil {
			t.Fatal(err)
		}
		if err := a.Add(&row); err != nil {
			t.Fatal(err)
		}
	}
	out2, p2, err := a.Done()
	if err != nil {
		t.Fatal(err)
	}
	return out2, p2
}

// FuzzMixEvent: a mix event's payload and rows decode without panics, and
// the assembler takes only well-shaped ones.
func FuzzMixEvent(f *testing.F) {
	f.Add([]byte(`{"question":"q","mix":1,"trustee":1,"rows":1,"width":1,"t1":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","t2":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","t3":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","t4_alpha":["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],"t4_beta":["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],"s1":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","s2":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","s3":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","s4":["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]}`),
		[]byte(`{"ciphertexts":["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],"c":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","c_hat":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","t_hat":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","s_hat":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","s_prime":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`))
	f.Add([]byte(`{"rows":1e9,"width":64}`), []byte(`{"ciphertexts":[]}`))
	f.Fuzz(func(t *testing.T, payload, row []byte) {
		var p MixPayload
		if json.Unmarshal(payload, &p) != nil {
			return
		}
		a, err := p.Assemble()
		if err != nil {
			return
		}
		var r MixRow
		if json.Unmarshal(row, &r) != nil {
			return
		}
		if a.Add(&r) != nil {
			return
		}
		out, proof, err := a.Done()
		if err == nil && (out.Len() != 1 || proof.Rows() != 1) {
			t.Fatal("a one-row mix assembles to another size")
		}
	})
}
