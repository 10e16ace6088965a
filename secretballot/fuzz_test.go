package secretballot

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// FuzzRecord replaces one event of the known-answer record with arbitrary
// bytes: Verify must reject it or accept it, never crash or hang.
func FuzzRecord(f *testing.F) { fuzzRecord(f, "testdata/kat/record") }

// FuzzAbsentRecord does the same with the known-answer record of the
// ranked election that goes on without absent trustees (its end events).
func FuzzAbsentRecord(f *testing.F) { fuzzRecord(f, "testdata/kat-absent/record") }

// FuzzEmptyRecord does the same with the known-answer record of a vote in
// which no ballot is counted (an empty tally, no decryption).
func FuzzEmptyRecord(f *testing.F) { fuzzRecord(f, "testdata/kat-empty/record") }

func fuzzRecord(f *testing.F, dir string) {
	files, err := listEvents(os.DirFS(dir))
	if err != nil {
		f.Fatal(err)
	}
	mem := fstest.MapFS{}
	for _, ef := range files {
		b, _ := os.ReadFile(filepath.Join(dir, ef.name))
		mem[ef.name] = &fstest.MapFile{Data: b, Mode: 0o644}
		f.Add(uint8(ef.height), b)
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		ef := files[int(which)%len(files)]
		m := fstest.MapFS{}
		for k, v := range mem {
			m[k] = v
		}
		m[ef.name] = &fstest.MapFile{Data: data, Mode: 0o644}
		Verify(m, VerifyOptions{Workers: 1})
	})
}

// FuzzEventLine checks the decoders of every kind of event payload and item
// with arbitrary lines.
func FuzzEventLine(f *testing.F) {
	for _, dir := range []string{"testdata/kat/record", "testdata/kat-absent/record"} {
		files, _ := listEvents(os.DirFS(dir))
		for _, ef := range files {
			_, lines := eventLines(f, dir, ef.typ, 0)
			for _, l := range lines {
				f.Add(l)
			}
		}
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var h Header
		if decodeCanonical(line, &h) == nil {
			for _, v := range []any{&ElectionPayload{}, &TrusteePayload{}, &DealPayload{}, &ComplaintsPayload{}, &Absent{}, &EndBallots{}, &Tally{}, &PartialDecryption{}, &Result{}} {
				decodeCanonical(h.Payload, v)
			}
		}
		var c PublicCredential
		decodeCanonical(line, &c)
		var a Audit
		decodeCanonical(line, &a)
	})
}

// FuzzScanBallot checks that the fast decoder of ballot lines accepts
// only what decodeCanonical accepts, as the same ballot, and every
// unranked ballot decodeCanonical accepts.
func FuzzScanBallot(f *testing.F) {
	_, lines := eventLines(f, "testdata/kat/record", EventBallots, 0)
	for _, l := range lines[1:] {
		f.Add(l)
	}
	f.Add([]byte(`{"credential":"","answers":[],"signature":""}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		fast, ok := scanBallot(line)
		var slow Ballot
		err := decodeCanonical(line, &slow)
		if ok {
			if err != nil {
				t.Fatalf("scanBallot accepts a line decodeCanonical refuses (%v): %q", err, line)
			}
			a, _ := marshal(fast)
			b, _ := marshal(&slow)
			if !bytes.Equal(a, b) {
				t.Fatalf("scanBallot and decodeCanonical decode %q differently", line)
			}
			return
		}
		if err == nil && scannable(&slow) {
			t.Fatalf("scanBallot refuses a line decodeCanonical accepts: %q", line)
		}
	})
}

// scannable reports whether b has the shape scanBallot reads: answers,
// each of choices with a ciphertext and a proof, and a proof of the sum.
func scannable(b *Ballot) bool {
	for _, a := range b.Answers {
		if a.Ranking != nil || a.Proof == nil || len(a.Choices) == 0 {
			return false
		}
		for _, c := range a.Choices {
			if c.Ciphertext == nil || c.Proof == nil {
				return false
			}
		}
	}
	return len(b.Answers) > 0
}

// TestScanBallot decodes the known-answer ballots the fast way, and sees
// it refuse near misses of the canonical form, which decodeCanonical
// refuses too.
func TestScanBallot(t *testing.T) {
	_, lines := eventLines(t, "testdata/kat/record", EventBallots, 0)
	line := lines[1]
	for _, l := range lines[1:] {
		fast, ok := scanBallot(l)
		var slow Ballot
		if err := decodeCanonical(l, &slow); err != nil || !ok {
			t.Fatalf("a known-answer ballot: fast %v, slow %v", ok, err)
		}
		a, _ := marshal(fast)
		if !bytes.Equal(a, l) {
			t.Fatalf("scanBallot decodes a ballot that encodes differently")
		}
	}
	i := bytes.Index(line, []byte(`"proof":"`)) + len(`"proof":"`)
	near := map[string][]byte{
		"space":            bytes.Replace(line, []byte(`,"answers"`), []byte(`, "answers"`), 1),
		"keys swapped":     bytes.Replace(line, []byte(`{"credential"`), []byte(`{"credentiaL"`), 1),
		"escape":           append(append(append([]byte{}, line[:i]...), `\u0041`...), line[i+1:]...),
		"trailing newline": append(append([]byte{}, line...), '\n'),
		"padding":          bytes.Replace(line, []byte(`","answers"`), []byte(`=","answers"`), 1),
		"cut":              line[:len(line)-1],
	}
	for name, l := range near {
		if _, ok := scanBallot(l); ok {
			t.Errorf("%s: scanBallot accepts it", name)
		}
		if decodeCanonical(l, &Ballot{}) == nil {
			t.Errorf("%s: decodeCanonical accepts it", name)
		}
	}
}
