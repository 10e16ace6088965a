package dkg

import (
	"fmt"
	"slices"

	"plenum/crypto/group"
)

// VerifyCommitment checks trustee c.From's commitment: its signature, its
// t coefficients (none the identity) and the proof of knowledge of a₀.
func VerifyCommitment(p Params, r Roster, c *Commitment) error {
	if c == nil || c.Proof == nil {
		return fmt.Errorf("%w: empty commitment", ErrInvalid)
	}
	if len(c.Coefficients) != p.T {
		return fmt.Errorf("%w: trustee %d commits to %d coefficients, want %d", ErrInvalid, c.From, len(c.Coefficients), p.T)
	}
	for k, a := range c.Coefficients {
		if a == nil || a.IsIdentity() {
			return fmt.Errorf("%w: trustee %d: coefficient %d is missing or the identity", ErrInvalid, c.From, k)
		}
	}
	if err := verifySignature(r, c.From, c.signed(p.Fingerprint), c.Signature); err != nil {
		return err
	}
	b := commitmentProofBinding(p.Fingerprint, c.From)
	if err := c.Proof.Verify(b, group.Generator(), c.Coefficients[0]); err != nil {
		return fmt.Errorf("trustee %d: proof of knowledge: %w", c.From, err)
	}
	return nil
}

func verifyComplaint(p Params, r Roster, c *Complaint) error {
	if c == nil || c.From == c.Against {
		return fmt.Errorf("%w: complaint against oneself", ErrInvalid)
	}
	if _, ok := r.trustee(c.Against); !ok {
		return fmt.Errorf("%w: complaint against unknown trustee %d", ErrInvalid, c.Against)
	}
	return verifySignature(r, c.From, c.signed(p.Fingerprint), c.Signature)
}

func verifyReveal(p Params, r Roster, c *Commitment, rv *Reveal) error {
	if rv == nil || rv.Share == nil {
		return fmt.Errorf("%w: empty reveal", ErrInvalid)
	}
	if err := verifySignature(r, rv.From, rv.signed(p.Fingerprint), rv.Signature); err != nil {
		return err
	}
	if !checkShare(c, rv.To, rv.Share) {
		return fmt.Errorf("%w: trustee %d revealed a share for trustee %d that does not match its commitment", ErrInvalid, rv.From, rv.To)
	}
	return nil
}

// Result is the public outcome of a ceremony, which anyone recomputes
// from the public messages with Qualify.
type Result struct {
	Params Params `json:"params"`
	// QualifiedTrustees lists the indices of the qualified trustees, in
	// increasing order.
	QualifiedTrustees []int `json:"qualified"`
	// Disqualified gives the reason for each disqualified trustee.
	Disqualified []Disqualification `json:"disqualified"`
	// JointKey is the election public key y.
	JointKey *group.Element `json:"joint_key"`
	// VerificationKeys[j-1] is Yⱼ = g^sⱼ, trustee j's public verification
	// key, for every trustee j (qualified or not: a disqualified trustee
	// still holds a share of the key, which must simply not be used).
	VerificationKeys []*group.Element `json:"verification_keys"`
}

// Why a trustee who took no part in the ceremony, or stopped before
// dealing, is disqualified: the ceremony closed at its deadline without
// them.
const (
	ReasonNoKeys = "took no part: sent no keys"
	ReasonNoDeal = "took no part: dealt no shares"
)

// Disqualification says why a trustee was disqualified.
type Disqualification struct {
	Trustee int    `json:"trustee"`
	Reason  string `json:"reason"`
}

// Qualified reports whether trustee i is qualified.
func (r *Result) Qualified(i int) bool {
	_, ok := slices.BinarySearch(r.QualifiedTrustees, i)
	return ok
}

// Qualify computes the outcome of a ceremony from its public messages:
// the commitments, the complaints and the reveals (encrypted shares do
// not matter: only their recipients can judge them, by complaining).
// Messages with bad signatures or from unknown trustees are ignored; a
// trustee is disqualified when it is not in the roster (it sent no keys),
// when it has no valid commitment (none at all: it dealt no shares), when a valid
// complaint against it has no valid reveal, or when it sent two different
// commitments. It fails if fewer than T trustees qualify.
func Qualify(p Params, r Roster, commitments []*Commitment, complaints []*Complaint, reveals []*Reveal) (*Result, error) {
	if err := r.Validate(p); err != nil {
		return nil, err
	}
	reasons := map[int]string{}
	for j := 1; j <= p.N; j++ {
		if _, ok := r.trustee(j); !ok {
			reasons[j] = ReasonNoKeys
		}
	}
	byDealer := map[int]*Commitment{}
	dealt := map[int]bool{}
	for _, c := range commitments {
		if c != nil {
			dealt[c.From] = true
		}
		if err := VerifyCommitment(p, r, c); err != nil {
			continue
		}
		if prev, dup := byDealer[c.From]; dup && string(prev.signed(p.Fingerprint)) != string(c.signed(p.Fingerprint)) {
			reasons[c.From] = "sent two different commitments"
		}
		byDealer[c.From] = c
	}
	for _, t := range r {
		if _, ok := byDealer[t.Index]; !ok && dealt[t.Index] {
			reasons[t.Index] = "no valid commitment"
		} else if !ok {
			reasons[t.Index] = ReasonNoDeal
		}
	}
	// Reveals by (from, to), so that a flood of messages costs linear time.
	byPair := map[[2]int][]*Reveal{}
	for _, rv := range reveals {
		if rv != nil {
			byPair[[2]int{rv.From, rv.To}] = append(byPair[[2]int{rv.From, rv.To}], rv)
		}
	}
	judged := map[[2]int]bool{}
	for _, cp := range complaints {
		if cp == nil || judged[[2]int{cp.From, cp.Against}] || reasons[cp.Against] != "" || verifyComplaint(p, r, cp) != nil {
			continue
		}
		judged[[2]int{cp.From, cp.Against}] = true
		if !answered(p, r, byDealer[cp.Against], byPair[[2]int{cp.Against, cp.From}]) {
			reasons[cp.Against] = fmt.Sprintf("did not answer trustee %d's complaint with a valid share", cp.From)
		}
	}
	res := &Result{Params: p, Disqualified: []Disqualification{}}
	for j := 1; j <= p.N; j++ {
		if why, bad := reasons[j]; bad {
			res.Disqualified = append(res.Disqualified, Disqualification{j, why})
		} else {
			res.QualifiedTrustees = append(res.QualifiedTrustees, j)
		}
	}
	if len(res.QualifiedTrustees) < p.T {
		return nil, fmt.Errorf("dkg: only %d trustees qualify, %d are needed", len(res.QualifiedTrustees), p.T)
	}
	// Cₖ = Πᵢ Aᵢₖ over the qualified; y = C₀ and Yⱼ = Πₖ Cₖ^(jᵏ).
	agg := make([]*group.Element, p.T)
	for k := range agg {
		agg[k] = group.NewElement()
		for _, i := range res.QualifiedTrustees {
			agg[k].Add(agg[k], byDealer[i].Coefficients[k])
		}
	}
	res.JointKey = agg[0]
	for j := 1; j <= p.N; j++ {
		res.VerificationKeys = append(res.VerificationKeys, evaluateCommitment(agg, j))
	}
	return res, nil
}

// answered reports whether one of the reveals, all from the accused to the
// complainer, is valid.
func answered(p Params, r Roster, c *Commitment, reveals []*Reveal) bool {
	for _, rv := range reveals {
		if verifyReveal(p, r, c, rv) == nil {
			return true
		}
	}
	return false
}
