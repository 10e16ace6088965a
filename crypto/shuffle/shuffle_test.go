package shuffle

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

// testRand is a deterministic source of randomness for tests.
func testRand(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}

// election is a key pair and a list of rows of encrypted messages.
type election struct {
	x      *group.Scalar
	params *Params
	msgs   [][]*group.Element // plaintexts, by input row
	in     *Rows
}

func newElection(t testing.TB, n, w int, seed uint64) *election {
	t.Helper()
	r := testRand(seed)
	x := mustScalar(r)
	pk, err := elgamal.NewPublicKey(group.NewElement().ScalarBaseMult(x))
	if err != nil {
		t.Fatal(err)
	}
	e := &election{x: x, params: &Params{
		Fingerprint: []byte("test election"),
		Context:     []byte("mix 1"),
		Key:         pk,
	}}
	var enc []byte
	for range n {
		var row []*group.Element
		for range w {
			m := mustScalar(r)
			row = append(row, group.NewElement().ScalarBaseMult(m))
			enc = appendCiphertext(enc, pk.Encrypt(m, mustScalar(r)))
		}
		e.msgs = append(e.msgs, row)
	}
	in, err := NewRows(w, enc)
	if err != nil {
		t.Fatal(err)
	}
	e.in = in
	return e
}

func mustScalar(r *rand.ChaCha8) *group.Scalar {
	s, err := group.RandomScalar(r)
	if err != nil {
		panic(err)
	}
	return s
}

func appendCiphertext(b []byte, ct *elgamal.Ciphertext) []byte {
	enc, _ := ct.MarshalBinary()
	return append(b, enc...)
}

// decryptRows returns the plaintext rows of rows, as encodings, sorted.
func (e *election) decryptRows(t testing.TB, rows *Rows) []string {
	t.Helper()
	var out []string
	for i := range rows.Len() {
		row, err := rows.Row(i)
		if err != nil {
			t.Fatal(err)
		}
		var b []byte
		for k := range row {
			b = elgamal.Decrypt(&row[k], elgamal.PartialDecrypt(&row[k], e.x)).AppendBytes(b)
		}
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

func (e *election) plainRows() []string {
	var out []string
	for _, row := range e.msgs {
		var b []byte
		for _, m := range row {
			b = m.AppendBytes(b)
		}
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

func TestMixVerifiesAndPermutes(t *testing.T) {
	for _, tc := range []struct{ n, w, chunk int }{{1, 1, 4096}, {2, 1, 4096}, {3, 2, 4096}, {17, 1, 4096}, {40, 3, 4096}, {21, 1, 4}, {9, 2, 3}} {
		t.Run(fmt.Sprintf("n=%d,w=%d,chunk=%d", tc.n, tc.w, tc.chunk), func(t *testing.T) {
			defer func(c int) { chunkRows = c }(chunkRows)
			chunkRows = tc.chunk
			e := newElection(t, tc.n, tc.w, uint64(tc.n*10+tc.w))
			out, proof, err := Mix(testRand(1), e.params, e.in)
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(testRand(2), e.params, e.in, out, proof); err != nil {
				t.Fatalf("honest mix rejected: %v", err)
			}
			if !slices.Equal(e.decryptRows(t, out), e.plainRows()) {
				t.Fatal("the output does not decrypt to the input's plaintexts")
			}
			if tc.n > 1 && bytes.Equal(out.Bytes(), e.in.Bytes()) {
				t.Fatal("output equals input")
			}
		})
	}
}

func TestProofEncodingRoundTrip(t *testing.T) {
	e := newElection(t, 5, 2, 7)
	out, proof, err := Mix(testRand(1), e.params, e.in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := proof.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var q Proof
	if err := q.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if err := Verify(testRand(3), e.params, e.in, out, &q); err != nil {
		t.Fatal(err)
	}
	b2, _ := q.MarshalBinary()
	if !bytes.Equal(b, b2) {
		t.Fatal("re-encoding differs")
	}
	if q.Rows() != 5 || q.Width() != 2 {
		t.Fatalf("rows %d width %d", q.Rows(), q.Width())
	}
	_ = errors.Is
}

// TestChunkingDoesNotChangeTheMix: the prover's secrets depend on row
// indexes, not on how rows are split among workers, so the output and the
// proof are the same for any chunk size.
func TestChunkingDoesNotChangeTheMix(t *testing.T) {
	e := newElection(t, 13, 2, 5)
	mix := func(chunk int) []byte {
		defer func(c int) { chunkRows = c }(chunkRows)
		chunkRows = chunk
		out, proof, err := Mix(testRand(1), e.params, e.in)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := proof.MarshalBinary()
		return append(bytes.Clone(out.Bytes()), b...)
	}
	if !bytes.Equal(mix(4096), mix(3)) {
		t.Fatal("the mix depends on the chunk size")
	}
}
