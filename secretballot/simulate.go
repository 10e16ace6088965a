package secretballot

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sync"

	"plenum/crypto/dkg"
	"plenum/crypto/elgamal"
)

// SimulateConfig describes a simulated election.
type SimulateConfig struct {
	Voters     int
	Candidates int
	Method     Kind
	Seats      int
	Trustees   int
	Threshold  int
	Seed       []byte
	// Audits is the number of voters who audit a ballot before casting
	// one; Revotes the number who cast a second ballot that replaces their
	// first. Both are spread over the electorate.
	Audits  int
	Revotes int
	// BadDealer, if set, is a trustee who cheats in the key ceremony and
	// is disqualified.
	BadDealer int
	// Absent trustees take no part: trustees 1 to Absent send no keys and
	// the key ceremony closes at its deadline without them. SilentDealer,
	// if set, is a trustee who sends keys but deals no shares.
	Absent       int
	SilentDealer int
	// AbsentAtTally is the number of qualified trustees, the first ones,
	// who neither mix nor decrypt: the mix-net closes at its deadline
	// without them.
	AbsentAtTally int
	// Workers is the number of goroutines encrypting ballots; 0: one per CPU.
	Workers int
	// Progress, if set, is called with the number of voters done so far.
	Progress func(done, total int)
}

// Manifest returns the manifest of the simulated election: one question.
func (c *SimulateConfig) Manifest() (Manifest, error) {
	q := Question{ID: "q1", Kind: c.Method, Seats: max(c.Seats, 1)}
	switch c.Method {
	case Plurality:
		q.Title = "Election"
		q.Min, q.Max = 1, q.Seats
	case Approval:
		q.Title = "Approval election"
		q.Min, q.Max = 1, c.Candidates
	case Referendum:
		q.Title = "Referendum"
		q.Options, q.Min, q.Max, q.Seats = []string{"yes", "no"}, 1, 1, 1
	case IRV, STVScottish, STVMeek, Schulze:
		q.Title = "Ranked election"
		q.Min, q.Max = 1, c.Candidates
	default:
		return Manifest{}, fmt.Errorf("method %q: want plurality, approval, referendum, irv, stv-scottish, stv-meek or schulze", c.Method)
	}
	if c.Method != Referendum {
		for i := range c.Candidates {
			q.Options = append(q.Options, fmt.Sprintf("Candidate %d", i+1))
		}
	}
	m := Manifest{
		ID: fmt.Sprintf("simulation-%x", c.Seed), Title: "Simulated election", Group: GroupName,
		Trustees: c.Trustees, Threshold: c.Threshold, Questions: []Question{q},
	}
	return m, m.Validate()
}

// Simulation is what a simulation produced besides the record.
type Simulation struct {
	Head       Hash
	Result     *Result
	Plaintexts *Plaintexts
	// Shares are the qualified trustees' key shares, which a real
	// election never gathers in one place.
	Shares []*dkg.KeyShare
}

// credentialChunk is the number of credentials or ballots per event.
const recordChunk = 10000

// Simulate runs a whole election in one process, writing its record to
// dir: the trustees' key generation, the credentials, Voters voters casting
// random valid ballots (some auditing one first, some voting twice), the
// tally, the partial decryptions of Threshold trustees and the result.
// With no voters, no ballot is cast, and the result follows the tally. It
// streams: memory grows with the number of voters only by their public
// credentials.
func Simulate(ctx context.Context, dir string, c SimulateConfig) (*Simulation, error) {
	if c.Voters < 0 {
		return nil, fmt.Errorf("voters: %d, want 0 or more", c.Voters)
	}
	m, err := c.Manifest()
	if err != nil {
		return nil, err
	}
	w, err := CreateRecord(dir)
	if err != nil {
		return nil, err
	}
	fingerprint, err := w.Append(EventElection, ElectionPayload{Manifest: m})
	if err != nil {
		return nil, err
	}
	if c.Absent < 0 || c.AbsentAtTally < 0 || c.Trustees-c.Absent-c.AbsentAtTally < c.Threshold {
		return nil, fmt.Errorf("absent trustees: %d of %d in the key ceremony and %d at the tally leave fewer than the threshold of %d", c.Absent, c.Trustees, c.AbsentAtTally, c.Threshold)
	}
	shares, key, err := simulateDKG(w, &m, fingerprint, seedStream(c.Seed, "dkg", 0), &c)
	if err != nil {
		return nil, fmt.Errorf("key generation: %w", err)
	}
	e, err := NewElection(m, fingerprint, key)
	if err != nil {
		return nil, err
	}
	if err := writeCredentials(w, &c, fingerprint); err != nil {
		return nil, err
	}
	s := &simulation{cfg: &c, e: e, w: w, plain: newPlaintexts(m.Questions[0])}
	if err := s.vote(ctx); err != nil {
		return nil, err
	}
	r, err := s.count(shares)
	if err != nil {
		return nil, err
	}
	head, _ := w.Head()
	return &Simulation{Head: head, Result: r, Plaintexts: s.plain, Shares: shares}, nil
}

