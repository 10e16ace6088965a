package secretballot

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// Every byte string in the record is base64url without padding (RFC 4648
// section 5). The strict decoder rejects non-zero padding bits, and with the
// canonical re-encoding check in decodeLine no two spellings of one value are
// accepted.
var b64 = base64.RawURLEncoding.Strict()

// Hash is a SHA-256 digest: event hashes, the election fingerprint, trackers.
type Hash [32]byte

func (h Hash) String() string                { return b64.EncodeToString(h[:]) }
func (h Hash) MarshalJSON() ([]byte, error)  { return quoteB64(h[:]), nil }
func (h *Hash) UnmarshalJSON(b []byte) error { return unquoteFixed(b, h[:]) }

// Bytes is a byte string of any length, such as an encoded proof.
type Bytes []byte

func (x Bytes) MarshalJSON() ([]byte, error) { return quoteB64(x), nil }
func (x *Bytes) UnmarshalJSON(b []byte) error {
	s, err := unquote(b)
	if err != nil {
		return err
	}
	v, err := b64.DecodeString(s)
	if err != nil {
		return fmt.Errorf("not base64url without padding: %v", err)
	}
	*x = v
	return nil
}

func quoteB64(b []byte) []byte {
	out := make([]byte, 0, b64.EncodedLen(len(b))+2)
	out = append(out, '"')
	out = b64.AppendEncode(out, b)
	return append(out, '"')
}

func unquote(b []byte) (string, error) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' || bytes.IndexByte(b[1:len(b)-1], '\\') >= 0 {
		return "", fmt.Errorf("want a base64url string")
	}
	return string(b[1 : len(b)-1]), nil
}

func unquoteFixed(b []byte, dst []byte) error {
	s, err := unquote(b)
	if err != nil {
		return err
	}
	if len(s) != b64.EncodedLen(len(dst)) {
		return fmt.Errorf("want %d bytes in base64url", len(dst))
	}
	if _, err := b64.Decode(dst, []byte(s)); err != nil {
		return fmt.Errorf("not base64url without padding: %v", err)
	}
	return nil
}

// marshal is the canonical JSON encoding of v: encoding/json's, without the
// escaping of <, > and & that only HTML needs.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// decodeCanonical decodes line into v, refusing unknown fields and any
// encoding of v other than its canonical one.
func decodeCanonical(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("bad JSON: %v", err)
	}
	if dec.More() {
		return fmt.Errorf("bad JSON: data after the value")
	}
	again, err := marshal(v)
	if err != nil {
		return err
	}
	if !bytes.Equal(again, line) {
		return fmt.Errorf("not in canonical form (see docs/election-record.md)")
	}
	return nil
}
