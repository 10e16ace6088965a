package record

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// The export format is JSON lines: a header naming the format and the
// instance's public key, one line per entry in order, and an end line with the
// number of entries and the hash of the last, signed by the instance key so
// that a truncated export is detected too.
const exportFormat = "plenum-record/1"

const headTag = "plenum-record-export-end/1"

type exportHeader struct {
	Format string `json:"format"`
	Key    []byte `json:"key"`
}

type exportEnd struct {
	End struct {
		Count int64  `json:"count"`
		Head  Hash   `json:"head"`
		Sig   []byte `json:"sig"`
	} `json:"end"`
}

// maxLine bounds one line of an export, so a hostile file cannot exhaust memory.
const maxLine = 64 << 20

// An Exporter writes an export. Entries must be written in order from the first;
// Close writes the end line, without which the export does not verify.
type Exporter struct {
	w   *bufio.Writer
	enc *json.Encoder
	key ed25519.PublicKey
	v   *Verifier
}

// NewExporter writes the header of an export of the log signed by key.
func NewExporter(w io.Writer, key ed25519.PublicKey) (*Exporter, error) {
	bw := bufio.NewWriter(w)
	x := &Exporter{w: bw, enc: newEncoder(bw), key: key, v: NewVerifier(key)}
	if err := x.enc.Encode(exportHeader{Format: exportFormat, Key: key}); err != nil {
		return nil, err
	}
	return x, nil
}

// Write appends e to the export. It refuses an entry that does not verify, so
// that an export of a damaged log fails where the damage is, not later.
func (x *Exporter) Write(e Entry) error {
	if err := x.v.Add(e); err != nil {
		return err
	}
	return x.enc.Encode(e)
}

// Close writes the end line, signed with key (the private half of the key the
// export was started with), and flushes.
func (x *Exporter) Close(key ed25519.PrivateKey) error {
	if !bytes.Equal(key.Public().(ed25519.PublicKey), x.key) {
		return errors.New("record: export signed with another key")
	}
	var end exportEnd
	end.End.Count, end.End.Head = x.v.Count(), x.v.Head()
	end.End.Sig = ed25519.Sign(key, signedMessage(headTag, headMessage(end.End.Count, end.End.Head)))
	if err := x.enc.Encode(end); err != nil {
		return err
	}
	return x.w.Flush()
}

func headMessage(count int64, head Hash) []byte {
	m := binary.BigEndian.AppendUint64(nil, uint64(count))
	return append(m, head[:]...)
}

// VerifyExport reads an export from r and verifies every entry and the end
// line. If pinned is not nil, the export must be signed by that key (the one an
// instance publishes at /record/key); otherwise the header's key is trusted,
// which checks the export's integrity but not its origin. It returns the number
// of entries; the first failure is an *Error naming the line.
func VerifyExport(r io.Reader, pinned ed25519.PublicKey) (int64, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	line := 0
	fail := func(seq int64, reason string, args ...any) error {
		return &Error{Seq: seq, Line: line, Reason: fmt.Sprintf(reason, args...)}
	}
	next := func() bool { line++; return sc.Scan() }
	if !next() {
		return 0, scanError(sc, fail(1, "empty export: no header line"))
	}
	var h exportHeader
	if err := decodeStrict(sc.Bytes(), &h); err != nil || h.Format != exportFormat {
		return 0, fail(1, "not a plenum record export header (want format %q)", exportFormat)
	}
	if len(h.Key) != ed25519.PublicKeySize {
		return 0, fail(1, "header key is not an ed25519 public key")
	}
	if pinned != nil && !bytes.Equal(pinned, h.Key) {
		return 0, fail(1, "export is signed by another key than the one given")
	}
	v := NewVerifier(h.Key)
	for next() {
		b := sc.Bytes()
		if bytes.HasPrefix(b, []byte(`{"end":`)) {
			return v.Count(), verifyEnd(b, h.Key, v, fail, sc)
		}
		var e Entry
		if err := decodeStrict(b, &e); err != nil {
			return v.Count(), fail(v.Count()+1, "malformed entry: %v", err)
		}
		if err := v.Add(e); err != nil {
			err.(*Error).Line = line
			return v.Count(), err
		}
	}
	return v.Count(), scanError(sc, fail(v.Count()+1, "export ends without its end line: it is truncated"))
}

func verifyEnd(b []byte, key ed25519.PublicKey, v *Verifier, fail func(int64, string, ...any) error, sc *bufio.Scanner) error {
	seq := v.Count() + 1
	var end exportEnd
	if err := decodeStrict(b, &end); err != nil {
		return fail(seq, "malformed end line: %v", err)
	}
	if end.End.Count != v.Count() || end.End.Head != v.Head() {
		return fail(seq, "end line says %d entries, the export has %d", end.End.Count, v.Count())
	}
	if !ed25519.Verify(key, signedMessage(headTag, headMessage(end.End.Count, end.End.Head)), end.End.Sig) {
		return fail(seq, "end line signature is not the instance key's")
	}
	if sc.Scan() {
		return fail(seq, "text after the end line")
	}
	return scanError(sc, nil)
}

func scanError(sc *bufio.Scanner, otherwise error) error {
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read export: %w", err)
	}
	return otherwise
}

// newEncoder writes one JSON value per line, without HTML escaping, which
// would change the payload bytes that entries are hashed over.
func newEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// decodeStrict decodes one line into v and requires the line to be exactly what
// the exporter writes for v: no unknown or differently spelled fields, no other
// encoding of the same bytes, nothing after it. Any changed byte of an export is
// then caught even where JSON would read it the same.
func decodeStrict(line []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(line))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	var canon bytes.Buffer
	if err := newEncoder(&canon).Encode(v); err != nil {
		return err
	}
	if !bytes.Equal(bytes.TrimSuffix(canon.Bytes(), []byte("\n")), line) {
		return errors.New("not in the canonical form the exporter writes")
	}
	return nil
}
