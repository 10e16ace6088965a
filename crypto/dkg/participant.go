package dkg

import (
	"crypto/ed25519"
	"crypto/hpke"
	"fmt"
	"io"

	"plenum/crypto/group"
	"plenum/crypto/proof"
)

// Participant is one trustee's side of the ceremony. Its state (the
// identity and the polynomial) is secret: between rounds, keep it in a
// file sealed with SealSecret (it marshals to JSON).
type Participant struct {
	Params   Params   `json:"params"`
	Identity Identity `json:"identity"`
	Roster   Roster   `json:"roster"`
	// Polynomial holds the coefficients a₀..a_{t-1}, once dealt.
	Polynomial []*group.Scalar `json:"polynomial"`
	// Received holds the checked shares fᵢ(me), by dealer index (the
	// JSON keys are decimal indices).
	Received map[int]*group.Scalar `json:"received"`
}

// NewParticipant prepares trustee id.Index for a ceremony.
func NewParticipant(p Params, id *Identity, r Roster) (*Participant, error) {
	if err := r.Validate(p); err != nil {
		return nil, err
	}
	pub, err := id.Public()
	if err != nil {
		return nil, err
	}
	if k, ok := r.trustee(id.Index); !ok || string(k.SigningKey) != string(pub.SigningKey) ||
		string(k.EncryptionKey) != string(pub.EncryptionKey) {
		return nil, fmt.Errorf("dkg: trustee %d's keys are not the roster's", id.Index)
	}
	return &Participant{Params: p, Identity: *id, Roster: r, Received: map[int]*group.Scalar{}}, nil
}

// Deal draws the polynomial and returns the commitment and the n-1
// encrypted shares for the other trustees. It keeps its own share.
func (p *Participant) Deal(rand io.Reader) (*Commitment, []*EncryptedShare, error) {
	if p.Polynomial != nil {
		return nil, nil, fmt.Errorf("dkg: trustee %d has already dealt", p.Identity.Index)
	}
	sk, err := p.Identity.signer()
	if err != nil {
		return nil, nil, err
	}
	poly := make([]*group.Scalar, p.Params.T)
	c := &Commitment{From: p.Identity.Index, Coefficients: make([]*group.Element, p.Params.T)}
	for k := range poly {
		if poly[k], err = group.RandomScalar(rand); err != nil {
			return nil, nil, fmt.Errorf("dkg: deal: %w", err)
		}
		c.Coefficients[k] = new(group.Element).ScalarBaseMult(poly[k])
	}
	g := group.Generator()
	b := commitmentProofBinding(p.Params.Fingerprint, c.From)
	if c.Proof, err = proof.ProveSchnorr(rand, b, g, c.Coefficients[0], poly[0]); err != nil {
		return nil, nil, fmt.Errorf("dkg: deal: %w", err)
	}
	c.Signature = ed25519.Sign(sk, c.signed(p.Params.Fingerprint))
	var shares []*EncryptedShare
	for _, to := range p.Roster {
		s := evaluate(poly, to.Index)
		if to.Index == p.Identity.Index {
			continue
		}
		es, err := p.seal(sk, to, s)
		if err != nil {
			return nil, nil, err
		}
		shares = append(shares, es)
	}
	p.Polynomial = poly
	p.Received[p.Identity.Index] = evaluate(poly, p.Identity.Index)
	return c, shares, nil
}

func (p *Participant) seal(sk ed25519.PrivateKey, to TrusteeKeys, s *group.Scalar) (*EncryptedShare, error) {
	pk, err := shareKEM.NewPublicKey(to.EncryptionKey)
	if err != nil {
		return nil, fmt.Errorf("dkg: trustee %d's encryption key: %w", to.Index, err)
	}
	info := shareInfo(p.Params.Fingerprint, p.Identity.Index, to.Index)
	ct, err := hpke.Seal(pk, shareKDF, shareAEAD, info, s.Bytes())
	if err != nil {
		return nil, fmt.Errorf("dkg: seal share for trustee %d: %w", to.Index, err)
	}
	es := &EncryptedShare{From: p.Identity.Index, To: to.Index, Ciphertext: ct}
	es.Signature = ed25519.Sign(sk, es.signed(p.Params.Fingerprint))
	return es, nil
}

// evaluate returns f(x) = Σ aₖ·xᵏ by Horner's rule.
func evaluate(poly []*group.Scalar, x int) *group.Scalar {
	xs := group.NewScalarUint64(uint64(x))
	v := group.NewScalar()
	for k := len(poly) - 1; k >= 0; k-- {
		v.MultiplyAdd(v, xs, poly[k])
	}
	return v
}

