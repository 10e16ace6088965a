package record

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testKey is a fixed key, so that exports and their hashes are reproducible.
func testKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
}

// chain builds a log of n entries.
func chain(t testing.TB, key ed25519.PrivateKey, n int) []Entry {
	t.Helper()
	var log []Entry
	start := time.Date(2026, 11, 25, 19, 0, 0, 123456789, time.FixedZone("CET", 3600))
	for i := range n {
		var prev *Entry
		if i > 0 {
			prev = &log[i-1]
		}
		e, err := Next(prev, Entry{
			Time:     start.Add(time.Duration(i) * time.Minute),
			Type:     "member.imported",
			Actor:    "operator:1",
			Org:      "riverside",
			Unit:     fmt.Sprint(i % 3),
			Internal: i%2 == 1,
			Payload:  json.RawMessage(fmt.Sprintf(` { "name" : "Ana <%d> & co" } `, i)),
		}, key)
		if err != nil {
			t.Fatal(err)
		}
		log = append(log, e)
	}
	return log
}

func TestNextSealsEntries(t *testing.T) {
	log := chain(t, testKey(1), 3)
	if log[0].Seq != 1 || log[2].Seq != 3 || log[0].Prev != (Hash{}) || log[2].Prev != log[1].Hash {
		t.Fatalf("bad chain links: %+v", log)
	}
	if got := string(log[1].Payload); got != `{"name":"Ana <1> & co"}` {
		t.Errorf("payload not compacted: %s", got)
	}
	if log[0].Time.Location() != time.UTC || log[0].Time.Nanosecond() != 123456000 {
		t.Errorf("time not UTC to the microsecond: %v", log[0].Time)
	}
}

func TestNextRefusesBadEntries(t *testing.T) {
	key := testKey(1)
	for name, e := range map[string]Entry{
		"no type":        {Actor: "system"},
		"no actor":       {Type: "x"},
		"array payload":  {Type: "x", Actor: "system", Payload: json.RawMessage(`[1]`)},
		"broken payload": {Type: "x", Actor: "system", Payload: json.RawMessage(`{"a":`)},
		"not utf-8":      {Type: "x", Actor: "system\xff"},
	} {
		if _, err := Next(nil, e, key); err == nil {
			t.Errorf("%s: Next accepted %+v", name, e)
		}
	}
	if _, err := Next(nil, Entry{Type: "x", Actor: "system"}, nil); err == nil {
		t.Error("Next signed without a key")
	}
}

func TestVerifierCatchesTampering(t *testing.T) {
	key := testKey(1)
	tests := []struct {
		name   string
		change func(log []Entry) []Entry
		seq    int64
		reason string
	}{
		{"intact", func(l []Entry) []Entry { return l }, 0, ""},
		{"changed payload", func(l []Entry) []Entry { l[2].Payload = json.RawMessage(`{"name":"Eve"}`); return l }, 3, "hash does not match"},
		{"changed time", func(l []Entry) []Entry { l[1].Time = l[1].Time.Add(time.Microsecond); return l }, 2, "hash does not match"},
		{"made public", func(l []Entry) []Entry { l[3].Internal = false; return l }, 4, "hash does not match"},
		{"removed entry", func(l []Entry) []Entry { return append(l[:1], l[2:]...) }, 2, "sequence number is 3"},
		{"swapped entries", func(l []Entry) []Entry { l[1], l[2] = l[2], l[1]; return l }, 2, "sequence number is 3"},
		{"rehashed without key", func(l []Entry) []Entry {
			l[2].Unit = "9"
			l[2].Hash = hashEntry(&l[2])
			return l
		}, 3, "signature"},
		{"re-signed by another key", func(l []Entry) []Entry {
			e, _ := Next(&l[0], l[1], testKey(2))
			l[1] = e
			return l
		}, 2, "signature"},
		{"uncompacted payload", func(l []Entry) []Entry { l[0].Payload = json.RawMessage(`{ "name":"Ana <0> & co"}`); return l }, 1, "compacted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := NewVerifier(key.Public().(ed25519.PublicKey))
			var err error
			for _, e := range tt.change(chain(t, key, 5)) {
				if err = v.Add(e); err != nil {
					break
				}
			}
			if tt.seq == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var rerr *Error
			if !errors.As(err, &rerr) || rerr.Seq != tt.seq || !strings.Contains(rerr.Reason, tt.reason) {
				t.Fatalf("err = %v, want entry %d: ...%s...", err, tt.seq, tt.reason)
			}
		})
	}
}

