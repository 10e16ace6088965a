package secretballot

import (
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
