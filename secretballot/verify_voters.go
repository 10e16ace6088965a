package secretballot

import (
	"bytes"
	"fmt"

	"filippo.io/edwards25519"
)

// CredentialsPayload is the payload of a credentials event; its items are
// the public credentials, one JSON string per line.
type CredentialsPayload struct{}

// credentialsEvent reads a list of public credentials. They come in
// strictly increasing byte order across all credentials events, which
// makes them distinct and says nothing of who got which.
func (v *verifier) credentialsEvent(er *eventReader) error {
	if err := er.payload(&CredentialsPayload{}); err != nil {
		return err
	}
	if v.creds == nil {
		v.creds = make(map[PublicCredential]int32, er.header.Items)
	}
	for range er.header.Items {
		line, err := er.next()
		if err != nil {
			return er.fail(err)
		}
		// A quoted strict base64url string of the key's length has one
		// spelling: decoding it directly is the canonical check.
		var c PublicCredential
		if err := c.UnmarshalJSON(line); err != nil {
			return er.fail(fmt.Errorf("bad credential: %v", err))
		}
		if v.lastCred != nil && bytes.Compare(v.lastCred[:], c[:]) >= 0 {
			return er.fail(fmt.Errorf("credential %s is not after %s: credentials must be distinct and in increasing order", b64.EncodeToString(c[:]), b64.EncodeToString(v.lastCred[:])))
		}
		if _, err := new(edwards25519.Point).SetBytes(c[:]); err != nil {
			return er.fail(fmt.Errorf("credential %s is not an Ed25519 public key", b64.EncodeToString(c[:])))
		}
		if len(v.creds) >= 1<<31-1 {
			return er.fail(fmt.Errorf("too many credentials"))
		}
		v.creds[c] = int32(len(v.creds))
		v.lastCred = &c
	}
	v.report.Credentials = len(v.creds)
	return nil
}
