package ranked

import (
	"encoding/binary"
	"fmt"
	"io"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
	"plenum/crypto/proof"
	"plenum/crypto/shuffle"
)

// After the last mix is verified, each decrypting trustee publishes, for
// every ciphertext (A, B) of the last mix's output, its decryption factor
// A^(s_j) with a Chaum-Pedersen proof that it used the share behind its
// verification key Y_j = g^(s_j): one DecryptionRow per row, as the items
// of one event per trustee. Any threshold of them combine, by Lagrange
// interpolation in the exponent, into A^x, which reveals each row's
// elements and so its ranking.

// DecryptionRow is trustee j's factors for one row, one per ciphertext,
// with their proofs.
type DecryptionRow struct {
	Factors []Word        `json:"factors"`
	Proofs  []*proof.DLEQ `json:"proofs"`
}

// decryptionBinding binds a factor's proof to the election, the question,
// the trustee, the row and the column: a proof copied anywhere else fails.
func decryptionBinding(fingerprint []byte, question string, trustee, row, col int) proof.Binding {
	ctx := []byte("plenum/secretballot/v1/ranked-decryption\x00")
	ctx = binary.BigEndian.AppendUint32(ctx, uint32(len(question)))
	ctx = append(ctx, question...)
	ctx = binary.BigEndian.AppendUint32(ctx, uint32(trustee))
	ctx = binary.BigEndian.AppendUint64(ctx, uint64(row))
	ctx = binary.BigEndian.AppendUint32(ctx, uint32(col))
	return proof.Binding{Fingerprint: fingerprint, Context: ctx}
}

// A Decryptor is what a trustee's factors are checked against: the
// election, the question, the rows decrypted, the trustee and its key.
type Decryptor struct {
	Fingerprint []byte
	Question    string
	Rows        *shuffle.Rows
	Trustee     int
	// Key is the trustee's verification key Y_j.
	Key *group.Element
}

// PartialDecrypt computes row i's factors with the trustee's share s_j.
func (d *Decryptor) PartialDecrypt(rand io.Reader, share *group.Scalar, i int) (*DecryptionRow, error) {
	row, err := d.Rows.Row(i)
	if err != nil {
		return nil, err
	}
	out := &DecryptionRow{}
	for k := range row {
		f := elgamal.PartialDecrypt(&row[k], share)
		p, err := proof.ProveDLEQ(rand, decryptionBinding(d.Fingerprint, d.Question, d.Trustee, i, k), group.Generator(), d.Key, &row[k].A, f, share)
		if err != nil {
			return nil, err
		}
		out.Factors = append(out.Factors, word(f.Bytes()))
		out.Proofs = append(out.Proofs, p)
	}
	return out, nil
}

// AddToBatch decodes r, trustee j's factors for row i, checks their shape
// and adds their proofs to bt. It returns the decoded factors.
func (d *Decryptor) AddToBatch(bt *proof.Batch, r *DecryptionRow, i int) ([]*group.Element, error) {
	row, err := d.Rows.Row(i)
	if err != nil {
		return nil, err
	}
	if len(r.Factors) != len(row) || len(r.Proofs) != len(row) {
		return nil, fmt.Errorf("row %d: %d factors and %d proofs for %d ciphertexts", i+1, len(r.Factors), len(r.Proofs), len(row))
	}
	fs := make([]*group.Element, len(row))
	for k := range row {
		f, err := group.NewElement().SetBytes(r.Factors[k][:])
		if err != nil {
			return nil, fmt.Errorf("row %d factor %d: %w", i+1, k+1, err)
		}
		if r.Proofs[k] == nil {
			return nil, fmt.Errorf("row %d proof %d: missing", i+1, k+1)
		}
		if err := r.Proofs[k].AddToBatch(bt, decryptionBinding(d.Fingerprint, d.Question, d.Trustee, i, k), group.Generator(), d.Key, &row[k].A, f); err != nil {
			return nil, fmt.Errorf("row %d proof %d: %w", i+1, k+1, err)
		}
		fs[k] = f
	}
	return fs, nil
}

// Combine returns the plaintext elements of row i of rows, given the
// checked factors of a threshold of trustees (factors[j][k] for trustee j
// and column k) and their Lagrange coefficients at zero.
func Combine(rows *shuffle.Rows, i int, lambda []*group.Scalar, factors [][]*group.Element) ([]*group.Element, error) {
	row, err := rows.Row(i)
	if err != nil {
		return nil, err
	}
	if len(factors) != len(lambda) {
		return nil, fmt.Errorf("%d trustees' factors for %d coefficients", len(factors), len(lambda))
	}
	plain := make([]*group.Element, len(row))
	col := make([]*group.Element, len(factors))
	for k := range row {
		for j := range factors {
			col[j] = factors[j][k]
		}
		f := group.NewElement().VarTimeMultiScalarMult(lambda, col)
		plain[k] = elgamal.Decrypt(&row[k], f)
	}
	return plain, nil
}
