package shuffle

import (
	"plenum/crypto/group"
	"plenum/crypto/transcript"
)

// protocolTag names the proof in its transcript.
const protocolTag = "plenum/shuffle/v1"

// newStatement starts the Fiat-Shamir transcript of one proof: the
// transcript's own prefix (version, group, tag, fingerprint), then the
// context, Y, n, w, both lists of rows and the permutation commitments.
// Each list is absorbed as one length-prefixed item, in the order of its
// encoding.
func newStatement(p *Params, in, out *Rows, c []byte) *transcript.Transcript {
	t := transcript.New(protocolTag, p.Fingerprint)
	t.Bytes("context", p.Context)
	t.Element("key", p.Key.Element())
	t.Uint64("rows", uint64(in.Len()))
	t.Uint64("width", uint64(in.Width()))
	t.Bytes("input", in.Bytes())
	t.Bytes("output", out.Bytes())
	t.Bytes("c", c)
	return t
}

// rowChallenges returns u_1..u_n (indexed from 0).
func rowChallenges(t *transcript.Transcript, n int) []*group.Scalar {
	return t.Challenges("u", n)
}

// finalChallenge absorbs the commitments of p and returns the challenge c.
func finalChallenge(t *transcript.Transcript, p *Proof) *group.Scalar {
	t.Bytes("c_hat", p.CHat)
	t.Bytes("t1", p.T1)
	t.Bytes("t2", p.T2)
	t.Bytes("t3", p.T3)
	t.Bytes("t4_alpha", p.T4Alpha)
	t.Bytes("t4_beta", p.T4Beta)
	t.Bytes("t_hat", p.THat)
	return t.Challenge("c")
}
