package secretballot

import (
	"bytes"

	"plenum/crypto/elgamal"
	"plenum/crypto/proof"
)

// scanBallot decodes the canonical line of a ballot of unranked answers
// without reflection: a verifier of a million ballots spends a sixth of
// its time in encoding/json otherwise. It accepts only the exact bytes
// that marshal writes (every key in order, no space, no escape, strict
// base64url, canonical elements and scalars), so that whatever it accepts
// decodeCanonical accepts as the same ballot; on anything else it returns
// false and the caller decodes the line the slow way, which names the
// fault.
func scanBallot(line []byte) (*Ballot, bool) {
	s := scanner{rest: line}
	var b Ballot
	if !s.lit(`{"credential":`) || !s.text(func(t []byte) error { return b.Credential.UnmarshalJSON(t) }) ||
		!s.lit(`,"answers":[`) {
		return nil, false
	}
	for {
		var a Answer
		if !s.lit(`{"choices":[`) {
			return nil, false
		}
		for {
			c := EncryptedChoice{Ciphertext: new(elgamal.Ciphertext), Proof: new(proof.Range)}
			if !s.lit(`{"ciphertext":`) || !s.text(unquoted(c.Ciphertext.UnmarshalText)) ||
				!s.lit(`,"proof":`) || !s.text(unquoted(c.Proof.UnmarshalText)) || !s.lit(`}`) {
				return nil, false
			}
			a.Choices = append(a.Choices, c)
			if !s.lit(`,`) {
				break
			}
		}
		a.Proof = new(proof.Range)
		if !s.lit(`],"proof":`) || !s.text(unquoted(a.Proof.UnmarshalText)) || !s.lit(`}`) {
			return nil, false
		}
		b.Answers = append(b.Answers, a)
		if !s.lit(`,`) {
			break
		}
	}
	if !s.lit(`],"signature":`) || !s.text(func(t []byte) error { return b.Signature.UnmarshalJSON(t) }) ||
		!s.lit(`}`) || len(s.rest) != 0 {
		return nil, false
	}
	return &b, true
}

// scanner walks a line; a failed step leaves it failed.
type scanner struct {
	rest []byte
	bad  bool
}

// lit consumes the literal l.
func (s *scanner) lit(l string) bool {
	if s.bad || !bytes.HasPrefix(s.rest, []byte(l)) {
		return false
	}
	s.rest = s.rest[len(l):]
	return true
}

// text consumes a JSON string with no escapes, quotes included, and hands
// it to decode.
func (s *scanner) text(decode func(quoted []byte) error) bool {
	if s.bad || len(s.rest) < 2 || s.rest[0] != '"' {
		return false
	}
	end := bytes.IndexByte(s.rest[1:], '"') + 1
	if end == 0 || bytes.IndexByte(s.rest[:end], '\\') >= 0 || decode(s.rest[:end+1]) != nil {
		s.bad = true
		return false
	}
	s.rest = s.rest[end+1:]
	return true
}

// unquoted adapts an UnmarshalText to the quoted strings text hands over.
func unquoted(f func([]byte) error) func([]byte) error {
	return func(q []byte) error { return f(q[1 : len(q)-1]) }
}
