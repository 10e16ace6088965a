package secretballot

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"plenum/crypto/dkg"
	"plenum/crypto/elgamal"
	"plenum/secretballot/ranked"
)

// A server that keeps a record elsewhere than in a directory (in a
// database, one event per row) writes events with EventFile and reads the
// record back as an fs.FS; what it checks and computes is what a directory
// record gets from Writer, ReadBoard and Verify.

// EventFile returns the bytes of the file of an event at height whose
// parent is the hash of the event before: its header and its items, each
// already in canonical form. Its hash is the SHA-256 of those bytes.
func EventFile(height int, parent Hash, typ string, payload any, items [][]byte) ([]byte, error) {
	p, err := marshal(payload)
	if err != nil {
		return nil, err
	}
	line, err := marshal(Header{Version: RecordVersion, Type: typ, Height: height, Parent: parent, Items: len(items), Payload: p})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Write(line)
	buf.WriteByte('\n')
	for _, it := range items {
		buf.Write(it)
		buf.WriteByte('\n')
	}
	return buf.Bytes(), nil
}

// HashFile is the hash of an event file.
func HashFile(file []byte) Hash { return sha256.Sum256(file) }

// Canonical returns v's canonical JSON line, as an item of an event.
func Canonical(v any) ([]byte, error) { return marshal(v) }

// CheckBallot checks a ballot line on its own, as a server does before it
// accepts it: the canonical encoding, the shape the manifest gives it, the
// credential's signature and every proof. Whether the credential may vote
// is the caller's to check. It returns the ballot and its tracker.
func (e *Election) CheckBallot(line []byte) (*Ballot, Hash, error) {
	b, err := e.decodeBallot(line)
	if err == nil {
		err = e.checkSignature(b, line)
	}
	if err == nil {
		err = e.checkBallotAlone(b)
	}
	if err != nil {
		return nil, Hash{}, err
	}
	return b, Tracker(line), nil
}

// RankedDecryption is a trustee's ranked-decryption event: the payload and
// its items.
type RankedDecryption struct {
	Payload RankedDecryptionPayload
	Rows    []*ranked.DecryptionRow
}

// DecryptRanked verifies the record in fsys, whose mix-net must be closed
// (every qualified trustee mixed, or an end-mixes event), and returns trustee share.Index's decryption of the
// last mix of each ranked question, in the manifest's order.
func DecryptRanked(rand io.Reader, fsys fs.FS, share *dkg.KeyShare) ([]RankedDecryption, error) {
	v, _, _, err := verifyEvents(fsys, VerifyOptions{})
	if err != nil {
		return nil, err
	}
	if v.election == nil {
		return nil, errors.New("the record has no election key")
	}
	if err := v.mixesClosed(); err != nil {
		return nil, err
	}
	var out []RankedDecryption
	for _, qi := range v.manifest.rankedQuestions() {
		q := &v.manifest.Questions[qi]
		rows := v.mixes().current[qi]
		d := v.election.decryptor(qi, share.Index, rows)
		rd := RankedDecryption{Payload: RankedDecryptionPayload{Question: q.ID, Trustee: share.Index, Rows: rows.Len()}}
		for i := range rows.Len() {
			dr, err := d.PartialDecrypt(rand, share.Secret, i)
			if err != nil {
				return nil, err
			}
			rd.Rows = append(rd.Rows, dr)
		}
		out = append(out, rd)
	}
	return out, nil
}

// Rankings is a rankings event: the payload and its items.
type Rankings struct {
	Payload RankingsPayload
	Items   []RankingItem
}

// CountRanked verifies the record in fsys, which must hold the partial
// decryptions of the tally and, for each ranked question, at least
// Threshold ranked decryptions. It combines the first Threshold of each
// question's, and returns the rankings events and the result, ranked
// questions counted, to append in that order. When no ballot was counted
// there is nothing to decrypt: it returns no rankings and the result of
// zeros (EmptyResult), which follows the tally at once.
func CountRanked(fsys fs.FS) ([]Rankings, *Result, error) {
	v, _, _, err := verifyEvents(fsys, VerifyOptions{})
	if err != nil {
		return nil, nil, err
	}
	e := v.election
	if v.nothingCounted() {
		return nil, e.EmptyResult(), nil
	}
	if len(v.partials) < v.manifest.Threshold {
		return nil, nil, fmt.Errorf("%d partial decryptions of the tally, want %d", len(v.partials), v.manifest.Threshold)
	}
	r, err := e.Result(v.tally, v.partials[:v.manifest.Threshold], v.cast-len(v.superseded))
	if err != nil {
		return nil, nil, err
	}
	var out []Rankings
	for _, qi := range v.manifest.rankedQuestions() {
		q := &v.manifest.Questions[qi]
		v.mixes()
		set, factors, err := v.rankedFactors(qi)
		if err != nil {
			return nil, nil, err
		}
		items, err := combineRanked(q, v.mixes().current[qi], set, factors)
		if err != nil {
			return nil, nil, err
		}
		tl, err := ranked.NewTally(string(q.Kind), q.Options, q.Seats)
		if err != nil {
			return nil, nil, err
		}
		invalid := 0
		for _, it := range items {
			if it.Invalid != "" {
				invalid++
				tl.AddInvalid()
				continue
			}
			tl.Add(it.Ranks)
		}
		if r.Questions[qi], err = rankedResult(q, tl, e.Hash); err != nil {
			return nil, nil, err
		}
		out = append(out, Rankings{Payload: RankingsPayload{Question: q.ID, Rows: len(items), Invalid: invalid, Decrypted: set}, Items: items})
	}
	return out, r, nil
}

// EmptyTally is the tally of a vote in which no ballot was counted: no
// ciphertext for any question, for there is nothing to decrypt.
func EmptyTally(m *Manifest) *Tally {
	t := &Tally{Questions: make([][]*elgamal.Ciphertext, len(m.Questions))}
	for qi := range t.Questions {
		t.Questions[qi] = []*elgamal.Ciphertext{}
	}
	return t
}
