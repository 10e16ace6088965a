package secretballot

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// benchVoters is the size of the record the verification benchmarks check.
const benchVoters = 2048

// benchDir is the temporary directory of the record, once made.
var benchDir string

var benchRecord = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "plenum-bench-")
	if err != nil {
		return "", err
	}
	benchDir = dir
	dir = filepath.Join(dir, "record")
	c := SimulateConfig{Voters: benchVoters, Candidates: 5, Method: Plurality, Seats: 1, Trustees: 3, Threshold: 2, Seed: []byte("bench")}
	_, err = Simulate(context.Background(), dir, c)
	return dir, err
})

// BenchmarkVerifyBallots checks the ballots of a record of 5-candidate
// single-choice ballots as Verify does (decoding, credential, signature,
// batched proofs, on every core) and reports ballots per second.
func BenchmarkVerifyBallots(b *testing.B) {
	dir, err := benchRecord()
	if err != nil {
		b.Fatal(err)
	}
	v := newVerifier(0, nil)
	e, _ := readElection(b, dir)
	v.election, v.manifest = e, &e.Manifest
	v.creds = map[PublicCredential]int32{}
	_, lines := eventLines(b, dir, EventCredentials, 0)
	for i, l := range lines[1:] {
		var c PublicCredential
		decodeCanonical(l, &c)
		v.creds[c] = int32(i)
	}
	_, ballots := eventLines(b, dir, EventBallots, 0)
	ballots = ballots[1:]
	var chunks []ballotJob
	for i := 0; i < len(ballots); i += ballotChunk {
		chunks = append(chunks, ballotJob{lines: ballots[i:min(i+ballotChunk, len(ballots))]})
	}
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		parallel(0, len(chunks), func(i int) {
			if d := v.checkChunk(chunks[i]); d.err != nil {
				b.Error(d.err)
			}
		})
	}
	n := float64(len(ballots)) * float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "ballots/s")
	// On a shared machine the wall clock says little; CPU time says what
	// each core does.
	b.ReportMetric(n/(cpuTime()-cpu0).Seconds(), "ballots/cpu-s")
}

// BenchmarkEncryptBallot encrypts, proves and signs one 5-candidate
// single-choice ballot on one core.
func BenchmarkEncryptBallot(b *testing.B) {
	dir, err := benchRecord()
	if err != nil {
		b.Fatal(err)
	}
	e, _ := readElection(b, dir)
	rnd := seedStream([]byte("bench"), "encrypt", 0)
	cpu0 := cpuTime()
	for b.Loop() {
		if _, _, err := e.EncryptBallot(rnd, SecretCredential{1}, []Choice{{2}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu0).Seconds(), "ballots/cpu-s")
}

// cpuTime is the CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}
