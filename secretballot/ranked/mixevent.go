package ranked

import (
	"encoding/binary"
	"fmt"

	"plenum/crypto/group"
	"plenum/crypto/shuffle"
)

// A mix in the election record is one event: a MixPayload in its header,
// with the proof's values that are not per row, then one MixRow item per
// output row, with the row's ciphertexts and the proof's values for that
// row. Rows and proof values stay encoded (as Word and Cipher) until the
// verifier decodes them chunk by chunk, so a million-row mix is held in
// memory once, as bytes.

// Word is a 32-byte encoding (a group element or a scalar), written in JSON
// as unpadded base64url.
type Word [32]byte

func (w Word) MarshalText() ([]byte, error) { return group.AppendText(nil, w[:]), nil }

func (w *Word) UnmarshalText(text []byte) error {
	b, err := group.DecodeText(text, len(w))
	if err != nil {
		return err
	}
	copy(w[:], b)
	return nil
}

// Cipher is an encoded ElGamal ciphertext, A ‖ B, in JSON as unpadded
// base64url.
type Cipher [shuffle.CiphertextSize]byte

func (c Cipher) MarshalText() ([]byte, error) { return group.AppendText(nil, c[:]), nil }

func (c *Cipher) UnmarshalText(text []byte) error {
	b, err := group.DecodeText(text, len(c))
	if err != nil {
		return err
	}
	copy(c[:], b)
	return nil
}

// MixPayload is the payload of a mix event.
type MixPayload struct {
	Question string `json:"question"`
	// Mix numbers the mixes of the question from 1; mix 1 shuffles the
	// ballots, mix k the output of mix k-1.
	Mix     int `json:"mix"`
	Trustee int `json:"trustee"`
	Rows    int `json:"rows"`
	Width   int `json:"width"`

	T1      Word   `json:"t1"`
	T2      Word   `json:"t2"`
	T3      Word   `json:"t3"`
	T4Alpha []Word `json:"t4_alpha"`
	T4Beta  []Word `json:"t4_beta"`
	S1      Word   `json:"s1"`
	S2      Word   `json:"s2"`
	S3      Word   `json:"s3"`
	S4      []Word `json:"s4"`
}

// MixRow is one item of a mix event: output row i and the proof's values
// for row i.
type MixRow struct {
	Ciphertexts []Cipher `json:"ciphertexts"`
	C           Word     `json:"c"`
	CHat        Word     `json:"c_hat"`
	THat        Word     `json:"t_hat"`
	SHat        Word     `json:"s_hat"`
	SPrime      Word     `json:"s_prime"`
}

// MixContext is the context a mix's proof is bound to (besides the
// election fingerprint): the question, the mix's number and the mixing
// trustee. A proof copied to another place in the chain does not verify.
func MixContext(question string, mix, trustee int) []byte {
	b := []byte("plenum/secretballot/v1/mix\x00")
	b = binary.BigEndian.AppendUint32(b, uint32(len(question)))
	b = append(b, question...)
	b = binary.BigEndian.AppendUint32(b, uint32(mix))
	return binary.BigEndian.AppendUint32(b, uint32(trustee))
}

func words(b []byte) []Word {
	ws := make([]Word, len(b)/32)
	for i := range ws {
		copy(ws[i][:], b[i*32:])
	}
	return ws
}

func word(b []byte) (w Word) {
	copy(w[:], b)
	return w
}

// NewMixPayload returns the payload of the mix event of out and p.
func NewMixPayload(question string, mix, trustee int, out *shuffle.Rows, p *shuffle.Proof) *MixPayload {
	return &MixPayload{
		Question: question, Mix: mix, Trustee: trustee, Rows: out.Len(), Width: out.Width(),
		T1: word(p.T1), T2: word(p.T2), T3: word(p.T3),
		T4Alpha: words(p.T4Alpha), T4Beta: words(p.T4Beta),
		S1: word(p.S1), S2: word(p.S2), S3: word(p.S3), S4: words(p.S4),
	}
}

