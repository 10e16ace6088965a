package secretballot

import (
	"fmt"
	"io/fs"
	"runtime"

	"plenum/crypto/dkg"
)

// VerifyOptions tune Verify; the zero value is fine.
type VerifyOptions struct {
	// Workers is the number of goroutines checking ballots; 0 means one per
	// CPU.
	Workers int
	// Progress, if set, is called from time to time with the bytes of the
	// record read so far and the total. Verify reads the record twice: once
	// to check the hash chain, once to check everything else.
	Progress func(done, total int64)
	// Earlier is an earlier snapshot of the same record, if the caller kept
	// one: the record must extend it (every event of it is in the record,
	// unchanged), which is what makes the record append-only.
	Earlier fs.FS
}

// Report is what Verify found in a valid record.
type Report struct {
	Head         Hash  `json:"head"` // hash of the last event
	Events       int   `json:"events"`
	Fingerprint  Hash  `json:"fingerprint"`
	ElectionHash Hash  `json:"election_hash"`
	Credentials  int   `json:"credentials"`
	Ballots      int   `json:"ballots"` // ballots cast, replaced ones included
	Counted      int   `json:"counted"` // ballots counted: the last of each credential
	Audited      int   `json:"audited"`
	Decrypted    []int `json:"decrypted_by"` // trustees whose partial decryptions were combined
	// Disqualified are the trustees the election went on without after
	// the key ceremony, and why (absent, or cheating); NotMixed the
	// qualified trustees who did not mix at the mix-net's deadline.
	Disqualified []dkg.Disqualification `json:"disqualified"`
	NotMixed     []int                  `json:"not_mixed"`
	Manifest     *Manifest              `json:"manifest"`
	Result       *Result                `json:"result"`
}

// Verify checks the election record in fsys: the hash chain, the manifest,
// the trustees' key generation, every credential, ballot, signature and
// proof, the audited ballots, the encrypted tally, every partial decryption
// and the result, which it recomputes. The error, an *Error, names the
// first failure: the event file, the line, the field and the reason.
func Verify(fsys fs.FS, opts VerifyOptions) (*Report, error) {
	v, files, hashes, err := verifyEvents(fsys, opts)
	if err != nil {
		return nil, err
	}
	if files[len(files)-1].typ != EventResult {
		return nil, &Error{Event: files[len(files)-1].name, Reason: "the record ends before its result event"}
	}
	v.report.Head, v.report.Events = hashes[len(hashes)-1], len(files)
	return &v.report, nil
}

// verifyEvents checks every event of the record in fsys, which may stop
// before its result (a trustee checks a record in progress before mixing),
// and returns what it learnt.
func verifyEvents(fsys fs.FS, opts VerifyOptions) (*verifier, []eventFile, []Hash, error) {
	files, err := listEvents(fsys)
	if err != nil {
		return nil, nil, nil, err
	}
	var total int64
	for _, f := range files {
		total += 2 * f.size
	}
	var done int64
	progress := func(n int64) {
		done += n
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	hashes, err := checkChain(fsys, files, progress)
	if err != nil {
		return nil, nil, nil, err
	}
	if opts.Earlier != nil {
		if err := checkExtends(fsys, files, opts.Earlier); err != nil {
			return nil, nil, nil, err
		}
	}
	v := newVerifier(opts.Workers, progress)
	v.fingerprint = hashes[0]
	prev := ""
	for _, f := range files {
		if err := v.event(fsys, f, prev); err != nil {
			return nil, nil, nil, err
		}
		prev = f.typ
	}
	return v, files, hashes, nil
}

// checkExtends checks that every event of the earlier snapshot is in the
// record unchanged. The chain makes it enough to compare the hash of the
// earlier snapshot's last event with the record's event at that height.
func checkExtends(fsys fs.FS, files []eventFile, earlier fs.FS) error {
	old, err := listEvents(earlier)
	if err != nil {
		return fmt.Errorf("earlier snapshot: %w", err)
	}
	oldHashes, err := checkChain(earlier, old, nil)
	if err != nil {
		return fmt.Errorf("earlier snapshot: %w", err)
	}
	last := old[len(old)-1]
	if last.height >= len(files) {
		return &Error{Event: last.name, Reason: "the earlier snapshot has this event, the record does not: events were removed"}
	}
	hashes, err := checkChain(fsys, files[:last.height+1], nil)
	if err != nil {
		return err
	}
	if hashes[last.height] != oldHashes[last.height] {
		return &Error{Event: files[last.height].name, Reason: "differs from the earlier snapshot: the record was rewritten, not appended to"}
	}
	return nil
}

func workerCount(n int) int {
	if n <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}
