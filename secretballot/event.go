package secretballot

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"sync"
)

// RecordVersion is the version of the event format in this package. Every
// event header carries it; a verifier refuses versions it does not know.
const RecordVersion = 1

// Event types, in the order they appear in a record. New kinds of ballots
// and steps (mix-nets) add types; a verifier refuses types it does not know.
const (
	EventElection          = "election"           // the manifest
	EventTrustee           = "trustee"            // one per trustee: keys and DKG commitments
	EventDKGShares         = "dkg-shares"         // one per trustee: its encrypted shares
	EventDKGComplaints     = "dkg-complaints"     // complaints and the shares they opened
	EventElectionKey       = "election-key"       // the election public key and trustees' keys
	EventCredentials       = "credentials"        // public credentials, items
	EventBallots           = "ballots"            // cast ballots, items
	EventAudits            = "audits"             // audited ballots with their openings, items
	EventEndBallots        = "end-ballots"        // end of voting
	EventTally             = "tally"              // the encrypted sums
	EventPartialDecryption = "partial-decryption" // one per decrypting trustee
	EventResult            = "result"             // the decrypted totals and who is elected
)

// Header is the first line of every event file. The file's later lines, if
// any, are Items items of the event (credentials, ballots, audits).
type Header struct {
	Version int             `json:"version"`
	Type    string          `json:"type"`
	Height  int             `json:"height"`
	Parent  Hash            `json:"parent"`
	Items   int             `json:"items"`
	Payload json.RawMessage `json:"payload"`
}

// EventFileName is the name of the file of the event at height of type typ.
func EventFileName(height int, typ string) string {
	return fmt.Sprintf("%06d-%s.jsonl", height, typ)
}

var eventFileRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([0-9]{6})-([a-z][a-z0-9-]*)\.jsonl$`) })

// parseEventFileName returns the height and type an event file's name gives.
func parseEventFileName(name string) (height int, typ string, ok bool) {
	m := eventFileRE().FindStringSubmatch(name)
	if m == nil {
		return 0, "", false
	}
	h, _ := strconv.Atoi(m[1])
	return h, m[2], true
}

// fileHash is the hash that links events: SHA-256 of the file's bytes.
func fileHash(b []byte) Hash { return sha256.Sum256(b) }