func export(t testing.TB, key ed25519.PrivateKey, log []Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	x, err := NewExporter(&buf, key.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if err := x.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(key); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExportRoundTrip(t *testing.T) {
	key := testKey(1)
	data := export(t, key, chain(t, key, 4))
	n, err := VerifyExport(bytes.NewReader(data), key.Public().(ed25519.PublicKey))
	if err != nil || n != 4 {
		t.Fatalf("VerifyExport = %d, %v", n, err)
	}
	if !bytes.Contains(data, []byte(`"Ana <2> & co"`)) {
		t.Errorf("export escaped the payload: %s", data)
	}
	if _, err := VerifyExport(bytes.NewReader(data), testKey(2).Public().(ed25519.PublicKey)); err == nil {
		t.Error("export verified against another pinned key")
	}
	empty := export(t, key, nil)
	if n, err := VerifyExport(bytes.NewReader(empty), nil); err != nil || n != 0 {
		t.Errorf("empty log: %d, %v", n, err)
	}
}

// TestExportEveryChangedByteIsCaught flips each byte of an export in turn.
func TestExportEveryChangedByteIsCaught(t *testing.T) {
	key := testKey(1)
	data := export(t, key, chain(t, key, 3))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range data {
		for _, flip := range []byte{0x01, 0x20, byte(1 + rng.IntN(255))} {
			bad := bytes.Clone(data)
			bad[i] ^= flip
			if _, err := VerifyExport(bytes.NewReader(bad), nil); err == nil {
				t.Fatalf("byte %d xor %#x (%q -> %q) not caught", i, flip, data[i], bad[i])
			}
		}
	}
}

func TestExportTruncationIsCaught(t *testing.T) {
	key := testKey(1)
	data := export(t, key, chain(t, key, 3))
	lines := bytes.SplitAfter(data, []byte("\n"))
	for keep := 0; keep < len(lines)-1; keep++ {
		cut := bytes.Join(lines[:keep], nil)
		if _, err := VerifyExport(bytes.NewReader(cut), nil); err == nil {
			t.Errorf("export cut to %d lines verified", keep)
		}
	}
	// Dropping the last entry but keeping the end line of the full export.
	dropped := bytes.Join(append(lines[:3:3], lines[4]), nil)
	_, err := VerifyExport(bytes.NewReader(dropped), nil)
	var rerr *Error
	if !errors.As(err, &rerr) || rerr.Line != 4 {
		t.Errorf("dropped last entry: err = %v, want one at line 4", err)
	}
}

func TestExporterRefusesDamagedLog(t *testing.T) {
	key := testKey(1)
	log := chain(t, key, 3)
	log[1].Actor = "member:7"
	var buf bytes.Buffer
	x, _ := NewExporter(&buf, key.Public().(ed25519.PublicKey))
	x.Write(log[0])
	if err := x.Write(log[1]); err == nil {
		t.Fatal("exporter wrote a damaged entry")
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "record.key")
	k1, err := LoadOrCreateKey(path, bytes.NewReader(bytes.Repeat([]byte{7}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	k2, err := LoadOrCreateKey(path, nil)
	if err != nil || !k1.Equal(k2) {
		t.Fatalf("reloaded key differs: %v", err)
	}
	os.WriteFile(path, []byte("not a key"), 0o600)
	if _, err := LoadOrCreateKey(path, nil); err == nil {
		t.Error("loaded a broken key file")
	}
}

func FuzzVerifyExport(f *testing.F) {
	key := testKey(1)
	f.Add(export(f, key, chain(f, key, 2)))
	f.Add([]byte(`{"format":"plenum-record/1","key":"AAAA"}`))
	f.Add([]byte("{\"end\":{}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := VerifyExport(bytes.NewReader(data), nil)
		if err == nil && n > 0 && !bytes.Contains(data, []byte(`"end"`)) {
			t.Fatal("verified an export without an end line")
		}
	})
}