// NewMixRow returns item i of the mix event of out and p.
func NewMixRow(out *shuffle.Rows, p *shuffle.Proof, i int) *MixRow {
	row := out.RowBytes(i)
	r := &MixRow{
		Ciphertexts: make([]Cipher, out.Width()),
		C:           word(p.C[i*32:]), CHat: word(p.CHat[i*32:]), THat: word(p.THat[i*32:]),
		SHat: word(p.SHat[i*32:]), SPrime: word(p.SPrime[i*32:]),
	}
	for k := range r.Ciphertexts {
		copy(r.Ciphertexts[k][:], row[k*shuffle.CiphertextSize:])
	}
	return r
}

// A MixAssembler rebuilds a mix's output rows and proof from its event,
// one row at a time, as a reader streams them.
type MixAssembler struct {
	p     *MixPayload
	out   []byte
	proof shuffle.Proof
	n     int
}

// Assemble checks the payload and starts reading its rows. It bounds the
// sizes before allocating anything, so a hostile record cannot make the
// verifier reserve more memory than its rows take on disk.
func (p *MixPayload) Assemble() (*MixAssembler, error) {
	switch {
	case p.Mix < 1:
		return nil, fmt.Errorf("mix: number %d, want 1 or more", p.Mix)
	case p.Rows < 1 || p.Rows > shuffle.MaxRows:
		return nil, fmt.Errorf("rows: %d, want 1 to %d", p.Rows, shuffle.MaxRows)
	case p.Width < 1 || p.Width > shuffle.MaxWidth:
		return nil, fmt.Errorf("width: %d, want 1 to %d", p.Width, shuffle.MaxWidth)
	case len(p.T4Alpha) != p.Width || len(p.T4Beta) != p.Width || len(p.S4) != p.Width:
		return nil, fmt.Errorf("t4_alpha, t4_beta and s4 have %d, %d and %d values for width %d", len(p.T4Alpha), len(p.T4Beta), len(p.S4), p.Width)
	}
	a := &MixAssembler{p: p}
	flat := func(ws []Word) (b []byte) {
		for _, w := range ws {
			b = append(b, w[:]...)
		}
		return b
	}
	a.proof = shuffle.Proof{
		T1: p.T1[:], T2: p.T2[:], T3: p.T3[:], T4Alpha: flat(p.T4Alpha), T4Beta: flat(p.T4Beta),
		S1: p.S1[:], S2: p.S2[:], S3: p.S3[:], S4: flat(p.S4),
	}
	return a, nil
}

// Add appends the next row.
func (a *MixAssembler) Add(r *MixRow) error {
	if a.n == a.p.Rows {
		return fmt.Errorf("more than the %d rows announced", a.p.Rows)
	}
	if len(r.Ciphertexts) != a.p.Width {
		return fmt.Errorf("row %d: %d ciphertexts, want %d", a.n+1, len(r.Ciphertexts), a.p.Width)
	}
	for k := range r.Ciphertexts {
		a.out = append(a.out, r.Ciphertexts[k][:]...)
	}
	a.proof.C = append(a.proof.C, r.C[:]...)
	a.proof.CHat = append(a.proof.CHat, r.CHat[:]...)
	a.proof.THat = append(a.proof.THat, r.THat[:]...)
	a.proof.SHat = append(a.proof.SHat, r.SHat[:]...)
	a.proof.SPrime = append(a.proof.SPrime, r.SPrime[:]...)
	a.n++
	return nil
}

// Done returns the output rows and the proof, once every row is in.
func (a *MixAssembler) Done() (*shuffle.Rows, *shuffle.Proof, error) {
	if a.n != a.p.Rows {
		return nil, nil, fmt.Errorf("%d rows, %d announced", a.n, a.p.Rows)
	}
	out, err := shuffle.NewRows(a.p.Width, a.out)
	if err != nil {
		return nil, nil, err
	}
	return out, &a.proof, nil
}
