package secretballot

import (
	"bytes"
	"fmt"
	"slices"

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
	// Read and check the order first, up to the first fault; then check
	// that each key is a point, which costs a square root each (seconds
	// for a million), on every core; the first fault in the file wins.
	first := er.line + 1
	var creds []PublicCredential
	var fault error
	for range er.header.Items {
		line, err := er.next()
		if err != nil {
			fault = err
			break
		}
		// A quoted strict base64url string of the key's length has one
		// spelling: decoding it directly is the canonical check.
		var c PublicCredential
		if err := c.UnmarshalJSON(line); err != nil {
			fault = fmt.Errorf("bad credential: %v", err)
			break
		}
		if v.lastCred != nil && bytes.Compare(v.lastCred[:], c[:]) >= 0 {
			fault = fmt.Errorf("credential %s is not after %s: credentials must be distinct and in increasing order", b64.EncodeToString(c[:]), b64.EncodeToString(v.lastCred[:]))
			break
		}
		if len(v.creds)+len(creds) >= 1<<31-1 {
			fault = fmt.Errorf("too many credentials")
			break
		}
		creds = append(creds, c)
		v.lastCred = &creds[len(creds)-1]
	}
	notPoint := make([]bool, len(creds))
	const chunk = 4096
	parallel(v.workers, (len(creds)+chunk-1)/chunk, func(k int) {
		for i := k * chunk; i < min((k+1)*chunk, len(creds)); i++ {
			_, err := new(edwards25519.Point).SetBytes(creds[i][:])
			notPoint[i] = err != nil
		}
	})
	if i := slices.Index(notPoint, true); i >= 0 {
		return er.failAt(first+i, fmt.Errorf("credential %s is not an Ed25519 public key", b64.EncodeToString(creds[i][:])))
	}
	if fault != nil {
		return er.fail(fault)
	}
	for _, c := range creds {
		v.creds[c] = int32(len(v.creds))
	}
	v.report.Credentials = len(v.creds)
	return nil
}
