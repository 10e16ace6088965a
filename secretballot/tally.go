package secretballot

import (
	"fmt"
	"io"

	"plenum/crypto/dkg"
	"plenum/crypto/elgamal"
	"plenum/crypto/proof"
)

// EndBallots is the payload of the end-ballots event: voting is over.
// Cast counts every ballot in the record, Counted only the last of each
// credential, which is what the tally sums.
type EndBallots struct {
	Cast    int `json:"cast"`
	Counted int `json:"counted"`
}

// Tally is the payload of the tally event: for each question and option,
// the product of the counted ballots' ciphertexts, which encrypts the
// option's total.
type Tally struct {
	Questions [][]*elgamal.Ciphertext `json:"questions"`
}

// PartialDecryption is the payload of a partial-decryption event: trustee
// j's decryption factor A^(s_j) of each ciphertext (A, B) of the tally, each
// with a proof that it used the share behind j's verification key
// Y_j = g^(s_j) (dkg.PartialDecryption).
type PartialDecryption struct {
	Trustee   int                        `json:"trustee"`
	Questions [][]*dkg.PartialDecryption `json:"questions"`
}

// PartiallyDecrypt is a trustee's part of the decryption of the tally.
func (e *Election) PartiallyDecrypt(rand io.Reader, share *dkg.KeyShare, t *Tally) (*PartialDecryption, error) {
	if !e.Key.Qualified(share.Index) {
		return nil, fmt.Errorf("trustee %d is not qualified in this election", share.Index)
	}
	pd := &PartialDecryption{Trustee: share.Index, Questions: make([][]*dkg.PartialDecryption, len(t.Questions))}
	for qi, cts := range t.Questions {
		for _, ct := range cts {
			p, err := share.PartialDecrypt(rand, ct)
			if err != nil {
				return nil, err
			}
			pd.Questions[qi] = append(pd.Questions[qi], p)
		}
	}
	return pd, nil
}

// checkPartial checks the shape of pd against the tally and adds its
// proofs to bt.
func (e *Election) checkPartial(bt *proof.Batch, pd *PartialDecryption, t *Tally) error {
	if !e.Key.Qualified(pd.Trustee) {
		return errorf("trustee", "%d is not a qualified trustee of this election", pd.Trustee)
	}
	if len(pd.Questions) != len(t.Questions) {
		return errorf("questions", "want %d questions", len(t.Questions))
	}
	for qi, cts := range t.Questions {
		if len(pd.Questions[qi]) != len(cts) {
			return errorf(fmt.Sprintf("questions[%d]", qi), "want %d partial decryptions", len(cts))
		}
		for i, ct := range cts {
			p := pd.Questions[qi][i]
			field := fmt.Sprintf("questions[%d][%d]", qi, i)
			if p == nil || p.Trustee != pd.Trustee {
				return errorf(field, "missing, or not by trustee %d", pd.Trustee)
			}
			if err := e.Key.AddPartialToBatch(bt, ct, p); err != nil {
				return errorf(field, "%v", err)
			}
		}
	}
	return nil
}

// checkPartialAlone checks each proof of pd alone, to name a bad one.
func (e *Election) checkPartialAlone(pd *PartialDecryption, t *Tally) error {
	for qi, cts := range t.Questions {
		for i, ct := range cts {
			if err := e.Key.VerifyPartial(ct, pd.Questions[qi][i]); err != nil {
				return errorf(fmt.Sprintf("questions[%d][%d]", qi, i), "%v", err)
			}
		}
	}
	return nil
}

// Combine decrypts the tally from the partial decryptions of a threshold
// of trustees (the first Threshold of pds, as dkg.Result.Combine takes
// them): each total's g^m is B divided by the Lagrange combination of the
// factors, and m its discrete logarithm, at most counted. The partial
// decryptions must have been checked.
func (e *Election) Combine(t *Tally, pds []*PartialDecryption, counted int) ([][]int64, error) {
	dl := elgamal.NewDLog(uint64(counted))
	totals := make([][]int64, len(t.Questions))
	each := make([]*dkg.PartialDecryption, len(pds))
	for qi, cts := range t.Questions {
		for i, ct := range cts {
			for j, pd := range pds {
				each[j] = pd.Questions[qi][i]
			}
			gm, err := e.Key.Combine(ct, each)
			if err != nil {
				return nil, err
			}
			m, err := dl.Solve(gm)
			if err != nil {
				return nil, fmt.Errorf("question %d option %d: total not between 0 and %d: %w", qi, i, counted, err)
			}
			totals[qi] = append(totals[qi], int64(m))
		}
	}
	return totals, nil
}
