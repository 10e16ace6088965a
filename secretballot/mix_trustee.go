package secretballot

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"plenum/crypto/shuffle"
	"plenum/secretballot/ranked"
)

// A MixJob is the mix a trustee owes a record in progress: the question,
// the mix's number and its input, which Verify has checked.
type MixJob struct {
	Question string
	Mix      int
	Trustee  int
	Rows     int

	e    *Election
	qi   int
	in   *shuffle.Rows
	head Hash
	next int // height of the next event
}

// NextMix verifies the record in fsys as far as it goes, which must be past
// its tally and before any decryption, and returns the next mix that
// trustee owes it: of the first ranked question the trustee has not mixed.
// It fails when the record is invalid, when it is not waiting for a mix
// (the mix-net is closed), when the trustee is not qualified, or when it
// has mixed every ranked question. Qualified trustees mix in the order
// their mixes reach the record, each from the output of the mix before.
func NextMix(fsys fs.FS, trustee int, opts VerifyOptions) (*MixJob, error) {
	v, files, hashes, err := verifyEvents(fsys, opts)
	if err != nil {
		return nil, err
	}
	last := files[len(files)-1].typ
	if last != EventTally && last != EventMix {
		return nil, fmt.Errorf("the record is not waiting for a mix: its last event is %s", files[len(files)-1].name)
	}
	if !v.election.Key.Qualified(trustee) {
		return nil, fmt.Errorf("trustee %d is not qualified: only qualified trustees mix", trustee)
	}
	for _, qi := range v.manifest.rankedQuestions() {
		if slices.Contains(v.mixes().mixers[qi], trustee) {
			continue
		}
		k, in := v.mixes().mixes[qi], v.mixes().current[qi]
		if k == 0 {
			if in, err = v.mixInput(qi); err != nil {
				return nil, err
			}
		}
		return &MixJob{Question: v.manifest.Questions[qi].ID, Mix: k + 1, Trustee: trustee, Rows: in.Len(),
			e: v.election, qi: qi, in: in, head: hashes[len(hashes)-1], next: len(files)}, nil
	}
	return nil, fmt.Errorf("trustee %d has mixed every ranked question", trustee)
}

// File mixes the job's input with randomness from rand (crypto/rand.Reader:
// the permutation must be unpredictable and forgotten), verifies the mix
// and returns the file of its event, which follows the record NextMix
// verified.
func (j *MixJob) File(rand io.Reader) ([]byte, error) {
	p := j.e.mixParams(j.qi, j.Mix, j.Trustee)
	out, pr, err := shuffle.Mix(rand, p, j.in)
	if err != nil {
		return nil, err
	}
	if err := shuffle.Verify(rand, p, j.in, out, pr); err != nil {
		return nil, fmt.Errorf("the mix does not verify: %w", err)
	}
	items := make([][]byte, out.Len())
	for i := range items {
		if items[i], err = marshal(ranked.NewMixRow(out, pr, i)); err != nil {
			return nil, err
		}
	}
	return EventFile(j.next, j.head, EventMix, ranked.NewMixPayload(j.Question, j.Mix, j.Trustee, out, pr), items)
}

// Run appends the job's mix (File) to the record in dir, which must not
// have changed since NextMix read it. It returns the new head.
func (j *MixJob) Run(rand io.Reader, dir string) (Hash, error) {
	file, err := j.File(rand)
	if err != nil {
		return Hash{}, err
	}
	files, err := listEvents(os.DirFS(dir))
	if err != nil {
		return Hash{}, err
	}
	if len(files) != j.next {
		return Hash{}, fmt.Errorf("the record changed since it was verified (%d events, then %d)", j.next, len(files))
	}
	name := filepath.Join(dir, EventFileName(j.next, EventMix))
	if err := os.WriteFile(name+".tmp", file, 0o644); err != nil {
		return Hash{}, err
	}
	if err := os.Rename(name+".tmp", name); err != nil {
		return Hash{}, err
	}
	return HashFile(file), nil
}