// voterCredential is voter i's secret credential.
func voterCredential(c *SimulateConfig, i int) SecretCredential {
	var s SecretCredential
	seedStream(c.Seed, "credential", uint64(i)).Read(s[:])
	return s
}

func writeCredentials(w *Writer, c *SimulateConfig, fingerprint Hash) error {
	pubs := make([]PublicCredential, c.Voters)
	parallel(c.Workers, c.Voters, func(i int) { pubs[i] = voterCredential(c, i).Public(fingerprint) })
	slices.SortFunc(pubs, func(a, b PublicCredential) int { return bytes.Compare(a[:], b[:]) })
	// A record lists its credentials in one event at least, empty if
	// there are none: an electorate nobody is in casts no ballot.
	for start := 0; start == 0 || start < len(pubs); start += recordChunk {
		chunk := pubs[start:min(start+recordChunk, len(pubs))]
		ew, err := w.Begin(EventCredentials, CredentialsPayload{}, len(chunk))
		if err != nil {
			return err
		}
		for _, p := range chunk {
			ew.Add(p)
		}
		if _, err := ew.Close(); err != nil {
			return err
		}
	}
	return nil
}

// parallel calls f(i) for i in [0, n) on workers goroutines.
func parallel(workers, n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int, 256)
	for range workerCount(workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// simulation is the state of Simulate once the election key is known.
type simulation struct {
	cfg     *SimulateConfig
	e       *Election
	w       *Writer
	plain   *Plaintexts
	sums    [][]*elgamal.Ciphertext
	cast    int
	counted int
	audit   [][]byte
	ranked  map[int][]rankedRow // counted answers of ranked questions
}

// voterBallots is what voter i casts and audits.
type voterBallots struct {
	cast    [][]byte // one line, or two for a voter who votes again
	audit   []byte   // an audits item, or nil
	final   Choice
	answers []Answer // of the counted ballot
	cred    PublicCredential
	err     error
}

// every returns whether voter i is among k voters spread over n.
func every(i, k, n int) bool {
	return k > 0 && i%max(n/k, 1) == 0 && i/max(n/k, 1) < k
}

func (s *simulation) voter(i int) voterBallots {
	c := s.cfg
	r := rand.New(seedStream(c.Seed, "choice", uint64(i)))
	crypt := seedStream(c.Seed, "encrypt", uint64(i))
	cred := voterCredential(c, i)
	vb := voterBallots{cred: cred.Public(s.e.Fingerprint)}
	q := &s.e.Manifest.Questions[0]
	rounds := 1
	if every(c.Voters-1-i, c.Revotes, c.Voters) {
		rounds = 2
	}
	if every(i, c.Audits, c.Voters) {
		line, op, err := s.e.EncryptBallot(crypt, cred, []Choice{randomChoice(q, r)})
		if err == nil {
			vb.audit, err = AuditLine(line, op)
		}
		if err != nil {
			return voterBallots{err: err}
		}
	}
	for range rounds {
		vb.final = randomChoice(q, r)
		line, answers, _, err := s.e.encryptBallot(crypt, cred, []Choice{vb.final})
		if err != nil {
			return voterBallots{err: err}
		}
		vb.cast = append(vb.cast, line)
		vb.answers = answers
	}
	return vb
}

// vote has every voter vote, in parallel, writing ballots in voter order.
func (s *simulation) vote(ctx context.Context) error {
	c := s.cfg
	s.sums = zeroSums(&s.e.Manifest)
	s.ranked = map[int][]rankedRow{}
	const batch = 1000
	var pending [][]byte
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		ew, err := s.w.Begin(EventBallots, struct{}{}, len(pending))
		if err != nil {
			return err
		}
		for _, l := range pending {
			ew.AddLine(l)
		}
		pending = pending[:0]
		_, err = ew.Close()
		return err
	}
	for start := 0; start < c.Voters; start += batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(batch, c.Voters-start)
		vbs := make([]voterBallots, n)
		parallel(c.Workers, n, func(i int) { vbs[i] = s.voter(start + i) })
		for _, vb := range vbs {
			if vb.err != nil {
				return vb.err
			}
			pending = append(pending, vb.cast...)
			if vb.audit != nil {
				s.audit = append(s.audit, vb.audit)
			}
			for qi, a := range vb.answers {
				if a.Ranking != nil {
					s.ranked[qi] = append(s.ranked[qi], rankedRow{vb.cred, rowBytes(&a)})
				}
				for i, ch := range a.Choices {
					s.sums[qi][i].Add(s.sums[qi][i], ch.Ciphertext)
				}
			}
			s.plain.add(vb.final)
			s.cast += len(vb.cast)
			s.counted++
		}
		if len(pending) >= recordChunk {
			if err := flush(); err != nil {
				return err
			}
		}
		if c.Progress != nil {
			c.Progress(start+n, c.Voters)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return s.writeAudits()
}

func (s *simulation) writeAudits() error {
	if len(s.audit) == 0 {
		return nil
	}
	ew, err := s.w.Begin(EventAudits, struct{}{}, len(s.audit))
	if err != nil {
		return err
	}
	for _, l := range s.audit {
		ew.AddLine(l)
	}
	_, err = ew.Close()
	return err
}

// count closes voting, tallies, has the trustees present mix the ranked
// questions, has the first Threshold of them decrypt, and writes the
// result.
func (s *simulation) count(shares []*dkg.KeyShare) (*Result, error) {
	if _, err := s.w.Append(EventEndBallots, EndBallots{Cast: s.cast, Counted: s.counted}); err != nil {
		return nil, err
	}
	t := &Tally{Questions: s.sums}
	if s.counted == 0 {
		// Nothing to mix or decrypt: the result follows the tally.
		if _, err := s.w.Append(EventTally, EmptyTally(&s.e.Manifest)); err != nil {
			return nil, err
		}
		r := s.e.EmptyResult()
		_, err := s.w.Append(EventResult, r)
		return r, err
	}
	if _, err := s.w.Append(EventTally, t); err != nil {
		return nil, err
	}
	rnd := func(label string, i uint64) io.Reader { return seedStream(s.cfg.Seed, label, i) }
	// The first AbsentAtTally qualified trustees neither mix nor decrypt.
	shares = shares[min(s.cfg.AbsentAtTally, len(shares)):]
	last, err := s.simulateMixes(rnd, shares)
	if err != nil {
		return nil, err
	}
	if len(shares) < s.e.Manifest.Threshold {
		return nil, fmt.Errorf("%d trustees decrypt, fewer than the threshold of %d", len(shares), s.e.Manifest.Threshold)
	}
	var pds []*PartialDecryption
	for _, sh := range shares[:s.e.Manifest.Threshold] {
		pd, err := s.e.PartiallyDecrypt(seedStream(s.cfg.Seed, "decrypt", uint64(sh.Index)), sh, t)
		if err != nil {
			return nil, err
		}
		if _, err := s.w.Append(EventPartialDecryption, pd); err != nil {
			return nil, err
		}
		pds = append(pds, pd)
	}
	rr, err := s.simulateRankedDecryption(rnd, last, shares[:s.e.Manifest.Threshold])
	if err != nil {
		return nil, err
	}
	r, err := s.e.Result(t, pds, s.counted)
	if err != nil {
		return nil, err
	}
	for qi, qr := range rr {
		r.Questions[qi] = qr
	}
	_, err = s.w.Append(EventResult, r)
	return r, err
}
