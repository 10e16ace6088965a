package trustee

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"strings"
	"testing"

	"plenum/crypto/dkg"
)

// A state sealed with a passphrase opens with it, and with no other.
func TestStateSealOpen(t *testing.T) {
	id, err := dkg.NewIdentity(rand.Reader, 2)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := (&State{Identity: id}).Seal("correct horse", 10)
	if err != nil {
		t.Fatal(err)
	}
	st, err := Open(sealed, "correct horse")
	if err != nil || st.Identity.Index != 2 || !bytes.Equal(st.Identity.SigningSeed, id.SigningSeed) {
		t.Fatalf("open: %+v, %v", st, err)
	}
	if _, err := Open(sealed, "wrong horse"); err == nil {
		t.Error("a wrong passphrase opens the state")
	}
	if _, err := (&State{Identity: id}).Seal("", 10); err == nil {
		t.Error("an empty passphrase seals the state")
	}
}

func archive(t testing.TB, entries map[string]string) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, data := range entries {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg})
		tw.Write([]byte(data))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func TestReadRecord(t *testing.T) {
	fsys, err := ReadRecord(bytes.NewReader(archive(t, map[string]string{"election-7/000000-election.jsonl": "{}\n"})))
	if err != nil || string(fsys["000000-election.jsonl"].Data) != "{}\n" || len(fsys) != 1 {
		t.Fatalf("%v, %v", fsys, err)
	}
	if _, err := ReadRecord(bytes.NewReader(archive(t, map[string]string{"../../etc/passwd": "x"}))); err == nil || !strings.Contains(err.Error(), "unexpected entry") {
		t.Errorf("an entry that is no event file: %v", err)
	}
	if _, err := ReadRecord(strings.NewReader("not gzip")); err == nil {
		t.Error("a record that is not gzipped reads")
	}
}

// FuzzReadRecord: whatever the archive, an error or event files, never a
// panic.
func FuzzReadRecord(f *testing.F) {
	f.Add(archive(f, map[string]string{"000000-election.jsonl": "{}\n"}))
	f.Add([]byte("\x1f\x8b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys, err := ReadRecord(bytes.NewReader(data))
		for name := range fsys {
			if err == nil && !strings.HasSuffix(name, ".jsonl") {
				t.Errorf("entry %q", name)
			}
		}
	})
}