// Receive checks every other trustee's commitment and the share it sent
// to this trustee, keeps the good shares, and returns a signed complaint
// against each trustee whose share is missing, unreadable or wrong.
// Trustees with an invalid commitment are left to Qualify, which
// disqualifies them whatever their shares.
func (p *Participant) Receive(commitments []*Commitment, shares []*EncryptedShare) ([]*Complaint, error) {
	sk, err := p.Identity.signer()
	if err != nil {
		return nil, err
	}
	byDealer := map[int]*Commitment{}
	for _, c := range commitments {
		if VerifyCommitment(p.Params, p.Roster, c) == nil {
			byDealer[c.From] = c
		}
	}
	got := map[int]*EncryptedShare{}
	for _, s := range shares {
		if s != nil && s.To == p.Identity.Index {
			got[s.From] = s
		}
	}
	var complaints []*Complaint
	for _, dealer := range p.Roster {
		i := dealer.Index
		c, ok := byDealer[i]
		if i == p.Identity.Index || !ok {
			continue
		}
		s, err := p.open(got[i], c)
		if err != nil {
			cp := &Complaint{From: p.Identity.Index, Against: i}
			cp.Signature = ed25519.Sign(sk, cp.signed(p.Params.Fingerprint))
			complaints = append(complaints, cp)
			continue
		}
		p.Received[i] = s
	}
	return complaints, nil
}

// open checks the signature of es, decrypts it and checks the share
// against the dealer's commitment.
func (p *Participant) open(es *EncryptedShare, c *Commitment) (*group.Scalar, error) {
	if es == nil {
		return nil, fmt.Errorf("%w: no share from trustee %d", ErrInvalid, c.From)
	}
	if err := verifySignature(p.Roster, es.From, es.signed(p.Params.Fingerprint), es.Signature); err != nil {
		return nil, err
	}
	k, err := shareKEM.NewPrivateKey(p.Identity.EncryptionKey)
	if err != nil {
		return nil, fmt.Errorf("dkg: own encryption key: %w", err)
	}
	pt, err := hpke.Open(k, shareKDF, shareAEAD, shareInfo(p.Params.Fingerprint, es.From, es.To), es.Ciphertext)
	if err != nil {
		return nil, fmt.Errorf("%w: share from trustee %d does not decrypt", ErrInvalid, es.From)
	}
	s, err := new(group.Scalar).SetBytes(pt)
	if err != nil {
		return nil, fmt.Errorf("%w: share from trustee %d: %v", ErrInvalid, es.From, err)
	}
	if !checkShare(c, p.Identity.Index, s) {
		return nil, fmt.Errorf("%w: share from trustee %d does not match its commitment", ErrInvalid, es.From)
	}
	return s, nil
}

// checkShare reports whether g^s = Πₖ Aₖ^(jᵏ), the Feldman check.
func checkShare(c *Commitment, j int, s *group.Scalar) bool {
	want := evaluateCommitment(c.Coefficients, j)
	return new(group.Element).ScalarBaseMult(s).Equal(want)
}

// evaluateCommitment returns Πₖ Aₖ^(jᵏ) = g^f(j).
func evaluateCommitment(coeffs []*group.Element, j int) *group.Element {
	powers := make([]*group.Scalar, len(coeffs))
	x := group.NewScalarUint64(uint64(j))
	pow := group.NewScalarUint64(1)
	for k := range powers {
		powers[k] = new(group.Scalar).Set(pow)
		pow.Multiply(pow, x)
	}
	return new(group.Element).VarTimeMultiScalarMult(powers, coeffs)
}

// Answer returns a Reveal for every complaint against this trustee.
func (p *Participant) Answer(complaints []*Complaint) ([]*Reveal, error) {
	if p.Polynomial == nil {
		return nil, fmt.Errorf("dkg: trustee %d has not dealt", p.Identity.Index)
	}
	sk, err := p.Identity.signer()
	if err != nil {
		return nil, err
	}
	var reveals []*Reveal
	for _, c := range complaints {
		if c.Against != p.Identity.Index || verifyComplaint(p.Params, p.Roster, c) != nil {
			continue
		}
		r := &Reveal{From: p.Identity.Index, To: c.From, Share: evaluate(p.Polynomial, c.From)}
		r.Signature = ed25519.Sign(sk, r.signed(p.Params.Fingerprint))
		reveals = append(reveals, r)
	}
	return reveals, nil
}

// KeyShare returns this trustee's share of the election key once the
// ceremony is over: the sum of the shares of the qualified trustees,
// taking revealed shares where a complaint was answered. It fails if this
// trustee lacks a share it needs.
func (p *Participant) KeyShare(res *Result, reveals []*Reveal) (*KeyShare, error) {
	me := p.Identity.Index
	if !res.Qualified(me) {
		return nil, fmt.Errorf("dkg: trustee %d is disqualified", me)
	}
	revealed := map[int]*group.Scalar{}
	for _, r := range reveals {
		if r.To == me && res.Qualified(r.From) {
			revealed[r.From] = r.Share
		}
	}
	sum := group.NewScalar()
	for _, i := range res.QualifiedTrustees {
		s, ok := revealed[i]
		if !ok {
			s, ok = p.Received[i]
		}
		if !ok {
			return nil, fmt.Errorf("dkg: trustee %d has no share from trustee %d", me, i)
		}
		sum.Add(sum, s)
	}
	ks := &KeyShare{Params: p.Params, Index: me, Secret: sum}
	if !new(group.Element).ScalarBaseMult(sum).Equal(res.VerificationKeys[me-1]) {
		return nil, fmt.Errorf("dkg: trustee %d's share does not match its verification key", me)
	}
	return ks, nil
}
