package shuffle

import (
	"fmt"

	"plenum/crypto/elgamal"
)

// CiphertextSize is the length of an encoded ciphertext, A ‖ B.
const CiphertextSize = elgamal.CiphertextSize

// Rows is a list of n rows of w ciphertexts, kept as their encodings: 64
// bytes a ciphertext instead of about 400 for two decoded elements, so that
// a million ballots fit in memory once. Elements are decoded chunk by chunk
// when they are used.
type Rows struct {
	w   int
	enc []byte
}

// NewRows wraps enc, the concatenated encodings of n rows of w ciphertexts
// (row by row, α before β). It checks only the length: the points are
// checked where they are decoded, and a verifier rejects a proof about rows
// that do not decode.
func NewRows(w int, enc []byte) (*Rows, error) {
	if w < 1 {
		return nil, fmt.Errorf("rows of width %d", w)
	}
	if len(enc) == 0 || len(enc)%(w*CiphertextSize) != 0 {
		return nil, fmt.Errorf("%d bytes are not whole rows of %d ciphertexts", len(enc), w)
	}
	return &Rows{w: w, enc: enc}, nil
}

// Width is the number of ciphertexts in a row.
func (r *Rows) Width() int { return r.w }

// Len is the number of rows.
func (r *Rows) Len() int { return len(r.enc) / (r.w * CiphertextSize) }

// Bytes returns the encodings, row by row; the caller must not modify them.
func (r *Rows) Bytes() []byte { return r.enc }

// RowBytes returns the encoding of row i.
func (r *Rows) RowBytes(i int) []byte {
	n := r.w * CiphertextSize
	return r.enc[i*n : (i+1)*n]
}

// Row decodes row i (counted from 0; errors count from 1).
func (r *Rows) Row(i int) ([]elgamal.Ciphertext, error) {
	b := r.RowBytes(i)
	row := make([]elgamal.Ciphertext, r.w)
	for k := range row {
		if err := row[k].UnmarshalBinary(b[k*CiphertextSize : (k+1)*CiphertextSize]); err != nil {
			return nil, fmt.Errorf("row %d, ciphertext %d: %w", i+1, k+1, err)
		}
	}
	return row, nil
}
